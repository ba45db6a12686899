import { test } from '@fast-check/vitest';
import type { Gramian } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { combineRows, degenerateMatrixArb, gramianOf, matrixArb } from '../test-support.js';
import { fc } from '@fast-check/vitest';
import { matVec, maxAbsDiagonal, quadraticForm } from './dense.js';
import { minNormPoint, simplexQp } from './min-norm-point.js';

const solve = (G: Gramian): Float64Array => {
  const r = minNormPoint(G);
  if (E.isLeft(r)) throw new Error(r.left.message);
  return r.right;
};

/** KKT of min wᵀGw on the simplex, in units of max Gᵢᵢ: the duality gap wᵀGw − minₖ (Gw)ₖ. */
const dualityGap = (G: Gramian, w: Float64Array): number => {
  const g = matVec(G.m, G.values, w);
  const value = quadraticForm(G.m, G.values, w);
  return (value - Math.min(...g)) / Math.max(1e-300, maxAbsDiagonal(G.m, G.values));
};

/** Brute force: the smallest wᵀGw over the grid of the simplex with step 1/N. */
const gridMinimum = (G: Gramian, N: number): number => {
  const m = G.m;
  let best = Number.POSITIVE_INFINITY;
  const w = new Float64Array(m);
  const visit = (i: number, left: number): void => {
    if (i === m - 1) {
      w[i] = left / N;
      best = Math.min(best, quadraticForm(m, G.values, w));
      return;
    }
    for (let k = 0; k <= left; k++) {
      w[i] = k / N;
      visit(i + 1, left - k);
    }
  };
  visit(0, N);
  return best;
};

const onSimplex = (w: Float64Array): void => {
  expect(Math.abs(w.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
  for (const v of w) expect(v).toBeGreaterThanOrEqual(0);
};

describe('minNormPoint', () => {
  it('has the defined answers for one row and for the zero Gramian', () => {
    expect(Array.from(solve({ m: 1, values: Float64Array.of(0) }))).toEqual([1]);
    expect(Array.from(solve({ m: 3, values: new Float64Array(9) }))).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });

  it('two rows: the closed form clips to exactly 0 or 1 (no 0.999/0.001 clamp)', () => {
    // Row 0 is the nearest point of the segment: all weight on it, none left on row 1.
    expect(Array.from(solve(gramianOf([[1, 0], [2, 0]])))).toEqual([1, 0]);
    expect(Array.from(solve(gramianOf([[3, 1], [1, 0]])))).toEqual([0, 1]);
    // Identical rows: the whole segment is optimal; the symmetric answer.
    expect(Array.from(solve(gramianOf([[1, 2], [1, 2]])))).toEqual([0.5, 0.5]);
    // [-4,1,1], [6,1,1]: the nearest point is (0,1,1) at w = (0.6, 0.4).
    const w = solve(gramianOf([[-4, 1, 1], [6, 1, 1]]));
    expect(w[0]).toBeCloseTo(0.6, 15);
    expect(w[1]).toBeCloseTo(0.4, 15);
  });

  test.prop([matrixArb(2, 2, 1, 6)], { seed: 42, numRuns: 100 })('two rows: matches a brute-force search over the segment', (rows) => {
    const G = gramianOf(rows);
    const w = solve(G);
    onSimplex(w);
    const value = quadraticForm(2, G.values, w);
    const best = gridMinimum(G, 20000);
    expect(value).toBeLessThanOrEqual(best + 1e-15 * maxAbsDiagonal(2, G.values));
    // The grid is 5e-5 fine, so it cannot beat the optimum by more than ~‖g₁ − g₂‖² · 2.5e-9.
    expect(best - value).toBeLessThanOrEqual(1e-8 * maxAbsDiagonal(2, G.values));
  });

  test.prop([matrixArb(3, 4, 1, 5)], { seed: 42, numRuns: 40 })('three and four rows: never above a brute-force grid search over the simplex', (rows) => {
    const G = gramianOf(rows);
    const w = solve(G);
    onSimplex(w);
    const value = quadraticForm(G.m, G.values, w);
    const best = gridMinimum(G, G.m === 3 ? 300 : 60);
    const scale = maxAbsDiagonal(G.m, G.values);
    expect(value).toBeLessThanOrEqual(best + 1e-14 * scale);
    expect(best - value).toBeLessThanOrEqual((G.m === 3 ? 1e-4 : 2e-3) * scale);
  });

  test.prop([matrixArb(3, 12, 1, 15)], { seed: 42, numRuns: 200 })('random Gramians of any rank: KKT holds (duality gap ≤ 1e-13 relative)', (rows) => {
    const G = gramianOf(rows);
    const w = solve(G);
    onSimplex(w);
    expect(dualityGap(G, w)).toBeLessThanOrEqual(1e-13);
  });

  test.prop([degenerateMatrixArb(3, 10, 1, 8, 6)], { seed: 42, numRuns: 200 })(
    'zero rows, rows scaled over 12 orders of magnitude, m > d: KKT holds',
    (rows) => {
      const G = gramianOf(rows);
      const w = solve(G);
      onSimplex(w);
      expect(dualityGap(G, w)).toBeLessThanOrEqual(1e-13);
    },
  );

  it('duplicate and collinear rows, and a zero row (the answer is the zero row, at zero norm)', () => {
    const dup = gramianOf([[1, 2, 0], [1, 2, 0], [-1, 1, 0], [-1, 1, 0], [0.5, 0.5, 1]]);
    const w = solve(dup);
    onSimplex(w);
    expect(dualityGap(dup, w)).toBeLessThanOrEqual(1e-14);
    const withZero = gramianOf([[1, 2], [0, 0], [3, -1]]);
    expect(quadraticForm(3, withZero.values, solve(withZero))).toBe(0);
  });

  test.prop(
    [degenerateMatrixArb(2, 10, 1, 8, 3).chain((rows) => fc.tuple(fc.constant(rows), fc.array(fc.integer({ min: -300, max: 300 }).map((k) => k / 100), { minLength: rows[0]!.length, maxLength: rows[0]!.length })))],
    { seed: 42, numRuns: 200 },
  )('simplexQp(G, Jp) projects −p onto the convex hull: (x + p)ᵀ(gₖ − x) ≥ 0 for every row', ([rows, p]) => {
    const G = gramianOf(rows);
    const q = rows.map((g) => g.reduce((s, v, k) => s + v * p[k]!, 0));
    const r = simplexQp(G, q);
    if (E.isLeft(r)) throw new Error(r.left.message);
    onSimplex(r.right);
    const x = combineRows(rows, r.right);
    const residual = x.map((v, k) => v + p[k]!);
    const scale = Math.max(maxAbsDiagonal(G.m, G.values), ...p.map((v) => v * v), 1e-300);
    for (const g of rows) expect(g.reduce((s, v, k) => s + residual[k]! * (v - x[k]!), 0)).toBeGreaterThanOrEqual(-1e-12 * scale);
  });

  test.prop(
    [
      degenerateMatrixArb(3, 10, 1, 12, 3).chain((rows) =>
        fc.tuple(
          fc.constant(rows),
          fc.array(fc.integer({ min: -300, max: 300 }).map((k) => k / 100), { minLength: rows[0]!.length, maxLength: rows[0]!.length }),
          // Starts: random non-negative weights (some zero), or unusable ones (negative, all zero).
          fc.oneof(
            fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 5, noNaN: true })), { minLength: rows.length, maxLength: rows.length }),
            fc.constant(rows.map((_, i) => (i === 0 ? -1 : 1))),
            fc.constant(rows.map(() => 0)),
          ),
        ),
      ),
    ],
    { seed: 42, numRuns: 200 },
  )('a warm start gives the same optimum as the cold solve (same point Jᵀw, KKT holds)', ([rows, p, start]) => {
    const G = gramianOf(rows);
    const q = rows.map((g) => g.reduce((s, v, k) => s + v * p[k]!, 0));
    const cold = simplexQp(G, q);
    const warm = simplexQp(G, q, start);
    if (E.isLeft(cold) || E.isLeft(warm)) throw new Error('solve failed');
    onSimplex(warm.right);
    const [xc, xw] = [combineRows(rows, cold.right), combineRows(rows, warm.right)];
    const scale = Math.sqrt(Math.max(maxAbsDiagonal(G.m, G.values), ...p.map((v) => v * v), 1e-300));
    for (let k = 0; k < xc.length; k++) expect(Math.abs(xc[k]! - xw[k]!)).toBeLessThanOrEqual(1e-6 * scale);
    const objective = (w: Float64Array) => quadraticForm(G.m, G.values, w) + 2 * q.reduce((s, v, i) => s + v * w[i]!, 0);
    expect(Math.abs(objective(warm.right) - objective(cold.right))).toBeLessThanOrEqual(1e-12 * scale * scale);
  });

  it('two rows with a linear term: the closed form clips, identical rows go to the smaller q', () => {
    const G = gramianOf([[1, 0], [1, 0]]);
    const r = simplexQp(G, [0.5, -0.5]);
    expect(E.isRight(r) && Array.from(r.right)).toEqual([0, 1]);
  });
});

