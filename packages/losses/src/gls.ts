import * as E from 'fp-ts/lib/Either.js';
import { statelessWeighting } from './stateless-weighting.js';
import { optionError, type LossWeighting } from './weighting.js';

export interface GlsOptions {
  /** Floor ε on each loss inside the logarithms (default 1e-8), so a zero loss gives a finite weight. */
  readonly epsilon?: number;
}

/**
 * Geometric loss strategy (Chennupati et al., "MultiNet++", CVPR-W 2019, eq. 2; LibMTL `GLS`): the
 * objective is the geometric mean (Πᵢ Lᵢ)^{1/T}, whose gradient is Σᵢ wᵢ ∇Lᵢ with
 * wᵢ = (Πⱼ Lⱼ)^{1/T} / (T·Lᵢ). Computed in log space, wᵢ = exp(mean_j log L̃ⱼ − log L̃ᵢ) / T with
 * L̃ = max(L, ε), so products of many small or large losses neither underflow nor overflow.
 * Losses must be ≥ 0. Stateless.
 */
export const gls = (options: GlsOptions = {}): LossWeighting<null> => {
  const name = 'gls';
  const eps = options.epsilon ?? 1e-8;
  return statelessWeighting({
    name,
    claims: { nonNegative: true, sum: null, permutationInvariant: true },
    valid: optionError(name, Number.isFinite(eps) && eps > 0, `epsilon must be a finite number > 0, got ${eps}.`),
    nonNegativeLosses: true,
    formula: (l) => {
      const logs = l.map((v) => Math.log(Math.max(v, eps)));
      const meanLog = logs.reduce((a, b) => a + b, 0) / l.length;
      return E.right(logs.map((v) => Math.exp(meanLog - v) / l.length));
    },
  });
};
