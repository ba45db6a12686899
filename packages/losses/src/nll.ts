import { tf } from '@mtlkit/core';
import { classTargetCheck, classTargetShape, denseTargets } from './class-targets.js';
import { reductionCheck } from './elementwise.js';
import { allOf, makeLoss, nonEmpty, reduceTo, type CheckedTaskLoss, type CheckedUnreducedLoss } from './task-loss.js';

/**
 * Negative log-likelihood of log-probabilities (torch.nn.NLLLoss with classes on the last axis):
 * the output holds log p [..., C] (e.g. a log-softmax head), and ℓ = −Σ_c y_c log p_c, i.e.
 * −log p_y for sparse labels. Targets and reductions as `crossEntropy`.
 */
export function nll(options?: { readonly reduction?: 'mean' | 'sum' }): CheckedTaskLoss;
export function nll(options: { readonly reduction: 'none' }): CheckedUnreducedLoss;
export function nll(options: { readonly reduction?: 'mean' | 'sum' | 'none' } = {}): CheckedTaskLoss | CheckedUnreducedLoss {
  const name = 'nll';
  const reduction = options.reduction ?? 'mean';
  const base = (output: tf.Tensor) =>
    allOf(
      () => reductionCheck(name, reduction),
      () => nonEmpty(name, 'output', output),
    );
  return makeLoss(
    name,
    (o, t) => allOf(() => base(o), () => classTargetCheck(name, o, t)),
    (o, t) => allOf(() => base(o), () => classTargetShape(name, o, t)),
    (output: tf.Tensor, target: tf.Tensor) =>
      tf.tidy(() => {
        const perSample = tf.neg(tf.sum(tf.mul(denseTargets(output, target), output), -1));
        return reduction === 'none' ? perSample : reduceTo(perSample, reduction);
      }),
  ) as CheckedTaskLoss | CheckedUnreducedLoss;
}
