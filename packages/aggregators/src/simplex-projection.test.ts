import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { projectOntoSimplex } from './simplex-projection.js';

const vector = fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 8 });

describe('projectOntoSimplex', () => {
  test.prop([vector], { seed: 42, numRuns: 200 })('lands on the simplex and satisfies the optimality conditions', (y) => {
    const w = projectOntoSimplex(y);
    expect(w.every((v) => v >= 0)).toBe(true);
    expect(w.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    // KKT: y − w = θ1 − μ with μ ≥ 0 and μᵢwᵢ = 0, i.e. yᵢ − wᵢ is the same θ on the support and ≤ θ off it.
    const support = Array.from(w.keys()).filter((i) => w[i]! > 0);
    const theta = y[support[0]!]! - w[support[0]!]!;
    for (let i = 0; i < y.length; i++) {
      if (w[i]! > 0) expect(y[i]! - w[i]!).toBeCloseTo(theta, 10);
      else expect(y[i]!).toBeLessThanOrEqual(theta + 1e-10);
    }
  });

  test.prop([vector, vector], { seed: 42, numRuns: 200 })('is no farther from y than any other simplex point', (y, z) => {
    const w = projectOntoSimplex(y);
    const other = projectOntoSimplex(z.slice(0, y.length).concat(new Array(Math.max(0, y.length - z.length)).fill(0)));
    const dist = (a: ArrayLike<number>): number => Array.from(y).reduce((s, v, i) => s + (v - a[i]!) ** 2, 0);
    expect(dist(w)).toBeLessThanOrEqual(dist(other) + 1e-12);
  });

  it('keeps a point of the simplex and projects examples by hand', () => {
    expect(Array.from(projectOntoSimplex([0.2, 0.3, 0.5]))).toEqual([0.2, 0.3, 0.5]);
    expect(Array.from(projectOntoSimplex([2, 0]))).toEqual([1, 0]);
    expect(Array.from(projectOntoSimplex([0, 0]))).toEqual([0.5, 0.5]);
    expect(Array.from(projectOntoSimplex([1, 1, -5]))).toEqual([0.5, 0.5, 0]);
  });
});
