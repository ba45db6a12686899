import { combine, Key, type Aggregator, type Weighting } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { softmax } from './softmax.js';

export interface RandomOptions {
  /** The draw is a pure function of the key: pass a fresh key each step (`Key.foldIn(k, step)`). */
  readonly key: Key;
}

/** softmax(z), z ~ N(0, I_m) drawn from the key. */
const softmaxNormal = (key: Key, m: number): Float64Array => softmax(Key.normal(key, m));

/** w = softmax(z), z ~ N(0, I_m) from the key. */
export const randomWeighting =
  ({ key }: RandomOptions): Weighting =>
  (G) =>
    E.right(softmaxNormal(key, G.m));

/**
 * Random Loss Weighting (RLW; Lin et al. 2022, "Reasonable Effectiveness of Random Weighting: A
 * Litmus Test for Multi-Task Learning", TMLR; weights drawn afresh each step, here from the normal
 * distribution): w = softmax(z), z ~ N(0, I_m), d = Jᵀw. Follows LibMTL's `RLW` default (dist = 'Normal') and torchjd's `Random`.
 * The weights are on the simplex. Randomness comes only from `key`: the same key gives the same
 * weights, so a training loop passes `Key.foldIn(key, step)`. No Gramian is computed.
 */
export const random =
  ({ key }: RandomOptions): Aggregator =>
  (J) => {
    const weights = softmaxNormal(key, J.shape[0]);
    return E.right({ direction: combine(J, weights), weights });
  };
