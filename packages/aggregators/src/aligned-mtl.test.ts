import { fc, test } from '@fast-check/vitest';
import type { Gramian } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { alignedMtl, alignedMtlWeighting, type AlignedMtlOptions } from './aligned-mtl.js';
import { casesFor } from './fixtures/test-reference.js';
import { symmetricEigen } from './solvers/symmetric-eigen.js';
import { expectClose, expectDefinedOnDegenerateInputs, expectPureAndLeakFree, run } from './test-helpers.js';
import { combineRows, FLOAT32_RTOL, gramianOf, inverseCondition, matrixArb } from './test-support.js';

/** The fixture was computed by torchjd in float64, whose `torch.finfo().eps` was then 2⁻⁵². */
const float64Convention = { rankTolerance: 2 ** -52 };

/** See imtl-g.test.ts: the near-collinear cases' smallest eigenvalue is below a float32 Gramian's resolution. */
const resolvableInFloat32 = (name: string): boolean => !name.startsWith('nearcollinear');

const weightsOf = (G: Gramian, options: AlignedMtlOptions = {}): Float64Array => {
  const w = alignedMtlWeighting(options)(G);
  if (E.isLeft(w)) throw new Error(w.left.message);
  return w.right;
};

/** The balance transformation B, column k = α for the preference eₖ. */
const balance = (G: Gramian, options: AlignedMtlOptions = {}): Float64Array => {
  const m = G.m;
  const B = new Float64Array(m * m);
  for (let k = 0; k < m; k++) {
    const e = new Float64Array(m);
    e[k] = 1;
    weightsOf(G, { ...options, prefVector: e }).forEach((v, i) => (B[i * m + k] = v));
  }
  return B;
};

const product = (m: number, A: Float64Array, B: Float64Array): Float64Array => {
  const C = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let k = 0; k < m; k++) for (let j = 0; j < m; j++) C[i * m + j] = C[i * m + j]! + A[i * m + k]! * B[k * m + j]!;
  return C;
};

describe('alignedMtl', () => {
  it("matches every reference case in float64 (weights and direction to 1e-8) at the fixture's rank tolerance", () => {
    for (const c of casesFor('alignedMtl')) {
      const w = weightsOf(gramianOf(c.J), float64Convention);
      expectClose(w, c.output.weights!, 1e-8);
      expectClose(combineRows(c.J, w), c.output.direction, 1e-8);
    }
  });

  it('matches the 12 float32-resolvable reference cases on the float32 path to 2e-6', () => {
    const cases = casesFor('alignedMtl').filter((c) => resolvableInFloat32(c.name));
    expect(cases).toHaveLength(12);
    for (const c of cases) {
      const out = run(alignedMtl(float64Convention), c.J);
      expectClose(out.direction, c.output.direction, FLOAT32_RTOL);
      expectClose(out.weights!, c.output.weights!, FLOAT32_RTOL);
    }
  });

  it('with its default rank tolerance λ_max·m·2⁻²³, the float32 path agrees with float64 on every case (2e-6)', () => {
    for (const c of casesFor('alignedMtl')) {
      const rows = c.J.map((r) => r.map(Math.fround));
      const w = weightsOf(gramianOf(rows));
      const out = run(alignedMtl(), rows);
      expectClose(out.weights!, w, FLOAT32_RTOL);
      expectClose(out.direction, combineRows(rows, w), FLOAT32_RTOL);
    }
  });

  it("gives torchjd's published value [0.2133, 0.9673, 0.9673] on [[-4,1,1],[6,1,1]]; 'ones' (paper, LibMTL) is m times it", () => {
    const rows = [[-4, 1, 1], [6, 1, 1]];
    const mean = run(alignedMtl(), rows);
    expectClose(mean.direction, [0.2133, 0.9673, 0.9673], 0, 5e-5);
    expectClose(run(alignedMtl({ prefVector: 'ones' }), rows).weights!, mean.weights!.map((v) => 2 * v), 1e-15);
  });

  test.prop([matrixArb(1, 6, 6, 10)], { seed: 42, numRuns: 60 })('the balanced gradients are orthogonal with equal norms: B G B = λ_min I (full rank)', (rows) => {
    const G = gramianOf(rows);
    fc.pre(inverseCondition(G) > 1e-6);
    const m = G.m;
    const B = balance(G, float64Convention);
    const BGB = product(m, product(m, B, G.values), B);
    const lambdaMin = BGB[0]!;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) expect(Math.abs(BGB[i * m + j]! - (i === j ? lambdaMin : 0))).toBeLessThanOrEqual(1e-8 * Math.max(...Array.from(G.values, Math.abs)));
    }
  });

  it("scale modes: 'median' and 'rmse' rescale B by √(level/λ_min) (torch's lower median)", () => {
    const rows = [[3, 0, 0, 0], [1, 2, 0, 0], [0, 1, 1, 0], [0, 0, 0.5, 0.25]];
    const G = gramianOf(rows);
    const min = weightsOf(G);
    const median = weightsOf(G, { scaleMode: 'median' });
    const rmse = weightsOf(G, { scaleMode: 'rmse' });
    const ratioMedian = median[0]! / min[0]!;
    const ratioRmse = rmse[0]! / min[0]!;
    expectClose(median, min.map((v) => v * ratioMedian), 1e-12);
    expectClose(rmse, min.map((v) => v * ratioRmse), 1e-12);
    const eig = symmetricEigen(4, G.values);
    if (E.isLeft(eig)) throw new Error(eig.left.message);
    const ascending = Array.from(eig.right.values).sort((a, b) => a - b);
    // torch.median of 4 values is the 2nd smallest; 'rmse' uses the mean eigenvalue.
    expect(ratioMedian).toBeCloseTo(Math.sqrt(ascending[1]! / ascending[0]!), 10);
    expect(ratioRmse).toBeCloseTo(Math.sqrt(ascending.reduce((a, b) => a + b, 0) / 4 / ascending[0]!), 10);
  });

  it('G = 0 gives the preference vector (B = I, as torchjd); identical rows give B = v vᵀ', () => {
    expect(Array.from(run(alignedMtl(), [[0, 0], [0, 0]]).weights!)).toEqual([0.5, 0.5]);
    const w = weightsOf(gramianOf([[1, 2], [1, 2]]), { prefVector: [1, 0] });
    expectClose(w, [0.5, 0.5], 1e-12);
  });

  it('is defined on degenerate inputs, leaks nothing and does not mutate J', () => {
    expectDefinedOnDegenerateInputs(alignedMtl());
    expectPureAndLeakFree(alignedMtl());
  });
});
