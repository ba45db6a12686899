import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { checkParameterOptimizer, initParameterOptimizer, parameterStep, type ParameterOptimizer, type ParameterOptimizerState } from './parameter-optimizer.js';
import { lossWeighting, stepLosses, type LossWeighting } from './weighting.js';

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
export const imtlL = (options: ImtlLOptions = {}): LossWeighting<ImtlLState> => {
  const name = 'imtlL';
  const opt = options.optimizer ?? { optimizer: 'adam', lr: 1e-3 };
  const valid = checkParameterOptimizer(name, opt);
  return lossWeighting<ImtlLState>({
    name,
    initial: { m: 0, scale: new Float64Array(0), optimizer: initParameterOptimizer(0) },
    claims: { nonNegative: true, sum: null, permutationInvariant: true },
    weights: (state, input) =>
      pipe(
        valid,
        E.chain(() => stepLosses(name, input, state.m, true)),
        E.map((l) => {
          const s = state.m === 0 ? { m: l.length, scale: new Float64Array(l.length), optimizer: initParameterOptimizer(l.length) } : state;
          const w = s.scale.map(Math.exp);
          const grad = w.map((e, i) => e * l[i]! - 1);
          const [scale, optimizer] = parameterStep(opt, s.optimizer, s.scale, grad);
          return [w, { m: s.m, scale, optimizer }] as const;
        }),
      ),
  });
};
