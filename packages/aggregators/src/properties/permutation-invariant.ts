import { Key, type Aggregator } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { closeDirections, type Tolerance } from './compare.js';
import { evaluate, fails, holds, type PropertyResult } from './evaluate.js';
import { permuteRows, type JacobianSample } from './sample.js';
import { maxAbs, maxRowNorm } from './vectors.js';

export interface PermutationOptions extends Tolerance {
  /** Where the random permutations come from (default `Key.fromSeed(0)`). */
  readonly key?: Key;
  /** Number of random permutations (default 2). */
  readonly runs?: number;
}

/**
 * Permutation invariant (torchjd's `assert_permutation_invariant`): reordering the rows of J does
 * not change the direction, A(PJ) = A(J) for random permutation matrices P.
 */
export const permutationInvariant = (aggregator: Aggregator, sample: JacobianSample, options: PermutationOptions = {}): PropertyResult => {
  const { key = Key.fromSeed(0), runs = 2 } = options;
  const base = evaluate(aggregator, sample);
  if (E.isLeft(base)) return fails(base.left);
  const rho = maxRowNorm(sample.rows);
  for (let r = 0; r < runs; r++) {
    const order = Key.permutation(Key.foldIn(key, r), sample.m);
    const permuted = evaluate(aggregator, permuteRows(sample, order));
    if (E.isLeft(permuted)) return fails(permuted.left);
    const scale = Math.max(maxAbs(base.right.direction), maxAbs(permuted.right.direction));
    const verdict = closeDirections(`A(PJ) ≠ A(J) for the row order [${Array.from(order).join(', ')}]`, permuted.right.direction, base.right.direction, scale, rho, options);
    if (E.isLeft(verdict)) return verdict;
  }
  return holds;
};
