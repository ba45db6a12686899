import { tf } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { elementwiseLoss } from './elementwise.js';
import { asFloat, type CheckedTaskLoss, type CheckedUnreducedLoss } from './task-loss.js';

/**
 * Mean squared error (torch.nn.MSELoss, the reconstruction loss of MIN2Net-style autoencoders):
 * ℓ = (ŷ − y)², averaged over every element ('mean', default), summed ('sum') or returned element
 * by element ('none'). Output and target must have the same shape.
 */
export function mse(options?: { readonly reduction?: 'mean' | 'sum' }): CheckedTaskLoss;
export function mse(options: { readonly reduction: 'none' }): CheckedUnreducedLoss;
export function mse(options: { readonly reduction?: 'mean' | 'sum' | 'none' } = {}): CheckedTaskLoss | CheckedUnreducedLoss {
  return elementwiseLoss('mse', (o, t) => tf.squaredDifference(o, asFloat(t)), options.reduction ?? 'mean', E.right(null));
}
