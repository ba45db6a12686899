import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { sampleFromRows, repeatedCalls, toJacobian } from './properties/index.js';
import { sdmGrad, sdmGradSampled, type SdmGradOptions, type SdmGradState } from './sdm-grad.js';
import { apply, crossProducts, seededRows, simplexByBisection, type Matrix } from './test-linear-algebra.js';
import { combineRows } from './test-support.js';
import { expectClose, expectDefinedOnDegenerateInputs, expectStatefulPureAndLeakFree, runSequence } from './test-helpers.js';

const J_BASE = [[-4, 1, 1], [6, 1, 1]];

/** One SDMGrad call in float64, written from LibMTL's loop (torch.optim.SGD with momentum, then projection). */
const sdmGradReference = (w0: readonly number[], J1: Matrix, J2: Matrix, J3: Matrix, o: Required<SdmGradOptions>): { w: number[]; weights: number[]; direction: Float64Array } => {
  const m = w0.length;
  const raw = crossProducts(J1, J2);
  const s = raw.reduce((t, row, i) => t + Math.sqrt(Math.max(row[i]!, 0)), 0) / m;
  const A = raw.map((row) => row.map((v) => (s > 0 ? v / s ** 2 : 0)));
  const Gg = A.map((row) => row.reduce((t, v) => t + v, 0) / m);
  let w = [...w0];
  let buf: number[] | null = null;
  for (let it = 0; it < o.iterations; it++) {
    const grad = apply(A, w).map((v, i) => v + o.lambda * Gg[i]!);
    buf = buf === null ? grad : buf.map((b, i) => o.momentum * b + grad[i]!);
    w = simplexByBisection(w.map((v, i) => v - o.learningRate * buf![i]!));
  }
  const weights = w.map((v) => (v + o.lambda / m) / (1 + o.lambda));
  return { w, weights, direction: combineRows(J3, weights) };
};

describe('sdmGrad', () => {
  it("with three independent batches equals LibMTL's loop in float64 over three calls (warm start, momentum reset per call)", () => {
    const batches = [0, 1, 2].map((t) => [seededRows(3 * t + 4, 3, 6), seededRows(3 * t + 5, 3, 6), seededRows(3 * t + 6, 3, 6)] as const);
    for (const options of [{ lambda: 0.3, iterations: 20, learningRate: 5, momentum: 0.5 }, { lambda: 0, iterations: 7, learningRate: 0.3, momentum: 0 }]) {
      const agg = sdmGradSampled(options);
      let state: SdmGradState = agg.initial;
      let w = [1 / 3, 1 / 3, 1 / 3];
      for (const [a, b, c] of batches) {
        const [first, second, update] = [a, b, c].map((rows) => toJacobian(sampleFromRows(rows)));
        const r = agg(state, { first: first!, second: second!, update: update! });
        [first, second, update].forEach((t) => t!.dispose());
        if (E.isLeft(r)) throw new Error(r.left.message);
        const expected = sdmGradReference(w, a, b, c, options);
        expectClose(r.right[0].weights!, expected.weights, 1e-5);
        // The direction may nearly cancel: compare with float32 noise relative to the rows (|entries| ≤ 2).
        expectClose(r.right[0].direction.dataSync(), expected.direction, 1e-5, 1e-6);
        r.right[0].direction.dispose();
        state = r.right[1];
        w = expected.w;
      }
    }
  });

  it('with λ = 0 and a converging inner solver, the weights are the minimum-norm point (MGDA: [0.6, 0.4])', () => {
    const { outputs } = runSequence(sdmGrad({ lambda: 0, iterations: 300, learningRate: 0.1, momentum: 0 }), [J_BASE]);
    expectClose(outputs[0]!.weights!, [0.6, 0.4], 1e-8);
  });

  it('large λ pulls the direction towards the mean gradient: weights → 1/m', () => {
    const { outputs } = runSequence(sdmGrad({ lambda: 1e6 }), [J_BASE]);
    expectClose(outputs[0]!.weights!, [0.5, 0.5], 1e-5);
  });

  it('bad options and shape changes are Left; degenerate inputs are defined; no leak, no mutation', () => {
    const J = toJacobian(sampleFromRows(J_BASE));
    expect(E.isLeft(sdmGrad({ momentum: 1 })(sdmGrad().initial, J))).toBe(true);
    expect(E.isLeft(sdmGrad({ iterations: 0 })(sdmGrad().initial, J))).toBe(true);
    const other = sdmGrad()({ w: Float64Array.of(1, 0, 0) }, J);
    expect(E.isLeft(other) && other.left._tag).toBe('ShapeMismatch');
    J.dispose();
    expectDefinedOnDegenerateInputs(repeatedCalls(sdmGrad(), 2));
    expectStatefulPureAndLeakFree(sdmGrad());
  });
});
