import { solverFailed, type Weighting } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { crMogm } from './cr-mogm.js';
import { mgdaWeighting } from './mgda.js';
import { repeatedCalls, sampleFromRows, toJacobian } from './properties/index.js';
import { expectClose, expectDefinedOnDegenerateInputs, expectStatefulPureAndLeakFree, runSequence } from './test-helpers.js';

/** Weights ∝ the squared row norms (diagonal of G), normalised: an easy weighting to follow by hand. */
const byNorm: Weighting = (G) => {
  const diag = Array.from({ length: G.m }, (_, i) => G.values[i * G.m + i]!);
  const total = diag.reduce((s, v) => s + v, 0);
  return E.right(Float64Array.from(diag, (v) => (total > 0 ? v / total : 1 / G.m)));
};

const sequence = [[[1, 0], [0, 1]], [[3, 0], [0, 1]], [[1, 0], [0, 3]]];

describe('crMogm', () => {
  it('averages the weights: λ₁ = λ̂₁, λₜ = α λₜ₋₁ + (1 − α) λ̂ₜ (by hand)', () => {
    const { outputs } = runSequence(crMogm(byNorm, { alpha: 0.8 }), sequence);
    const l1 = [0.5, 0.5];
    const l2 = l1.map((v, i) => 0.8 * v + 0.2 * [0.9, 0.1][i]!);
    const l3 = l2.map((v, i) => 0.8 * v + 0.2 * [0.1, 0.9][i]!);
    [l1, l2, l3].forEach((l, t) => expectClose(outputs[t]!.weights!, l, 1e-6));
    expectClose(outputs[2]!.direction, [l3[0]!, 3 * l3[1]!], 1e-6);
  });

  it("wrapping MGDA: the first call is MGDA (torchjd's weights [0.6, 0.4] on [[-4, 1, 1], [6, 1, 1]]), later calls average", () => {
    const { outputs } = runSequence(crMogm(mgdaWeighting(), { alpha: 0.5 }), [[[-4, 1, 1], [6, 1, 1]], [[1, 0, 0], [0, 1, 0]]]);
    expectClose(outputs[0]!.weights!, [0.6, 0.4], 1e-9);
    expectClose(outputs[0]!.direction, [0, 1, 1], 0, 1e-6);
    expectClose(outputs[1]!.weights!, [0.55, 0.45], 1e-9);
  });

  it('α = 0 is the wrapped weighting; α = 1 with initial weights freezes them', () => {
    runSequence(crMogm(byNorm, { alpha: 0 }), sequence).outputs.forEach((out, t) => expectClose(out.weights!, [[0.5, 0.5], [0.9, 0.1], [0.1, 0.9]][t]!, 1e-6));
    runSequence(crMogm(byNorm, { alpha: 1, initialWeights: [0.3, 0.7] }), sequence).outputs.forEach((out) => expectClose(out.weights!, [0.3, 0.7], 0));
  });

  it("passes the wrapped weighting's errors through; rejects a bad α and weights of the wrong length", () => {
    const J = toJacobian(sampleFromRows([[1, 2], [3, 4]]));
    const failing = crMogm(() => E.left(solverFailed('did not converge.')))({ lambda: null }, J);
    expect(E.isLeft(failing) && failing.left._tag).toBe('SolverFailed');
    expect(E.isLeft(crMogm(byNorm, { alpha: 1.5 })({ lambda: null }, J))).toBe(true);
    const wrong = crMogm(byNorm, { initialWeights: [1] })({ lambda: null }, J);
    expect(E.isLeft(wrong) && wrong.left._tag).toBe('ShapeMismatch');
    J.dispose();
  });

  it('degenerate inputs are defined; no leak, no mutation', () => {
    expectDefinedOnDegenerateInputs(repeatedCalls(crMogm(byNorm), 2));
    expectStatefulPureAndLeakFree(crMogm(byNorm));
  });
});
