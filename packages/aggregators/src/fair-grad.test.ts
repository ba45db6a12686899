import { fc, test } from '@fast-check/vitest';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { fairGrad, fairGradWeighting } from './fair-grad.js';
import { nashMtlWeighting } from './nash-mtl.js';
import { expectClose, expectDefinedOnDegenerateInputs, expectPureAndLeakFree, run } from './test-helpers.js';
import type { Rows } from './test-helpers.js';
import { degenerateMatrixArb, gramianOf, jacobian } from './test-support.js';
import { bargainable, expectSolvesBargainingSystem } from './test-bargaining.js';

const weightsOf = (rows: Rows, alpha?: number): Float64Array => {
  const w = fairGradWeighting(alpha === undefined ? {} : { alpha })(gramianOf(rows));
  if (E.isLeft(w)) throw new Error(w.left.message);
  return w.right;
};

describe('fairGrad', () => {
  it('α = 1 on [[-4,1,1],[6,1,1]] gives d = (0.0766, 0.9985, 0.9985)', () => {
    expectClose(run(fairGrad({ alpha: 1 }), [[-4, 1, 1], [6, 1, 1]]).direction, [0.0766, 0.9985, 0.9985], 0, 5e-5);
  });

  const solves = (rows: Rows, alpha: number): void => expectSolvesBargainingSystem(gramianOf(rows), weightsOf(rows, alpha), 1 / alpha);

  test.prop([degenerateMatrixArb(1, 8, 1, 10, 6).filter(bargainable), fc.constantFrom(0.5, 1, 2)], { seed: 42, numRuns: 150 })(
    'solves (Gw)ᵢ = wᵢ^(−1/α), w > 0, for every non-zero row (α ≤ 2, rows scaled over 1e-6..1e6), zero rows get 0',
    solves,
  );

  // Larger α spreads the weights over many more orders of magnitude (w ∝ ‖gᵢ‖^(−2α/(1+α)) for
  // orthogonal rows); α = 5 is checked on rows scaled over 1e-3..1e3.
  const rowsOverSixDecades = fc
    .tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 10 }))
    .chain(([m, d]) =>
      fc.tuple(
        fc.array(fc.array(fc.integer({ min: -64, max: 64 }), { minLength: d, maxLength: d }), { minLength: m, maxLength: m }),
        fc.array(fc.integer({ min: -3, max: 3 }), { minLength: m, maxLength: m }),
      ),
    )
    .map(([rows, ks]) => rows.map((r, i) => r.map((k) => Math.fround((k / 64) * 10 ** ks[i]!))));
  test.prop([rowsOverSixDecades.filter(bargainable)], { seed: 42, numRuns: 80 })('the same for α = 5 on rows with entries k/64 scaled over 1e-3..1e3', (rows) =>
    solves(rows, 5),
  );

  it("α = 1 is Nash-MTL's system on the raw Gramian: w = α_Nash / √‖G‖_F (Nash uncapped)", () => {
    const rows = [[1, -2, 0.5], [-1, 0.5, 2], [0.3, 1, -1]];
    const G = gramianOf(rows);
    const fro = Math.sqrt(G.values.reduce((s, v) => s + v * v, 0));
    const nash = nashMtlWeighting({ maxNorm: 0 })(G);
    if (E.isLeft(nash)) throw new Error(nash.left.message);
    expectClose(weightsOf(rows), nash.right.map((v) => v / Math.sqrt(fro)), 1e-12);
  });

  it('rejects α ≤ 0; is defined on degenerate inputs (zero weights when Pareto-stationary), leaks nothing', () => {
    const J = jacobian([[1, 0], [0, 1]]);
    for (const alpha of [0, -1, Number.NaN]) {
      const r = fairGrad({ alpha })(J);
      expect(E.isLeft(r) && r.left._tag).toBe('InvalidArgument');
    }
    J.dispose();
    expect(Array.from(weightsOf([[1, 2], [-2, -4]]))).toEqual([0, 0]);
    // α = 5 with rows 1e14 apart: the tiny row's weight (≈ 1e40) would overflow the float32 direction.
    const huge = fairGradWeighting({ alpha: 5 })(gramianOf([[-1e-24, 0], [-1.448e-10, 0]]));
    expect(E.isLeft(huge) && huge.left._tag).toBe('NonFinite');
    expectDefinedOnDegenerateInputs(fairGrad());
    expectDefinedOnDegenerateInputs(fairGrad({ alpha: 3 }));
    expectPureAndLeakFree(fairGrad());
  });
});
