import { Key } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { lossWeighting, optionError, softmax, stepLosses, type LossWeighting } from './weighting.js';

export interface RlwOptions {
  /** The seed of the weight draws (split once per step). */
  readonly key: Key;
  /** The distribution fed to the softmax: 'normal' N(0, 1) (default, LibMTL) or 'uniform' U[0, 1). */
  readonly distribution?: 'normal' | 'uniform';
}

export interface RlwState {
  readonly key: Key;
}

/**
 * Random loss weighting (Lin et al., "Reasonable effectiveness of random weighting", TMLR 2022,
 * eq. 4; LibMTL `RLW`): each step draws z ~ N(0, I_T) and uses w = softmax(z) (positive, sum 1).
 * The draws come from a `Key` in the state, split once per step: the same key gives the same run.
 * Random weights are not permutation invariant draw by draw (only in distribution).
 */
export const rlw = (options: RlwOptions): LossWeighting<RlwState> => {
  const name = 'rlw';
  const distribution = options.distribution ?? 'normal';
  const valid = optionError(name, distribution === 'normal' || distribution === 'uniform', `distribution must be 'normal' or 'uniform', got ${JSON.stringify(distribution)}.`);
  return lossWeighting({
    name,
    initial: { key: options.key },
    claims: { nonNegative: true, sum: 'one', permutationInvariant: false },
    weights: (state, input) =>
      pipe(
        valid,
        E.chain(() => stepLosses(name, input, 0, false)),
        E.map((l) => {
          const [draw, next] = Key.split(state.key, 2) as [Key, Key];
          const z = distribution === 'normal' ? Key.normal(draw, l.length) : Key.uniform(draw, l.length);
          return [softmax(z), { key: next }] as const;
        }),
      ),
  });
};
