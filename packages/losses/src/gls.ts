import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { finiteWeights, lossWeighting, optionError, stepLosses, type LossWeighting } from './weighting.js';

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
  const valid = optionError(name, Number.isFinite(eps) && eps > 0, `epsilon must be a finite number > 0, got ${eps}.`);
  return lossWeighting({
    name,
    initial: null,
    claims: { nonNegative: true, sum: null, permutationInvariant: true },
    weights: (state, input) =>
      pipe(
        valid,
        E.chain(() => stepLosses(name, input, 0, true)),
        E.map((l) => {
          const logs = l.map((v) => Math.log(Math.max(v, eps)));
          const meanLog = logs.reduce((a, b) => a + b, 0) / l.length;
          return logs.map((v) => Math.exp(meanLog - v) / l.length);
        }),
        E.chain((w) => finiteWeights(name, w)),
        E.map((w) => [w, state] as const),
      ),
  });
};
