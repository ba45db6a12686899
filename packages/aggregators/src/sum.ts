import { combine, type Aggregator, type Weighting } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';

/** wᵢ = 1 (torchjd `SumWeighting`). */
export const sumWeighting = (): Weighting => (G) => E.right(new Float64Array(G.m).fill(1));

/**
 * Sum of the task gradients: d = Σᵢ gᵢ = Jᵀ1, the gradient of the summed losses (LibMTL's `EW`
 * with unit loss weights; torchjd's `Sum`). No Gramian is computed: one matMul.
 */
export const sum = (): Aggregator => (J) => {
  const weights = new Float64Array(J.shape[0]).fill(1);
  return E.right({ direction: combine(J, weights), weights });
};
