import { tf } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { elementwiseLoss } from './elementwise.js';
import { asFloat, type CheckedTaskLoss, type CheckedUnreducedLoss } from './task-loss.js';

/**
 * Binary cross-entropy from logits (torch.nn.BCEWithLogitsLoss): for a logit x and a target
 * y ∈ [0, 1], ℓ = −y log σ(x) − (1 − y) log(1 − σ(x)) = softplus(x) − x·y, which is finite for
 * every finite x (no log of a rounded-off 0) and has gradient σ(x) − y everywhere. Reduced as
 * `mse`; output and target have the same shape.
 */
export function binaryCrossEntropy(options?: { readonly reduction?: 'mean' | 'sum' }): CheckedTaskLoss;
export function binaryCrossEntropy(options: { readonly reduction: 'none' }): CheckedUnreducedLoss;
export function binaryCrossEntropy(options: { readonly reduction?: 'mean' | 'sum' | 'none' } = {}): CheckedTaskLoss | CheckedUnreducedLoss {
  return elementwiseLoss('binaryCrossEntropy', (x, y) => tf.sub(tf.softplus(x), tf.mul(x, asFloat(y))), options.reduction ?? 'mean', E.right(null));
}
