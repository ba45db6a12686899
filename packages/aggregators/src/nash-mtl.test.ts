import { fc, test } from '@fast-check/vitest';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { nashMtl, nashMtlWeighting } from './nash-mtl.js';
import { expectClose, expectDefinedOnDegenerateInputs, expectPureAndLeakFree, run } from './test-helpers.js';
import type { Rows } from './test-helpers.js';
import { bargainable, expectSolvesBargainingSystem } from './test-bargaining.js';
import { combineRows, degenerateMatrixArb, gramianOf, jacobian } from './test-support.js';

const weightsOf = (rows: Rows, maxNorm?: number): Float64Array => {
  const w = nashMtlWeighting(maxNorm === undefined ? {} : { maxNorm })(gramianOf(rows));
  if (E.isLeft(w)) throw new Error(w.left.message);
  return w.right;
};

const norm = (a: ArrayLike<number>): number => Math.sqrt(Array.from(a).reduce((s, x) => s + x * x, 0));

describe('nashMtl', () => {
  it("gives torchjd's published value [0.0542, 0.7061, 0.7061] on [[-4,1,1],[6,1,1]]", () => {
    expectClose(run(nashMtl(), [[-4, 1, 1], [6, 1, 1]]).direction, [0.0542, 0.7061, 0.7061], 0, 5e-5);
  });

  test.prop([degenerateMatrixArb(1, 8, 1, 10, 4).filter((rows) => bargainable(rows))], { seed: 42, numRuns: 150 })(
    'solves αᵢ(Ĝα)ᵢ = 1 on Ĝ = G/‖G‖_F for every non-zero row (maxNorm 0), zero rows get 0',
    (rows) => {
      const G = gramianOf(rows);
      let fro = 0;
      for (const v of G.values) fro += v * v;
      fro = Math.sqrt(fro);
      expectSolvesBargainingSystem({ m: G.m, values: G.values.map((v) => v / fro) }, weightsOf(rows, 0), 1);
    },
  );

  test.prop([degenerateMatrixArb(2, 6, 2, 8, 3).filter((rows) => bargainable(rows)), fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 6, maxLength: 6 })], {
    seed: 42,
    numRuns: 60,
  })('caps ‖d‖ at maxNorm = 1 by rescaling α, and the capped direction does not change when rows are rescaled', (rows, ks) => {
    const capped = weightsOf(rows);
    const free = weightsOf(rows, 0);
    const d = combineRows(rows, capped);
    const dFree = combineRows(rows, free);
    if (norm(dFree) > 1) {
      expect(norm(d)).toBeCloseTo(1, 10);
      expectClose(capped, free.map((v) => v / norm(dFree)), 1e-9);
      const scaled = rows.map((r, i) => r.map((v) => v * 10 ** ks[i]!));
      const dScaled = combineRows(scaled, weightsOf(scaled));
      if (norm(dScaled) >= 1 - 1e-9) expectClose(dScaled, d, 1e-6);
    } else {
      expectClose(capped, free, 0);
    }
  });

  it('degenerate input: a zero row gets weight 0 and the others bargain; Pareto-stationary rows give zero weights', () => {
    const withZero = weightsOf([[-4, 1, 1], [0, 0, 0], [6, 1, 1]], 0);
    expect(withZero[1]).toBe(0);
    // The two live rows solve their own two-task system (Ĝ normalised by the same ‖G‖_F).
    const alone = weightsOf([[-4, 1, 1], [6, 1, 1]], 0);
    expectClose([withZero[0]!, withZero[2]!], alone, 1e-12);
    expect(Array.from(weightsOf([[1, 2, 3], [-1, -2, -3]]))).toEqual([0, 0]);
    expect(Array.from(weightsOf([[0, 0], [0, 0]]))).toEqual([0, 0]);
    expect(Array.from(weightsOf([[1, 0], [0, 1], [-1, -1]]))).toEqual([0, 0, 0]);
  });

  it('identical rows share the weight equally: αᵢ = 1/√(m‖g‖²) on Ĝ before the cap', () => {
    const alpha = weightsOf([[1, 2], [1, 2], [1, 2]], 0);
    // G = 5·11ᵀ, ‖G‖_F = 15: Ĝ = 11ᵀ/3, so αᵢ (Σⱼ αⱼ)/3 = 1 gives αᵢ = 1.
    expectClose(alpha, [1, 1, 1], 1e-12);
  });

  it('rejects a negative maxNorm; is defined on degenerate inputs, leaks nothing, does not mutate J', () => {
    const J = jacobian([[1, 0], [0, 1]]);
    const bad = nashMtl({ maxNorm: -1 })(J);
    expect(E.isLeft(bad) && bad.left.message).toMatch(/maxNorm/);
    J.dispose();
    expectDefinedOnDegenerateInputs(nashMtl());
    expectPureAndLeakFree(nashMtl());
  });
});
