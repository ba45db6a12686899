import { tf } from '@mtlkit/core';
import { classLoss } from './class-loss.js';
import type { CheckedTaskLoss, CheckedUnreducedLoss } from './task-loss.js';

/**
 * Negative log-likelihood of log-probabilities (torch.nn.NLLLoss with classes on the last axis):
 * the output holds log p [..., C] (e.g. a log-softmax head), and ℓ = −Σ_c y_c log p_c, i.e.
 * −log p_y for sparse labels. Targets and reductions as `crossEntropy`.
 */
export function nll(options?: { readonly reduction?: 'mean' | 'sum' }): CheckedTaskLoss;
export function nll(options: { readonly reduction: 'none' }): CheckedUnreducedLoss;
export function nll(options: { readonly reduction?: 'mean' | 'sum' | 'none' } = {}): CheckedTaskLoss | CheckedUnreducedLoss {
  return classLoss('nll', (output, y) => tf.neg(tf.sum(tf.mul(y, output), -1)), options.reduction ?? 'mean');
}
