import { fc, test } from '@fast-check/vitest';
import type { Gramian } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { gramianOf, matrixArb, maxAbsDiff, projectionByEnumeration } from '../test-support.js';
import { matVec, maxAbsDiagonal, quadraticForm } from './dense.js';
import { projectWeights } from './dual-cone.js';

/** torchjd's preprocessing: G / trace(G) (zero if the trace is below 1e-4), plus 1e-4 I. */
const regularised = (G: Gramian): Gramian => {
  const m = G.m;
  let tr = 0;
  for (let i = 0; i < m; i++) tr += G.values[i * m + i]!;
  const values = Float64Array.from(G.values, (v) => (tr < 1e-4 ? 0 : v / tr));
  for (let i = 0; i < m; i++) values[i * m + i] = values[i * m + i]! + 1e-4;
  return { m, values };
};

const project = (G: Gramian, u: ArrayLike<number>): Float64Array => {
  const r = projectWeights(G, u);
  if (E.isLeft(r)) throw new Error(r.left.message);
  return r.right;
};

/** KKT of min vᵀGv s.t. v ≥ u: feasibility, Gv ≥ 0, complementarity; worst violation, relative. */
const kktViolation = (G: Gramian, u: ArrayLike<number>, v: Float64Array): number => {
  const s = Math.max(...Array.from(v, Math.abs), ...Array.from(u as number[], Math.abs));
  const diag = maxAbsDiagonal(G.m, G.values);
  if (s === 0 || diag === 0) return 0;
  const un = Array.from(u as number[], (x) => x / s);
  const vn = v.map((x) => x / s);
  const gv = matVec(G.m, G.values, vn).map((x) => x / diag);
  let worst = 0;
  for (let i = 0; i < G.m; i++) worst = Math.max(worst, un[i]! - vn[i]!, -gv[i]!, Math.abs(gv[i]!) * (vn[i]! - un[i]!));
  return worst;
};

const weightsArb = (m: number) => fc.array(fc.integer({ min: -1000, max: 1000 }).map((k) => k / 1000), { minLength: m, maxLength: m });

describe('projectWeights', () => {
  test.prop([matrixArb(1, 10, 1, 12).chain((rows) => fc.tuple(fc.constant(rows), weightsArb(rows.length)))], { seed: 42, numRuns: 200 })(
    'KKT holds on regularised Gramians of any rank, for any u',
    ([rows, u]) => {
      const G = regularised(gramianOf(rows));
      const v = project(G, u);
      expect(kktViolation(G, u, v)).toBeLessThan(1e-12);
    },
  );

  test.prop([matrixArb(1, 6, 1, 8).chain((rows) => fc.tuple(fc.constant(rows), weightsArb(rows.length)))], { seed: 42, numRuns: 100 })(
    'matches a brute-force enumeration of the tight sets',
    ([rows, u]) => {
      const G = regularised(gramianOf(rows));
      const v = project(G, u);
      const best = quadraticForm(G.m, G.values, projectionByEnumeration(G, u));
      const value = quadraticForm(G.m, G.values, v);
      expect(Math.abs(value - best)).toBeLessThanOrEqual(1e-12 * Math.max(1e-12, best));
    },
  );

  it('leaves a vector already in the dual cone unchanged', () => {
    // Rows (1,0) and (1,1): u = (1, 1) gives Jᵀu = (2, 1), which has a positive inner product with both.
    const G = gramianOf([[1, 0], [1, 1]]);
    expect(Array.from(project(G, [1, 1]))).toEqual([1, 1]);
  });

  it('the zero Gramian regularised to εI projects u onto the non-negative orthant', () => {
    const G = regularised({ m: 3, values: new Float64Array(9) });
    expect(maxAbsDiff(project(G, [0.5, -0.25, 0]), [0.5, 0, 0])).toBe(0);
  });

  it('two opposite rows: the projection of (1/2, 0) moves weight to the second row until the conflict vanishes', () => {
    // J = [[1, 0], [-1, 1]]: Jᵀu = (1/2, 0) conflicts with row 2; v = (1/2, v₂) with (Gv)₂ = 0.
    const G = gramianOf([[1, 0], [-1, 1]]);
    const v = project(G, [0.5, 0]);
    expect(v[0]).toBe(0.5);
    expect(v[1]).toBeCloseTo(0.25, 15);
  });

  it('a rank-deficient Gramian without regularisation: a correct answer or Left SolverFailed, never a wrong one', () => {
    const cases: [number[][], number[]][] = [
      [[[1, 0], [1, 0], [0, 1]], [1, -1, 0]],
      [[[1, 2], [2, 4], [-1, -2]], [0.2, 0.3, 0.5]],
      [[[0, 0], [1, 0]], [1, 1]],
    ];
    for (const [rows, u] of cases) {
      const G = gramianOf(rows);
      const r = projectWeights(G, u);
      if (E.isRight(r)) expect(kktViolation(G, u, r.right)).toBeLessThan(1e-12);
      else expect(r.left._tag).toBe('SolverFailed');
    }
  });
});
