import * as E from 'fp-ts/lib/Either.js';
import { statelessWeighting } from './stateless-weighting.js';
import { optionError, type LossWeighting } from './weighting.js';

export interface ScaleInvariantOptions {
  /** ε in log(Lᵢ + ε) (default 1e-8), so a zero loss gives a finite weight. */
  readonly epsilon?: number;
}

/**
 * Scale-invariant loss (Navon et al., Nash-MTL, ICML 2022, the "SI" baseline; seed 003's baselines):
 * the objective Σᵢ log(Lᵢ + ε) is unchanged when a loss is multiplied by a constant; its gradient is
 * Σᵢ wᵢ ∇Lᵢ with wᵢ = 1 / (Lᵢ + ε). Losses must be ≥ 0. Stateless. A weight beyond float64 (a zero
 * loss with a subnormal ε) is a Left.
 */
export const scaleInvariant = (options: ScaleInvariantOptions = {}): LossWeighting<null> => {
  const name = 'scaleInvariant';
  const eps = options.epsilon ?? 1e-8;
  return statelessWeighting({
    name,
    claims: { nonNegative: true, sum: null, permutationInvariant: true },
    valid: optionError(name, Number.isFinite(eps) && eps > 0, `epsilon must be a finite number > 0, got ${eps}.`),
    nonNegativeLosses: true,
    formula: (l) => E.right(l.map((v) => 1 / (v + eps))),
  });
};
