import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { filled, lossWeighting, stepLosses, type LossWeighting } from './weighting.js';

/** Equal weighting (LibMTL `EW`): wᵢ = 1, i.e. the loss Σᵢ Lᵢ. Stateless. */
export const equal = (): LossWeighting<null> =>
  lossWeighting({
    name: 'equal',
    initial: null,
    claims: { nonNegative: true, sum: 'tasks', permutationInvariant: true },
    weights: (state, input) =>
      pipe(
        stepLosses('equal', input, 0, false),
        E.map((l) => [filled(l.length, 1), state] as const),
      ),
  });
