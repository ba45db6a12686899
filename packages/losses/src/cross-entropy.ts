import { tf } from '@mtlkit/core';
import { classLoss } from './class-loss.js';
import { optionCheck, type CheckedTaskLoss, type CheckedUnreducedLoss } from './task-loss.js';

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
  return classLoss(
    name,
    (output, y) => {
      const q = eps > 0 ? tf.add(tf.mul(y, 1 - eps), eps / output.shape[output.rank - 1]!) : y;
      return tf.neg(tf.sum(tf.mul(q, tf.logSoftmax(output)), -1));
    },
    options.reduction ?? 'mean',
    optionCheck(Number.isFinite(eps) && eps >= 0 && eps <= 1, () => `${name}: labelSmoothing must be in [0, 1], got ${eps}.`),
  );
}
