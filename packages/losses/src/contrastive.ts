import { tf } from '@mtlkit/core';
import { reductionCheck } from './elementwise.js';
import { embeddingLoss, marginCheck } from './pairwise.js';
import { allOf, type CheckedTaskLoss } from './task-loss.js';

export interface ContrastiveOptions {
  /** m > 0: pairs of different labels closer than m are pushed apart. Default 1. */
  readonly margin?: number;
  /** Scale embeddings to unit length first (default false). */
  readonly normalize?: boolean;
  /** 'mean' over the N(N−1)/2 pairs (default) or 'sum'. */
  readonly reduction?: 'mean' | 'sum';
}

/**
 * Contrastive loss (Hadsell, Chopra & LeCun 2006, eq. 4) over every pair i < j of a batch of
 * embeddings [N, D] with labels [N]: with Euclidean distance d,
 * ℓ_ij = ½ d² if the labels agree, ½ max(m − d, 0)² otherwise.
 */
export const contrastive = (options: ContrastiveOptions = {}): CheckedTaskLoss => {
  const name = 'contrastive';
  const margin = options.margin ?? 1;
  const reduction = options.reduction ?? 'mean';
  const opts = allOf(
    () => marginCheck(name, margin),
    () => reductionCheck(name, reduction, ['mean', 'sum']),
  );
  return embeddingLoss(name, opts, { normalize: options.normalize }, (d, { same, different }) => {
    const n = d.shape[0];
    const pull = tf.mul(tf.square(d), same);
    const push = tf.mul(tf.square(tf.relu(tf.sub(margin, d))), different);
    // Every unordered pair appears twice in the N×N matrices: ½·(sum/2) per pair.
    const total = tf.mul(tf.sum(tf.add(pull, push)), 0.25);
    return (reduction === 'sum' ? total : tf.div(total, (n * (n - 1)) / 2)) as tf.Scalar;
  });
};
