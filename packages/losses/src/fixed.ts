import * as E from 'fp-ts/lib/Either.js';
import { statelessWeighting } from './stateless-weighting.js';
import { optionError, type LossWeighting } from './weighting.js';

/**
 * Fixed weights chosen by hand (the static baseline of the AlphaGrad paper): w = `weights`, one per
 * task, finite and ≥ 0. The weights belong to task positions, so they are not permutation
 * invariant. A wrong length or value is reported by the first call.
 */
export const fixed = (weights: readonly number[]): LossWeighting<null> => {
  const name = 'fixed';
  const w = Float64Array.from(weights);
  const bad = w.findIndex((v) => !(Number.isFinite(v) && v >= 0));
  return statelessWeighting({
    name,
    claims: { nonNegative: true, sum: null, permutationInvariant: false },
    valid: w.length === 0 ? optionError(name, false, 'needs at least one weight.') : optionError(name, bad < 0, `weight ${bad} is ${w[bad]}; weights must be finite and ≥ 0.`),
    tasks: w.length,
    nonNegativeLosses: false,
    formula: () => E.right(Float64Array.from(w)),
  });
};
