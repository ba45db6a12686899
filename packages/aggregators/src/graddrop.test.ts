import { test } from '@fast-check/vitest';
import { Key } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { graddrop, signUniforms } from './graddrop.js';
import { anyJacobians, evaluate, sampleFromRows } from './properties/index.js';
import { expectClose, expectDefinedOnDegenerateInputs, expectPureAndLeakFree, run, type Rows } from './test-helpers.js';

const key = Key.fromSeed(3);

/** GradDrop in float64 on plain rows with the same uniforms. */
const graddropOnRows = (rows: Rows, u: ArrayLike<number>, leak: readonly number[]): number[] =>
  rows[0]!.map((_, k) => {
    const sum = rows.reduce((s, r) => s + r[k]!, 0);
    const abs = rows.reduce((s, r) => s + Math.abs(r[k]!), 0);
    const p = abs === 0 ? 0.5 : 0.5 * (1 + sum / abs);
    return rows.reduce((s, r, i) => {
      const kept = (p > u[k]! && r[k]! > 0) || (p < u[k]! && r[k]! < 0) ? 1 : 0;
      return s + (leak[i]! + (1 - leak[i]!) * kept) * r[k]!;
    }, 0);
  });

describe('graddrop', () => {
  it("on torchjd's [[-4, 1, 1], [6, 1, 1]] keeps one sign of column 0 and both positive columns", () => {
    const p0 = 0.5 * (1 + 2 / 10);
    for (const seed of [0, 1, 2, 3, 4, 5]) {
      const k = Key.fromSeed(seed);
      const keepPositive = p0 > signUniforms(k, 3)[0]!;
      expectClose(run(graddrop({ key: k }), [[-4, 1, 1], [6, 1, 1]]).direction, [keepPositive ? 6 : -4, 2, 2], 0);
    }
  });

  it('keeps the positive sign with probability P (Eq. 1): 0.6 on a column [-4, 6], over 2,000 keys', () => {
    const kept = Array.from({ length: 2000 }, (_, s) => run(graddrop({ key: Key.fromSeed(s) }), [[-4], [6]]).direction[0] === 6).filter(Boolean).length;
    // Binomial(2000, 0.6): standard deviation 0.011; 4 sigma.
    expect(Math.abs(kept / 2000 - 0.6)).toBeLessThan(0.044);
  });

  test.prop([anyJacobians()], { seed: 42, numRuns: 80 })('equals the float64 computation with the same uniforms, for scalar and per-task leaks', (s) => {
    const u = signUniforms(key, s.d);
    const perTask = s.rows.map((_, i) => (i % 3) / 2);
    for (const leak of [0, 0.25, perTask]) {
      const expected = graddropOnRows(s.rows, u, typeof leak === 'number' ? s.rows.map(() => leak) : leak);
      const scale = s.rows.reduce((t, r) => t + Math.max(...r.map(Math.abs)), 0);
      expectClose(run(graddrop({ key, leak }), s.rows).direction, expected, 0, 1e-6 * scale);
    }
  });

  it('leak 1 is the plain sum; an all-zero column gives 0, never NaN', () => {
    expectClose(run(graddrop({ key, leak: 1 }), [[1, -2, 0], [3, 5, 0]]).direction, [4, 3, 0], 0);
    expectDefinedOnDegenerateInputs(graddrop({ key }));
  });

  it('a leak outside [0, 1] or of the wrong length is Left with a sentence', () => {
    const bad = evaluate(graddrop({ key, leak: 1.5 }), sampleFromRows([[1, 2]]));
    expect(E.isLeft(bad) && bad.left).toMatch(/leak 0 is 1.5; a leak must be in \[0, 1\]/);
    const wrong = evaluate(graddrop({ key, leak: [0, 0.5] }), sampleFromRows([[1, 2]]));
    expect(E.isLeft(wrong) && wrong.left).toMatch(/2 leak values for 1 tasks/);
  });

  it('leaks nothing and does not touch the input', () => expectPureAndLeakFree(graddrop({ key, leak: 0.1 })));
});
