import { tf } from '@mtlkit/core';
import { classTargetCheck, classTargetShape, denseTargets } from './class-targets.js';
import { reductionCheck } from './elementwise.js';
import { allOf, makeLoss, nonEmpty, optionCheck, reduceTo, type CheckedTaskLoss, type CheckedUnreducedLoss } from './task-loss.js';

export interface CrossEntropyOptions {
  /**
   * ε ∈ [0, 1]: the target distribution becomes (1 − ε)·y + ε/C (Szegedy et al. 2016, as
   * torch.nn.CrossEntropyLoss's `label_smoothing`). Default 0.
   */
  readonly labelSmoothing?: number;
}

/**
 * Categorical cross-entropy from logits (torch.nn.CrossEntropyLoss with classes on the last axis):
 * for logits z ∈ ℝ^C and a target distribution q, ℓ = −Σ_c q_c log softmax(z)_c, with log softmax
 * computed as z − logsumexp(z) (finite for any finite logits). The target is either sparse labels
 * [...] (one-hot q) or per-class values [..., C] (one-hot rows or probabilities), detected by its
 * shape. 'mean' (default) averages over samples, 'sum' adds, 'none' returns one value per sample
 * (shape [...]).
 */
export function crossEntropy(options?: CrossEntropyOptions & { readonly reduction?: 'mean' | 'sum' }): CheckedTaskLoss;
export function crossEntropy(options: CrossEntropyOptions & { readonly reduction: 'none' }): CheckedUnreducedLoss;
export function crossEntropy(options: CrossEntropyOptions & { readonly reduction?: 'mean' | 'sum' | 'none' } = {}): CheckedTaskLoss | CheckedUnreducedLoss {
  const name = 'crossEntropy';
  const eps = options.labelSmoothing ?? 0;
  const reduction = options.reduction ?? 'mean';
  const opts = allOf(
    () => optionCheck(Number.isFinite(eps) && eps >= 0 && eps <= 1, () => `${name}: labelSmoothing must be in [0, 1], got ${eps}.`),
    () => reductionCheck(name, reduction),
  );
  const base = (output: tf.Tensor) =>
    allOf(
      () => opts,
      () => nonEmpty(name, 'output', output),
    );
  return makeLoss(
    name,
    (o, t) => allOf(() => base(o), () => classTargetCheck(name, o, t)),
    (o, t) => allOf(() => base(o), () => classTargetShape(name, o, t)),
    (output: tf.Tensor, target: tf.Tensor) =>
      tf.tidy(() => {
        const classes = output.shape[output.rank - 1]!;
        const y = denseTargets(output, target);
        const q = eps > 0 ? tf.add(tf.mul(y, 1 - eps), eps / classes) : y;
        const perSample = tf.neg(tf.sum(tf.mul(q, tf.logSoftmax(output)), -1));
        return reduction === 'none' ? perSample : reduceTo(perSample, reduction);
      }),
  ) as CheckedTaskLoss | CheckedUnreducedLoss;
}
