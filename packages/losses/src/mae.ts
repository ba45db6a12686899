import { tf } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { elementwiseLoss } from './elementwise.js';
import { asFloat, type CheckedTaskLoss, type CheckedUnreducedLoss } from './task-loss.js';

/**
 * Mean absolute error (torch.nn.L1Loss): ℓ = |ŷ − y|, reduced as `mse`. Its gradient at ŷ = y is 0
 * (the subgradient tfjs and PyTorch both use).
 */
export function mae(options?: { readonly reduction?: 'mean' | 'sum' }): CheckedTaskLoss;
export function mae(options: { readonly reduction: 'none' }): CheckedUnreducedLoss;
export function mae(options: { readonly reduction?: 'mean' | 'sum' | 'none' } = {}): CheckedTaskLoss | CheckedUnreducedLoss {
  return elementwiseLoss('mae', (o, t) => tf.abs(tf.sub(o, asFloat(t))), options.reduction ?? 'mean', E.right(null));
}
