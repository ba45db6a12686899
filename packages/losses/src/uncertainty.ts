import { learnedWeighting } from './learned-weighting.js';
import type { ParameterOptimizer, ParameterOptimizerState } from './parameter-optimizer.js';
import { optionError, type LossWeighting } from './weighting.js';

export interface UncertaintyOptions {
  /** Initial log σ² of every task (default −0.5, as LibMTL `UW`). */
  readonly init?: number;
  /** How log σ² is learnt (default Adam, lr 1e-3; use your model's optimiser settings to reproduce joint training). */
  readonly optimizer?: ParameterOptimizer;
}

export interface UncertaintyState {
  /** Number of tasks (0 until the first step). */
  readonly m: number;
  /** sᵢ = log σᵢ². */
  readonly logVar: Float64Array;
  readonly optimizer: ParameterOptimizerState;
}

/**
 * Homoscedastic uncertainty weighting (Kendall, Gal & Cipolla, CVPR 2018, eq. 7-8), in LibMTL's
 * form (`UW`): with learnable sᵢ = log σᵢ² the objective is Σᵢ ½ e^{−sᵢ} Lᵢ + ½ sᵢ. A step
 * back-propagates Σᵢ wᵢ Lᵢ with wᵢ = ½ e^{−sᵢ} (the ½ sᵢ term has no model gradient), and the
 * weighting takes one optimiser step on s along ∂/∂sᵢ = ½ (1 − e^{−sᵢ} Lᵢ), whose fixed point is
 * σᵢ² = Lᵢ. Weights are positive. Losses must be ≥ 0.
 */
export const uncertainty = (options: UncertaintyOptions = {}): LossWeighting<UncertaintyState> => {
  const name = 'uncertainty';
  const init = options.init ?? -0.5;
  return learnedWeighting({
    name,
    key: 'logVar',
    init,
    optimizer: options.optimizer ?? { optimizer: 'adam', lr: 1e-3 },
    valid: optionError(name, Number.isFinite(init), `init must be finite, got ${init}.`),
    weightsOf: (s) => s.map((v) => 0.5 * Math.exp(-v)),
    gradient: (s, l) => s.map((v, i) => 0.5 * (1 - Math.exp(-v) * l[i]!)),
  });
};
