import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { excessMtl } from './excess-mtl.js';
import { repeatedCalls, sampleFromRows, toJacobian } from './properties/index.js';
import { seededRows, type Matrix } from './test-linear-algebra.js';
import { combineRows } from './test-support.js';
import { expectClose, expectDefinedOnDegenerateInputs, expectStatefulPureAndLeakFree, runSequence } from './test-helpers.js';

/** LibMTL's ExcessMTL loop in float64: the direction of every call. */
const excessReference = (sequence: readonly Matrix[], eta: number): { direction: Float64Array; weights: number[] }[] => {
  const m = sequence[0]!.length;
  let S = sequence[0]!.map((r) => r.map(() => 0));
  let initial: number[] | null = null;
  let weights = new Array<number>(m).fill(1);
  return sequence.map((J) => {
    S = S.map((row, i) => row.map((v, k) => v + J[i]![k]! ** 2));
    const risk = J.map((row, i) => row.reduce((s, g, k) => s + (g * g) / Math.sqrt(S[i]![k]! + 1e-7), 0));
    if (initial === null) initial = risk;
    else {
      const init = initial;
      const raw = weights.map((w, i) => w * Math.exp(eta * (risk[i]! / init[i]!)));
      weights = raw.map((v) => (m * v) / raw.reduce((s, x) => s + x, 0));
    }
    return { direction: combineRows(J, weights), weights: [...weights] };
  });
};

describe('excessMtl', () => {
  it("equals LibMTL's loop in float64 over four calls (first call: the plain sum)", () => {
    const sequence = [1, 2, 3, 4].map((s) => seededRows(s + 10, 3, 4));
    for (const eta of [0.01, 2]) {
      const expected = excessReference(sequence, eta);
      const { outputs } = runSequence(excessMtl({ robustStepSize: eta }), sequence);
      outputs.forEach((out, t) => {
        expectClose(out.weights!, expected[t]!.weights, 1e-6);
        expectClose(out.direction, expected[t]!.direction, 1e-5);
      });
      expectClose(outputs[0]!.weights!, [1, 1, 1], 0);
    }
  });

  it('a task whose gradient grows relative to its start gains weight; weights keep summing to m', () => {
    const { outputs } = runSequence(excessMtl({ robustStepSize: 1 }), [[[1, 0], [0, 1]], [[3, 0], [0, 1]]]);
    const w = outputs[1]!.weights!;
    expect(w[0]).toBeGreaterThan(w[1]!);
    expect(w[0]! + w[1]!).toBeCloseTo(2, 12);
  });

  it('a zero gradient at the first call gives ratio 0, not a division by zero; huge ratios do not overflow', () => {
    const { outputs } = runSequence(excessMtl({ robustStepSize: 1 }), [[[0, 0], [1, 1]], [[5, 5], [1, 1]]]);
    expect(outputs[1]!.weights!.every(Number.isFinite)).toBe(true);
    const big = runSequence(excessMtl({ robustStepSize: 1e6 }), [[[1e-3, 0], [1, 1]], [[1e3, 0], [1, 1]]]).outputs[1]!.weights!;
    expectClose(big, [2, 0], 0, 1e-9);
  });

  it('a state for other shapes or a bad step is Left; degenerate inputs are defined; no leak, no mutation', () => {
    const { state } = runSequence(excessMtl(), [[[1, 2, 3]]]);
    const J = toJacobian(sampleFromRows([[1, 2], [3, 4]]));
    const r = excessMtl()(state, J);
    expect(E.isLeft(r) && r.left._tag).toBe('ShapeMismatch');
    expect(E.isLeft(excessMtl({ robustStepSize: -1 })(excessMtl().initial, J))).toBe(true);
    J.dispose();
    expectDefinedOnDegenerateInputs(repeatedCalls(excessMtl(), 2));
    expectStatefulPureAndLeakFree(excessMtl());
  });
});
