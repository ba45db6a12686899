import { fromWeighting, type Aggregator, type Weighting } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { bargainingWeights } from './bargaining-weights.js';
import { checkFloat32Range, checkNumber, failingWeighting } from './options.js';

export interface FairGradOptions {
  /** The α of α-fairness, > 0: 1 proportional fairness (default, LibMTL), → ∞ max–min fairness. */
  readonly alpha?: number;
}

const weighting =
  (alpha: number): Weighting =>
  (G) =>
    E.chain((w: Float64Array) => checkFloat32Range(G, w))(bargainingWeights(G, 1 / alpha));

/** The FairGrad weights: the positive solution of (G w)ᵢ = wᵢ^(−1/α). */
export const fairGradWeighting = (options: FairGradOptions = {}): Weighting =>
  E.match(failingWeighting, weighting)(checkNumber('alpha', options.alpha ?? 1, 0, true));

/**
 * FairGrad (Ban & Ji 2024, "Fair Resource Allocation in Multi-Task Learning", ICML):
 * α-fair allocation of the update among tasks, d = Jᵀw with Gw = w^(−1/α) elementwise, w > 0 (for
 * α = 1 this is Nash-MTL's system on the raw Gramian, without its normalisation or norm cap).
 * LibMTL's `FairGrad` (default α = 1) solves it with scipy's least_squares from w = 1/m; here it is
 * solved exactly (float64 Newton on the convex potential ½wᵀGw − Σ wᵢ^(1−1/α)/(1−1/α), relative
 * residual 1e-10). Degenerate input as `nashMtl`: zero rows get weight 0, Pareto-stationary rows
 * (0 in the convex hull of the unit gradients) give all-zero weights. Not scale-free for α ≠ 1:
 * rows of very different norms get weights of very different sizes, and Left `NonFinite` when
 * they leave the float32 range. The solve is checked for α ≤ 2 on rows scaled over 1e-6..1e6 and
 * for α = 5 over 1e-3..1e3; larger α on rows of very different norms spreads the weights over tens
 * of orders of magnitude and may return Left `SolverFailed`. Left `InvalidArgument` for α ≤ 0. On J = [[-4,1,1],[6,1,1]] with α = 1: d = (0.0766, 0.9985, 0.9985).
 */
export const fairGrad = (options: FairGradOptions = {}): Aggregator => fromWeighting(fairGradWeighting(options));
