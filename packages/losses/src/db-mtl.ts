import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { finiteWeights, lossWeighting, maxOf, optionError, stepGradients, stepLosses, type LossWeighting } from './weighting.js';

export interface DbMtlOptions {
  /** β of the moving average (default 0.9, LibMTL `DB_beta`). */
  readonly beta?: number;
  /** σ: the average uses β/t^σ at step t (default 0, LibMTL `DB_beta_sigma`). */
  readonly betaSigma?: number;
  /** ε in log(L + ε) and in the norm ratio (default 1e-8, as the reference). */
  readonly epsilon?: number;
}

export interface DbMtlState {
  readonly m: number;
  readonly step: number;
  /** Moving average uᵢ of ‖∇_W log(Lᵢ + ε)‖. */
  readonly average: Float64Array;
}

/**
 * Dual-balancing MTL (Lin et al., "Dual-balancing for multi-task learning", 2023, §3; LibMTL
 * `DB_MTL`), in loss-weighting form. Loss-scale balancing: each task's objective is log(Lᵢ + ε),
 * whose gradient is ∇Lᵢ/(Lᵢ + ε). Gradient-magnitude balancing: every task's log-loss gradient is
 * scaled to the largest norm, αᵢ = maxⱼ uⱼ / (uᵢ + ε), where uᵢ is the moving average
 * u ← g + (β/t^σ)(u − g) (from u = 0) of gᵢ = ‖∇_W Lᵢ‖/(Lᵢ + ε) on the chosen shared layer. The
 * step back-propagates Σᵢ wᵢ Lᵢ with wᵢ = αᵢ/(Lᵢ + ε).
 * Deviation: the reference keeps the moving average of the gradient VECTORS and combines those;
 * a loss weighting can only weight the current gradients, so the average is taken of their norms
 * (identical when β = 0). If every average is 0, αᵢ = 1. Weights are non-negative. Losses ≥ 0.
 */
export const dbMtl = (options: DbMtlOptions = {}): LossWeighting<DbMtlState> => {
  const name = 'dbMtl';
  const beta = options.beta ?? 0.9;
  const sigma = options.betaSigma ?? 0;
  const eps = options.epsilon ?? 1e-8;
  const valid = pipe(
    optionError(name, Number.isFinite(beta) && beta >= 0 && beta < 1, `beta must be in [0, 1), got ${beta}.`),
    E.chain(() => optionError(name, Number.isFinite(sigma) && sigma >= 0, `betaSigma must be ≥ 0, got ${sigma}.`)),
    E.chain(() => optionError(name, Number.isFinite(eps) && eps > 0, `epsilon must be a finite number > 0, got ${eps}.`)),
  );
  return lossWeighting<DbMtlState>({
    name,
    initial: { m: 0, step: 0, average: new Float64Array(0) },
    needs: { gradients: true },
    claims: { nonNegative: true, sum: null, permutationInvariant: true },
    weights: (state, input) =>
      pipe(
        valid,
        E.chain(() => stepLosses(name, input, state.m, true)),
        E.chain((l) => pipe(stepGradients(name, input, l.length), E.map((g) => ({ l, g })))),
        E.chain(({ l, g }) => {
          const previous = state.m === 0 ? new Float64Array(l.length) : state.average;
          const step = state.step + 1;
          const b = beta / step ** sigma;
          const norms = g.norms.map((n, i) => n / (l[i]! + eps));
          const average = norms.map((v, i) => v + b * (previous[i]! - v));
          const top = maxOf(average);
          const alpha = top > 0 ? average.map((u) => top / (u + eps)) : average.map(() => 1);
          return pipe(
            finiteWeights(
              name,
              alpha.map((a, i) => a / (l[i]! + eps)),
            ),
            E.map((w) => [w, { m: l.length, step, average }] as const),
          );
        }),
      ),
  });
};
