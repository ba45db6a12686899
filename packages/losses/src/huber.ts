import { tf } from '@mtlkit/core';
import { elementwiseLoss } from './elementwise.js';
import { asFloat, optionCheck, type CheckedTaskLoss, type CheckedUnreducedLoss } from './task-loss.js';

export interface HuberOptions {
  /** δ > 0, where the loss turns from quadratic to linear (default 1, as torch.nn.HuberLoss). */
  readonly delta?: number;
}

/**
 * Huber loss (Huber 1964; torch.nn.HuberLoss): with r = ŷ − y,
 * ℓ = ½ r² if |r| ≤ δ, else δ (|r| − ½ δ). Reduced as `mse`. Computed as ½ q² + δ (|r| − q) with
 * q = min(|r|, δ), which is the same function and has the exact gradient on both sides.
 */
export function huber(options?: HuberOptions & { readonly reduction?: 'mean' | 'sum' }): CheckedTaskLoss;
export function huber(options: HuberOptions & { readonly reduction: 'none' }): CheckedUnreducedLoss;
export function huber(options: HuberOptions & { readonly reduction?: 'mean' | 'sum' | 'none' } = {}): CheckedTaskLoss | CheckedUnreducedLoss {
  const delta = options.delta ?? 1;
  return elementwiseLoss(
    'huber',
    (o, t) => {
      const a = tf.abs(tf.sub(o, asFloat(t)));
      const q = tf.minimum(a, delta);
      return tf.add(tf.mul(tf.square(q), 0.5), tf.mul(tf.sub(a, q), delta));
    },
    options.reduction ?? 'mean',
    optionCheck(Number.isFinite(delta) && delta > 0, () => `huber: delta must be a finite number > 0, got ${delta}.`),
  );
}
