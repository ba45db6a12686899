import { checkWeights, combine, gramian, invalidArgument, shapeMismatch, statefulAggregator, type StatefulAggregator, type Weighting } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';

export interface CrMogmOptions {
  /** Weight α of the previous weights in the average, in [0, 1] (default 0.9, torchjd's). */
  readonly alpha?: number;
  /** λ₀; by default the first call's fresh weights (so the first output is the wrapped weighting's). */
  readonly initialWeights?: readonly number[];
}

/** CR-MOGM's memory: the previous averaged weights (null before the first call). */
export interface CrMogmState {
  readonly lambda: Float64Array | null;
}

/**
 * CR-MOGM (Zhou, Zhang, Jiang, Zhong, Gu & Zhu, "On the Convergence of Stochastic
 * Multi-Objective Gradient Manipulation and Beyond", NeurIPS 2022): the composite weights of a
 * gradient manipulation method (MGDA, PCGrad, CAGrad, ... any Gramian `Weighting`) are
 * exponentially averaged across steps, λₜ = α λₜ₋₁ + (1 − α) λ̂ₜ, which restores convergence
 * with stochastic gradients; direction = Jᵀ λₜ. As torchjd's `CRMOGMWeighting` (α = 0.9;
 * λ₀ = `initialWeights`, or λ̂₁ when not given). The paper's schedule lets α grow towards 1 as the
 * learning rate decays; build a new wrapper with another α and pass the state on to follow it.
 * Errors of the wrapped weighting pass through.
 */
export const crMogm = (weighting: Weighting, options: CrMogmOptions = {}): StatefulAggregator<CrMogmState> => {
  const { alpha = 0.9, initialWeights } = options;
  return statefulAggregator<CrMogmState>({ lambda: null }, (state, J) => {
    if (!(alpha >= 0 && alpha <= 1)) return E.left(invalidArgument(`crMogm: alpha must be in [0, 1], got ${alpha}.`));
    const m = J.shape[0];
    const previous = state.lambda ?? (initialWeights === undefined ? null : Float64Array.from(initialWeights));
    if (previous !== null && previous.length !== m) return E.left(shapeMismatch(`crMogm: the previous weights have length ${previous.length}, the Jacobian has ${m} tasks.`));
    return E.map((fresh: Float64Array) => {
      const weights = previous === null ? Float64Array.from(fresh) : fresh.map((v, i) => alpha * previous[i]! + (1 - alpha) * v);
      return [{ direction: combine(J, weights), weights }, { lambda: weights }] as const;
    })(E.chain((w: Float64Array) => checkWeights(m, w))(weighting(gramian(J))));
  });
};
