import { test } from '@fast-check/vitest';
import { Key } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { random, randomWeighting } from './random.js';
import { expectClose, expectDefinedOnDegenerateInputs, expectPureAndLeakFree, run } from './test-helpers.js';
import { combineRows, FLOAT32_RTOL } from './test-support.js';

const rows = [[1, -2, 3], [0.5, 1, -1], [2, 0, 1], [-1, -1, 0.5]];

describe('random (RLW)', () => {
  test.prop([fc.integer({ min: 0, max: 2 ** 40 })], { seed: 42, numRuns: 50 })('weights are softmax(z), z ~ N(0, I) from the key, on the simplex', (seed) => {
    const key = Key.fromSeed(seed);
    const out = run(random({ key }), rows);
    const z = Key.normal(key, 4);
    const e = z.map(Math.exp);
    const total = e.reduce((a, b) => a + b, 0);
    expectClose(out.weights!, e.map((v) => v / total), 1e-15);
    expect(Math.abs(out.weights!.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-15);
    for (const w of out.weights!) expect(w).toBeGreaterThan(0);
    expectClose(out.direction, combineRows(rows, out.weights!), FLOAT32_RTOL, 1e-6);
  });

  it('is a pure function of the key: same key, same weights; other keys, other weights', () => {
    const k = Key.fromSeed(7);
    const a = run(random({ key: k }), rows).weights!;
    const b = run(random({ key: k }), rows).weights!;
    const c = run(random({ key: Key.foldIn(k, 1) }), rows).weights!;
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    const w = randomWeighting({ key: k })({ m: 4, values: new Float64Array(16) });
    expect(E.isRight(w) && Array.from(w.right)).toEqual(Array.from(a));
  });

  it('each weight averages 1/m over many keys (E[softmax(z)ᵢ] = 1/m by symmetry)', () => {
    const m = 3;
    const n = 4000;
    const means = new Float64Array(m);
    const base = Key.fromSeed(11);
    for (let s = 0; s < n; s++) {
      const w = randomWeighting({ key: Key.foldIn(base, s) })({ m, values: new Float64Array(m * m) });
      if (E.isLeft(w)) throw new Error(w.left.message);
      w.right.forEach((v, i) => (means[i] = means[i]! + v / n));
    }
    // Var(softmax(z)ᵢ) < 1/4, so the standard error of each mean is below 0.008.
    for (const v of means) expect(Math.abs(v - 1 / m)).toBeLessThan(0.03);
  });

  it('is defined on degenerate inputs, leaks nothing and does not mutate J', () => {
    expectDefinedOnDegenerateInputs(random({ key: Key.fromSeed(1) }));
    expectPureAndLeakFree(random({ key: Key.fromSeed(1) }));
  });
});
