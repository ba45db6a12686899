import type { MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { finiteWeights, lossWeighting, stepLosses, type LossWeighting, type WeightingClaims } from './weighting.js';

/**
 * A weighting whose weights are a function of the current batch's losses alone (equal, fixed, GLS,
 * scale-invariant, PBI): its state is null. Each call checks, in this order, the options (`valid`,
 * checked once when the weighting is built), the losses (`tasks` values, 0 = any number ≥ 1;
 * ≥ 0 when `nonNegativeLosses`), then applies `formula` and reports a non-finite weight as a Left.
 */
export const statelessWeighting = (w: {
  readonly name: string;
  readonly claims: WeightingClaims;
  readonly valid?: E.Either<MtlError, null>;
  readonly tasks?: number;
  readonly nonNegativeLosses: boolean;
  readonly formula: (losses: Float64Array) => E.Either<MtlError, Float64Array>;
}): LossWeighting<null> =>
  lossWeighting({
    name: w.name,
    initial: null,
    claims: w.claims,
    weights: (state, input) =>
      pipe(
        w.valid ?? E.right(null),
        E.chain(() => stepLosses(w.name, input, w.tasks ?? 0, w.nonNegativeLosses)),
        E.chain(w.formula),
        E.chain((weights) => finiteWeights(w.name, weights)),
        E.map((weights) => [weights, state] as const),
      ),
  });
