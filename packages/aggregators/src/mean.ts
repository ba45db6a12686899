import { combine, type Aggregator, type Weighting } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';

/** wᵢ = 1/m (torchjd `MeanWeighting`, LibMTL `EW` up to its factor m). */
export const meanWeighting = (): Weighting => (G) => E.right(new Float64Array(G.m).fill(1 / G.m));

/**
 * Mean of the task gradients: d = (1/m) Σᵢ gᵢ = Jᵀ(1/m) — linear scalarisation with equal weights,
 * the baseline of every MTL paper (LibMTL calls it EW, which sums the losses: see `sum`). Follows
 * torchjd's `Mean`. No Gramian is computed: one matMul.
 */
export const mean = (): Aggregator => (J) => {
  const weights = new Float64Array(J.shape[0]).fill(1 / J.shape[0]);
  return E.right({ direction: combine(J, weights), weights });
};
