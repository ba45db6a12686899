import { combine, invalidArgument, shapeMismatch, statefulAggregator, type StatefulAggregator } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { crossGramian, sampledAggregator, singleSample, type SampledAggregator } from './sampled.js';
import { projectOntoSimplex } from './simplex-projection.js';

export interface SdmGradOptions {
  /** Pull λ towards the preference direction (default 0.3, LibMTL's `SDMGrad_lamda`). */
  readonly lambda?: number;
  /** Inner iterations of projected SGD on the weights per call (default 20, `SDMGrad_niter`). */
  readonly iterations?: number;
  /** Learning rate of the inner SGD (default 5, as LibMTL hard-codes it). */
  readonly learningRate?: number;
  /** Momentum of the inner SGD (default 0.5, as LibMTL). */
  readonly momentum?: number;
}

/** SDMGrad's memory: the simplex weights w the inner solver warm-starts from (null: uniform). */
export interface SdmGradState {
  readonly w: Float64Array | null;
}

/**
 * SDMGrad, stochastic direction-oriented multi-objective gradient (Xiao, Ban & Ji,
 * "Direction-oriented Multi-objective Learning: Simple and Provable Stochastic Algorithms",
 * NeurIPS 2023, Algorithm 1): stochastic projected gradient on the weights for the subproblem
 * min_{w ∈ Δ} ½ ‖Jᵀw + λ Jᵀw̃‖² (the direction kept close to the average gradient g₀ = Jᵀw̃),
 * its Gramian products estimated by double sampling. With A = J₁ J₂ᵀ scaled by 1/s², s the mean
 * of √max(Aᵢᵢ, 0), and w̃ = 1/m,
 *   repeat `iterations` times: b ← μ b + (A w + λ A w̃), w ← Π_Δ(w − η b)   (b = the first gradient at the first step)
 * then weights = (w + λ w̃)/(1 + λ) and direction = J₃ᵀ weights — LibMTL's `SDMGrad` (its SGD
 * with momentum, re-created on every call, warm start of w across calls). Differences: LibMTL's
 * 1e-8 added to s² is replaced by the explicit case s = 0 (A = 0), which keeps the method
 * positively homogeneous. Weights are on the simplex (relative to `update`).
 */
export const sdmGradSampled = (options: SdmGradOptions = {}): SampledAggregator<SdmGradState> => {
  const { lambda = 0.3, iterations = 20, learningRate = 5, momentum = 0.5 } = options;
  return sampledAggregator<SdmGradState>({ w: null }, (state, samples) => {
    if (!(lambda >= 0) || !(learningRate > 0) || !(momentum >= 0 && momentum < 1) || !Number.isInteger(iterations) || iterations < 1) {
      return E.left(invalidArgument(`sdmGrad: needs lambda ≥ 0, learningRate > 0, momentum in [0, 1) and a positive integer of iterations, got ${JSON.stringify({ lambda, learningRate, momentum, iterations })}.`));
    }
    return E.chain((raw: Float64Array) => {
      const m = samples.update.shape[0];
      if (state.w !== null && state.w.length !== m) return E.left(shapeMismatch(`sdmGrad: the state holds ${state.w.length} weights, the Jacobians have ${m} tasks.`));
      let s = 0;
      for (let i = 0; i < m; i++) s += Math.sqrt(Math.max(raw[i * m + i]!, 0));
      s /= m;
      const A = s > 0 ? raw.map((v) => v / (s * s)) : new Float64Array(m * m);
      const pull = new Float64Array(m); // λ A w̃ with w̃ = 1/m
      for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) pull[i] = pull[i]! + (lambda * A[i * m + j]!) / m;
      let w = state.w ?? new Float64Array(m).fill(1 / m);
      const buffer = new Float64Array(m);
      for (let t = 0; t < iterations; t++) {
        for (let i = 0; i < m; i++) {
          let g = pull[i]!;
          for (let j = 0; j < m; j++) g += A[i * m + j]! * w[j]!;
          buffer[i] = t === 0 ? g : momentum * buffer[i]! + g;
        }
        w = projectOntoSimplex(w.map((v, i) => v - learningRate * buffer[i]!));
      }
      const weights = w.map((v) => (v + lambda / m) / (1 + lambda));
      return E.right([{ direction: combine(samples.update, weights), weights }, { w }] as const);
    })(crossGramian(samples));
  });
};

/**
 * SDMGrad on one Jacobian: `sdmGradSampled` with the three batches equal (A = J Jᵀ). This drops
 * the double sampling of the published method; use `sdmGradSampled` with independent batches for it.
 */
export const sdmGrad = (options: SdmGradOptions = {}): StatefulAggregator<SdmGradState> => {
  const sampled = sdmGradSampled(options);
  return statefulAggregator(sampled.initial, (state, J) => sampled(state, singleSample(J)));
};
