import { learnedWeighting } from './learned-weighting.js';
import type { ParameterOptimizer, ParameterOptimizerState } from './parameter-optimizer.js';
import type { LossWeighting } from './weighting.js';

export interface ImtlLOptions {
  /** How the scales s are learnt (default Adam, lr 1e-3). */
  readonly optimizer?: ParameterOptimizer;
}

export interface ImtlLState {
  readonly m: number;
  /** Log loss scales sᵢ (start at 0, as LibMTL `IMTL`). */
  readonly scale: Float64Array;
  readonly optimizer: ParameterOptimizerState;
}

/**
 * IMTL-L, the loss-balance half of impartial MTL (Liu et al., ICLR 2021, §3.2, eq. 3-4; the
 * `loss_scale` of LibMTL `IMTL`): each task loss becomes e^{sᵢ} Lᵢ − sᵢ with a learnable sᵢ, so a
 * step back-propagates Σᵢ wᵢ Lᵢ with wᵢ = e^{sᵢ}, and the weighting takes one optimiser step on s
 * along ∂/∂sᵢ = e^{sᵢ} Lᵢ − 1, whose fixed point e^{sᵢ} Lᵢ = 1 makes every scaled loss equal
 * (scale invariance). Weights are positive. Losses must be ≥ 0. (IMTL-G, the gradient half, is an
 * aggregator in @mtlkit/aggregators.)
 */
export const imtlL = (options: ImtlLOptions = {}): LossWeighting<ImtlLState> =>
  learnedWeighting({
    name: 'imtlL',
    key: 'scale',
    init: 0,
    optimizer: options.optimizer ?? { optimizer: 'adam', lr: 1e-3 },
    weightsOf: (s) => s.map(Math.exp),
    gradient: (s, l) => s.map((v, i) => Math.exp(v) * l[i]! - 1),
  });
