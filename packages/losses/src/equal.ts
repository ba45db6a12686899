import * as E from 'fp-ts/lib/Either.js';
import { statelessWeighting } from './stateless-weighting.js';
import { filled, type LossWeighting } from './weighting.js';

/** Equal weighting (LibMTL `EW`): wᵢ = 1, i.e. the loss Σᵢ Lᵢ. Stateless. */
export const equal = (): LossWeighting<null> =>
  statelessWeighting({
    name: 'equal',
    claims: { nonNegative: true, sum: 'tasks', permutationInvariant: true },
    nonNegativeLosses: false,
    formula: (l) => E.right(filled(l.length, 1)),
  });
