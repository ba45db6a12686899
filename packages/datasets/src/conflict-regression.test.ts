import { fc, test } from '@fast-check/vitest';
import { Key } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { conflictRegression } from './conflict-regression.js';
import { unwrap } from './test-files.js';

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, v, i) => s + v * b[i]!, 0);
const cosine = (a: ArrayLike<number>, b: ArrayLike<number>) => dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));

describe('conflictRegression', () => {
  test.prop([fc.double({ min: 0, max: Math.PI, noNaN: true }), fc.integer({ min: 0, max: 2 ** 31 })], { seed: 42, numRuns: 60 })('the true task weights meet at the requested angle, with the requested norms', (angle, seed) => {
    const ds = unwrap(conflictRegression({ key: Key.fromSeed(seed), angle, count: 4, scales: [1, 3] }));
    expect(cosine(ds.weights[0]!, ds.weights[1]!)).toBeCloseTo(Math.cos(angle), 12);
    expect(Math.sqrt(dot(ds.weights[1]!, ds.weights[1]!))).toBeCloseTo(3, 12);
  });

  test.prop([fc.integer({ min: 3, max: 5 }), fc.double({ min: 0, max: 1, noNaN: true })], { seed: 42, numRuns: 30 })('m tasks meet pairwise at α when cos α ≥ −1/(m−1)', (m, u) => {
    const c = -1 / (m - 1) + u * (1 + 1 / (m - 1));
    const ds = unwrap(conflictRegression({ key: Key.fromSeed(m), angle: Math.acos(c), tasks: m, inputs: m + 2, count: 2 }));
    for (let s = 0; s < m; s++) for (let t = s + 1; t < m; t++) expect(cosine(ds.weights[s]!, ds.weights[t]!)).toBeCloseTo(c, 10);
  });

  it('the sample gradients of the task MSEs at θ = 0 meet at about the requested angle', () => {
    for (const angle of [0.3, Math.PI / 2, 2.6]) {
      const ds = unwrap(conflictRegression({ key: Key.fromSeed(11), angle, count: 8192 }));
      const d = ds.inputShape[0]!;
      // ∇θ mean((θᵀx − y)²) at θ = 0 is −(2/N)·Σ x·y
      const grads = ds.targets.map((t) => Array.from({ length: d }, (_, j) => (-2 / ds.size) * Array.from({ length: ds.size }, (_, i) => ds.inputs[i * d + j]! * t.values[i]!).reduce((a, b) => a + b, 0)));
      expect(Math.abs(cosine(grads[0]!, grads[1]!) - Math.cos(angle))).toBeLessThan(0.05);
    }
  });

  it('is deterministic for a key, and rejects impossible requests', () => {
    const a = unwrap(conflictRegression({ key: Key.fromSeed(5), angle: 1, count: 10 }));
    const b = unwrap(conflictRegression({ key: Key.fromSeed(5), angle: 1, count: 10 }));
    expect(a.inputs).toEqual(b.inputs);
    expect(a.targets).toEqual(b.targets);
    expect(E.isLeft(conflictRegression({ key: Key.fromSeed(5), angle: 2.2, tasks: 3 }))).toBe(true);
    expect(E.isLeft(conflictRegression({ key: Key.fromSeed(5), angle: -0.1 }))).toBe(true);
    expect(E.isLeft(conflictRegression({ key: Key.fromSeed(5), angle: 1, inputs: 2 }))).toBe(true);
    expect(E.isLeft(conflictRegression({ key: Key.fromSeed(5), angle: 1, scales: [1] }))).toBe(true);
    expect(E.isLeft(conflictRegression({ key: Key.fromSeed(5), angle: 1, noise: -1 }))).toBe(true);
  });
});
