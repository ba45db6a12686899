import { combine, invalidArgument, shapeMismatch, statefulAggregator, type StatefulAggregator } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { crossGramian, sampledAggregator, singleSample, type SampledAggregator } from './sampled.js';
import { projectOntoSimplex } from './simplex-projection.js';

export interface MoDoOptions {
  /** Step size γ of the weight update (default 0.001, LibMTL's `MoDo_gamma`). */
  readonly gamma?: number;
  /** ℓ2 regularisation ρ of the weight update (default 0.1, LibMTL's `MoDo_rho`). */
  readonly rho?: number;
}

/** MoDo's memory: the task weights λ (null until the first call: uniform 1/m). */
export interface MoDoState {
  readonly lambda: Float64Array | null;
}

/**
 * MoDo, multi-objective gradient with double sampling (Chen, Fernando, Ying & Chen, "Three-Way
 * Trade-Off in Multi-Objective Learning: Optimization, Generalization and Conflict-Avoidance",
 * NeurIPS 2023 / JMLR 2024, the MoDo algorithm): one projected gradient step on the weights,
 *   λ ← Π_Δ(λ − γ (J₁ J₂ᵀ λ + ρ λ)),
 * then direction = J₃ᵀ λ, with J₁, J₂, J₃ the Jacobians of three independent batches
 * (`samples.first`, `.second`, `.update`). Defaults and the three-batch form follow LibMTL's
 * `MoDo` (γ = 0.001, ρ = 0.1, λ₀ = 1/m, exact simplex projection). Weights are λ (relative to
 * `update`). Not positively homogeneous: γ is an absolute step.
 */
export const moDoSampled = (options: MoDoOptions = {}): SampledAggregator<MoDoState> => {
  const { gamma = 0.001, rho = 0.1 } = options;
  return sampledAggregator<MoDoState>({ lambda: null }, (state, samples) => {
    if (!(gamma > 0) || !(rho >= 0)) return E.left(invalidArgument(`moDo: gamma must be positive and rho non-negative, got gamma ${gamma}, rho ${rho}.`));
    return E.chain((A: Float64Array) => {
      const m = samples.update.shape[0];
      if (state.lambda !== null && state.lambda.length !== m) return E.left(shapeMismatch(`moDo: the state holds ${state.lambda.length} weights, the Jacobians have ${m} tasks.`));
      const lambda = state.lambda ?? new Float64Array(m).fill(1 / m);
      const step = Float64Array.from(lambda, (l, i) => {
        let s = rho * l;
        for (let j = 0; j < m; j++) s += A[i * m + j]! * lambda[j]!;
        return l - gamma * s;
      });
      const weights = projectOntoSimplex(step);
      return E.right([{ direction: combine(samples.update, weights), weights }, { lambda: weights }] as const);
    })(crossGramian(samples));
  });
};

/**
 * MoDo on one Jacobian: `moDoSampled` with J₁ = J₂ = J₃ = J, i.e. λ ← Π_Δ(λ − γ(G + ρI)λ) with
 * G = J Jᵀ. This drops the double sampling that MoDo's convergence analysis relies on (the
 * Gramian of one batch is a biased estimate); use `moDoSampled` with independent batches for the
 * method as published.
 */
export const moDo = (options: MoDoOptions = {}): StatefulAggregator<MoDoState> => {
  const sampled = moDoSampled(options);
  return statefulAggregator(sampled.initial, (state, J) => sampled(state, singleSample(J)));
};
