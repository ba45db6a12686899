import { test } from '@fast-check/vitest';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { casesFor } from './fixtures/test-reference.js';
import { mgda, mgdaWeighting, type MgdaOptions } from './mgda.js';
import { expectClose, expectDefinedOnDegenerateInputs, expectPureAndLeakFree, run } from './test-helpers.js';
import { expectMatchesReference } from './test-reference-match.js';
import { minOverSimplexGrid } from './test-simplex-grid.js';
import { combineRows, degenerateMatrixArb, FLOAT32_RTOL, gramianOf, jacobian, matrixArb, maxAbs } from './test-support.js';
import type { Rows } from './test-helpers.js';

const weightsOf = (rows: Rows, options: MgdaOptions = {}): Float64Array => {
  const w = mgdaWeighting(options)(gramianOf(rows));
  if (E.isLeft(w)) throw new Error(w.left.message);
  return w.right;
};

const squaredNorm = (v: ArrayLike<number>): number => Array.from(v).reduce((s, x) => s + x * x, 0);

describe('mgda', () => {
  it('matches every reference case: float32 direction and weights to 2e-6 relative', () => {
    expectMatchesReference('mgda', mgda(), FLOAT32_RTOL);
  });

  it('matches every reference case in float64: weights to 1e-9 from the Gramian of the reference J', () => {
    for (const c of casesFor('mgda')) expectClose(weightsOf(c.J), c.output.weights!, 0, 1e-9);
  });

  it('gives the published value [0, 1, 1] on [[-4,1,1],[6,1,1]] with weights (0.6, 0.4)', () => {
    const out = run(mgda(), [[-4, 1, 1], [6, 1, 1]]);
    expectClose(out.direction, [0, 1, 1], 0, 1e-6);
    expectClose(out.weights!, [0.6, 0.4], 0, 1e-7);
  });

  test.prop([matrixArb(3, 3, 1, 4)], { seed: 42, numRuns: 20 })('is never beaten by a brute-force float64 grid over the simplex (m = 3, step 1/200)', (rows) => {
    const w = weightsOf(rows);
    const value = squaredNorm(combineRows(rows, w));
    const best = minOverSimplexGrid(gramianOf(rows).values, (_, quad) => quad);
    const scale = Math.max(...rows.map(squaredNorm), 1e-300);
    expect(value).toBeLessThanOrEqual(best + 1e-14 * scale);
    expect(best - value).toBeLessThanOrEqual(1e-4 * scale);
  });

  test.prop([degenerateMatrixArb(1, 8, 1, 10)], { seed: 42, numRuns: 100 })(
    'satisfies the KKT conditions (float32 path): w on the simplex and gᵢᵀd ≥ ‖d‖² for every task',
    (rows) => {
      const out = run(mgda(), rows);
      const w = out.weights!;
      expect(Math.abs(w.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
      for (const v of w) expect(v).toBeGreaterThanOrEqual(0);
      const d = combineRows(rows, w);
      const dd = squaredNorm(d);
      const scale = Math.max(...rows.map(squaredNorm));
      for (const g of rows) expect(g.reduce((s, x, k) => s + x * d[k]!, 0)).toBeGreaterThanOrEqual(dd - 1e-6 * scale);
    },
  );

  test.prop([matrixArb(2, 5, 2, 6), fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 5, maxLength: 5 })], { seed: 42, numRuns: 50 })(
    "'l2' normalisation: the direction does not change when rows are rescaled (weightsOn 'normalized')",
    (rows, ks) => {
      fc.pre(rows.every((r) => maxAbs(r) > 1e-3));
      const scaled = rows.map((r, i) => r.map((v) => Math.fround(v * 10 ** ks[i]!)));
      const a = run(mgda({ normalization: 'l2' }), rows).direction;
      // Near a Pareto-stationary point the float32 Gramian's rounding (1e-7 in ‖d‖²) moves d by
      // up to √1e-7 in units of the unit rows: compare only directions of norm ≥ 0.05.
      fc.pre(Math.sqrt(squaredNorm(a)) >= 0.05);
      const b = run(mgda({ normalization: 'l2' }), scaled).direction;
      expectClose(b, a, 1e-4);
    },
  );

  it("'raw' (Sener & Koltun) keeps γ; 'normalized' (LibMTL) divides it by the normaliser", () => {
    const rows = [[3, 0, 1], [-1, 2, 0], [0.5, 0.5, -4]];
    const norms = rows.map((r) => Math.sqrt(squaredNorm(r)));
    const raw = weightsOf(rows, { normalization: 'l2', weightsOn: 'raw' });
    const normalized = weightsOf(rows, { normalization: 'l2' });
    expectClose(normalized, raw.map((g, i) => g / norms[i]!), 1e-14);
    expect(Math.abs(raw.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-14);
    // γ is the min-norm point of the unit gradients.
    expectClose(raw, weightsOf(rows.map((r, i) => r.map((v) => v / norms[i]!))), 0, 1e-12);
    const losses = [2, 0.5, 4];
    const loss = weightsOf(rows, { normalization: 'loss', losses });
    expectClose(loss, weightsOf(rows.map((r, i) => r.map((v) => v / losses[i]!))).map((g, i) => g / losses[i]!), 1e-12);
    const lossPlus = weightsOf(rows, { normalization: 'loss+', losses, weightsOn: 'raw' });
    expectClose(lossPlus, weightsOf(rows.map((r, i) => r.map((v) => v / (losses[i]! * norms[i]!)))), 0, 1e-12);
  });

  it("rejects 'loss' normalisation without losses, with the wrong count, or a non-positive loss", () => {
    const J = jacobian([[1, 0], [0, 1]]);
    const cases: [MgdaOptions, string][] = [
      [{ normalization: 'loss' }, 'InvalidArgument'],
      [{ normalization: 'loss+', losses: [1] }, 'ShapeMismatch'],
      [{ normalization: 'loss', losses: [1, 0] }, 'InvalidArgument'],
      [{ normalization: 'loss', losses: [1, Number.POSITIVE_INFINITY] }, 'NonFinite'],
    ];
    for (const [options, tag] of cases) {
      const r = mgda(options)(J);
      expect(E.isLeft(r) && r.left._tag).toBe(tag);
    }
    J.dispose();
  });

  it('is defined on degenerate inputs (zero direction when 0 is in the hull), leaks nothing, does not mutate J', () => {
    expectDefinedOnDegenerateInputs(mgda());
    expectDefinedOnDegenerateInputs(mgda({ normalization: 'l2' }));
    expect(maxAbs(run(mgda(), [[1, 2, 3], [-1, -2, -3]]).direction)).toBe(0);
    expect(Array.from(run(mgda(), [[1, 2], [0, 0], [3, 1]]).weights!)).toEqual([0, 1, 0]);
    expectPureAndLeakFree(mgda());
  });
});
