import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { checkParameterOptimizer, initParameterOptimizer, parameterStep, type ParameterOptimizer, type ParameterOptimizerState } from './parameter-optimizer.js';
import { filled, lossWeighting, optionError, stepLosses, type LossWeighting } from './weighting.js';

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
  const opt = options.optimizer ?? { optimizer: 'adam', lr: 1e-3 };
  const valid = pipe(
    optionError(name, Number.isFinite(init), `init must be finite, got ${init}.`),
    E.chain(() => checkParameterOptimizer(name, opt)),
  );
  return lossWeighting<UncertaintyState>({
    name,
    initial: { m: 0, logVar: new Float64Array(0), optimizer: initParameterOptimizer(0) },
    claims: { nonNegative: true, sum: null, permutationInvariant: true },
    weights: (state, input) =>
      pipe(
        valid,
        E.chain(() => stepLosses(name, input, state.m, true)),
        E.map((l) => {
          const s = state.m === 0 ? { m: l.length, logVar: filled(l.length, init), optimizer: initParameterOptimizer(l.length) } : state;
          const w = s.logVar.map((v) => 0.5 * Math.exp(-v));
          const grad = s.logVar.map((v, i) => 0.5 * (1 - Math.exp(-v) * l[i]!));
          const [logVar, optimizer] = parameterStep(opt, s.optimizer, s.logVar, grad);
          return [w, { m: s.m, logVar, optimizer }] as const;
        }),
      ),
  });
};