describe('minNormPoint at the Gramian resolution', () => {
  // Float32 Gramians of rank 1 whose min-norm point is 0 (seen in MOO-SVGD with 4 targets in 1-D):
  // rounding stalls Wolfe's iterations a hair above 0; the answer is accepted at float32 resolution.
  const stalled = [
    [0.39434533451535825, -0.6279692104219583, 0.4241786092278001, 0.39896740055753005, -0.6279692104219583, 1, -0.6754767906636401, -0.6353295570448879, 0.4241786092278001, -0.6754767906636401, 0.45626885053060356, 0.4291503457743055, 0.39896740055753005, -0.6353295570448879, 0.4291503457743055, 0.4036436397756003],
    [0.22269561679531882, -0.33554277864313925, -0.06833961659733226, -0.47190639076273255, -0.33554277864313925, 0.5055732788130706, 0.10296954228623692, 0.7110368116313687, -0.06833961659733226, 0.10296954228623692, 0.020971690349670283, 0.14481605651748053, -0.47190639076273255, 0.7110368116313687, 0.14481605651748053, 1],
  ];
  it.each(stalled.map((values, i) => [i, values] as const))('solves stalled rank-1 case %i to a point of norm ≤ float32 resolution', (_i, values) => {
    const r = minNormPoint({ m: 4, values: Float64Array.from(values) });
    expect(E.isRight(r)).toBe(true);
    const w = (r as E.Right<Float64Array>).right;
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    let value = 0;
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) value += w[i]! * values[i * 4 + j]! * w[j]!;
    expect(value).toBeLessThanOrEqual(2 ** -23);
    expect(Math.min(...w)).toBeGreaterThanOrEqual(0);
  });
});
