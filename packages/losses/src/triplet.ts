import { tf } from '@mtlkit/core';
import { reductionCheck } from './elementwise.js';
import { greaterMask, lessMask } from './off-tape.js';
import { embeddingLoss, marginCheck } from './pairwise.js';
import { allOf, optionCheck, type CheckedTaskLoss } from './task-loss.js';

/** Which triplets (anchor a, positive p with a's label, negative n with another label) count. */
export type TripletMining = 'batch-all' | 'batch-hard' | 'semi-hard';

export interface TripletOptions {
  /** α > 0 in max(d(a,p) − d(a,n) + α, 0). Default 1 (MIN2Net; the AlphaGrad code; MixNet Table S1 studies 0.1..100). */
  readonly margin?: number;
  /** Default 'batch-all'. */
  readonly mining?: TripletMining;
  /** Squared Euclidean distances instead of Euclidean (default false). */
  readonly squared?: boolean;
  /** Scale embeddings to unit length first (default false; pytorch-metric-learning, which the AlphaGrad code uses, does). */
  readonly normalize?: boolean;
  /** 'mean' (default) or 'sum'. */
  readonly reduction?: 'mean' | 'sum';
}

/**
 * Triplet loss on a batch of embeddings [N, D] with integer labels [N] (Schroff et al. 2015;
 * batch mining of Hermans et al. 2017, "In defense of the triplet loss"), the deep-metric-learning
 * task of MIN2Net-style EEG models: ℓ(a, p, n) = max(d(a,p) − d(a,n) + α, 0).
 * - 'batch-all': every valid triplet (a ≠ p same label, n another label); 'mean' averages over
 *   the triplets with ℓ > 1e-16 (Hermans' BA≠0, Moindrot's TF code, pytorch-metric-learning's
 *   AvgNonZeroReducer), 0 if there is none.
 * - 'batch-hard': per anchor, the farthest positive and the nearest negative; anchors without a
 *   positive or a negative are left out; 'mean' averages over the remaining anchors.
 * - 'semi-hard': the valid triplets with d(a,p) < d(a,n) < d(a,p) + α (FaceNet; the miner of
 *   the AlphaGrad reference code), averaged like 'batch-all'.
 */
export const triplet = (options: TripletOptions = {}): CheckedTaskLoss => {
  const name = 'triplet';
  const margin = options.margin ?? 1;
  const mining = options.mining ?? 'batch-all';
  const reduction = options.reduction ?? 'mean';
  const opts = allOf(
    () => marginCheck(name, margin),
    () => optionCheck(['batch-all', 'batch-hard', 'semi-hard'].includes(mining), () => `${name}: mining must be 'batch-all', 'batch-hard' or 'semi-hard', got ${JSON.stringify(mining)}.`),
    () => reductionCheck(name, reduction, ['mean', 'sum']),
  );
  return embeddingLoss(name, opts, { normalize: options.normalize, squared: options.squared }, (d, { same, different }) => {
    const n = d.shape[0];
    if (mining === 'batch-hard') {
      const hardestPositive = tf.max(tf.mul(d, same), 1);
      // Non-negatives are lifted above every distance (max + 1, so they never tie with a real
      // negative, which would split the gradient of min between the two).
      const hardestNegative = tf.min(tf.add(d, tf.mul(tf.add(tf.max(d), 1), tf.sub(1, different))), 1);
      const valid = tf.mul(tf.cast(tf.greater(tf.sum(same, 1), 0), 'float32'), tf.cast(tf.greater(tf.sum(different, 1), 0), 'float32'));
      const perAnchor = tf.mul(tf.relu(tf.add(tf.sub(hardestPositive, hardestNegative), margin)), valid);
      return reduction === 'sum' ? tf.sum(perAnchor) : tf.div(tf.sum(perAnchor), tf.maximum(tf.sum(valid), 1));
    }
    const dap = tf.reshape(d, [n, n, 1]);
    const dan = tf.reshape(d, [n, 1, n]);
    let valid = tf.mul(tf.reshape(same, [n, n, 1]), tf.reshape(different, [n, 1, n]));
    if (mining === 'semi-hard') valid = tf.mul(valid, tf.mul(greaterMask(dan, dap), lessMask(dan, tf.add(dap, margin))));
    const losses = tf.mul(tf.relu(tf.add(tf.sub(dap, dan), margin)), valid);
    if (reduction === 'sum') return tf.sum(losses);
    const positive = tf.sum(greaterMask(losses, tf.scalar(1e-16)));
    return tf.div(tf.sum(losses), tf.maximum(positive, 1));
  });
};
