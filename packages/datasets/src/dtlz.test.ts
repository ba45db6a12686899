import { fc, test } from '@fast-check/vitest';
import { Key, leakedTensors, tf } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { dtlz } from './dtlz.js';
import { unwrap } from './test-files.js';

const sumOf = (f: Float64Array, power: number) => f.reduce((s, v) => s + v ** power, 0);

describe('DTLZ', () => {
  test.prop([fc.integer({ min: 2, max: 6 }), fc.integer({ min: 0, max: 2 ** 31 })], { seed: 42, numRuns: 40 })("DTLZ2's front lies on the unit sphere, DTLZ1's on the simplex Σf = ½", (M, seed) => {
    for (const f of unwrap(unwrap(dtlz(2, { objectives: M })).sampleParetoFront(Key.fromSeed(seed), 10))) {
      expect(f).toHaveLength(M);
      expect(sumOf(f, 2)).toBeCloseTo(1, 12);
      expect(f.every((v) => v >= 0)).toBe(true);
    }
    for (const f of unwrap(unwrap(dtlz(1, { objectives: M })).sampleParetoFront(Key.fromSeed(seed), 10))) expect(sumOf(f, 1)).toBeCloseTo(0.5, 12);
  });

  test.prop([fc.constantFrom<1 | 2>(1, 2), fc.integer({ min: 2, max: 5 }), fc.integer({ min: 0, max: 2 ** 31 })], { seed: 42, numRuns: 40 })(
    'off the Pareto set the objectives are scaled up by (1 + g) > 1',
    (which, M, seed) => {
      const p = unwrap(dtlz(which, { objectives: M }));
      const x = Key.uniform(Key.fromSeed(seed), p.variables);
      const f = unwrap(p.evaluate(x));
      if (which === 2) expect(Math.sqrt(sumOf(f, 2))).toBeGreaterThanOrEqual(1);
      else expect(sumOf(f, 1)).toBeGreaterThanOrEqual(0.5);
    },
  );

  it('matches a hand computation for M = 2 (DTLZ2 is a quarter circle)', () => {
    const p = unwrap(dtlz(2, { objectives: 2, k: 1 }));
    const f = unwrap(p.evaluate([1 / 3, 0.5]));
    expect(f[0]).toBeCloseTo(Math.cos(Math.PI / 6), 14);
    expect(f[1]).toBeCloseTo(Math.sin(Math.PI / 6), 14);
    const q = unwrap(dtlz(1, { objectives: 3, k: 1 }));
    const g = unwrap(q.evaluate([0.2, 0.4, 0.5]));
    // g = 100(1 + 0 − cos 0) = 0 at x₃ = ½: f = ½(x₁x₂, x₁(1 − x₂), 1 − x₁)
    expect(Array.from(g).map((v) => +v.toFixed(12))).toEqual([0.04, 0.06, 0.4]);
  });

  test.prop([fc.constantFrom<1 | 2>(1, 2), fc.integer({ min: 0, max: 2 ** 31 })], { seed: 42, numRuns: 20 })('tensor objectives equal the float64 ones', (which, seed) => {
    const p = unwrap(dtlz(which, { objectives: 3 }));
    const u = Array.from(Key.uniform(Key.fromSeed(seed), 2 * p.variables));
    const x = tf.tensor2d(u, [2, p.variables]);
    const f = p.objectivesTensor(x);
    const got = f.arraySync();
    tf.dispose([x, f]);
    for (let r = 0; r < 2; r++) {
      const ref = unwrap(p.evaluate(u.slice(r * p.variables, (r + 1) * p.variables)));
      ref.forEach((v, j) => expect(Math.abs(got[r]![j]! - v)).toBeLessThan(1e-4 * Math.max(1, Math.abs(v))));
    }
  });

  it('leaks no tensor and rejects bad options', () => {
    const p = unwrap(dtlz(2));
    const x = tf.fill([3, p.variables], 0.4) as tf.Tensor2D;
    expect(leakedTensors(() => p.objectivesTensor(x))).toBe(0);
    x.dispose();
    expect(p.variables).toBe(12);
    expect(unwrap(dtlz(1)).variables).toBe(7);
    expect(E.isLeft(dtlz(2, { objectives: 1 }))).toBe(true);
    expect(E.isLeft(dtlz(1, { k: 0 }))).toBe(true);
    expect(E.isLeft(dtlz(3 as 1))).toBe(true);
  });
});
