import { invalidArgument, tf, type Aggregator } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';

export interface TrimmedMeanOptions {
  /** Number of largest and of smallest values dropped in each column (default 1; torchjd has no default). */
  readonly trimNumber?: number;
}

/**
 * Coordinate-wise trimmed mean (Yin, Chen, Ramchandran & Bartlett, "Byzantine-Robust Distributed
 * Learning: Towards Optimal Statistical Rates", ICML 2018: the coordinate-wise trimmed mean), as torchjd's
 * `TrimmedMean`: in every column of J drop the `trimNumber` largest and smallest entries and
 * average the m − 2·trimNumber left. Not a weighting of the rows (weights = null). Needs
 * m ≥ 2·trimNumber + 1: otherwise Left `InvalidArgument`.
 */
export const trimmedMean =
  (options: TrimmedMeanOptions = {}): Aggregator =>
  (J) => {
    const { trimNumber = 1 } = options;
    const [m, d] = J.shape;
    if (!Number.isInteger(trimNumber) || trimNumber < 0) return E.left(invalidArgument(`trimmedMean: trimNumber must be a non-negative integer, got ${trimNumber}.`));
    if (m < 2 * trimNumber + 1) return E.left(invalidArgument(`trimmedMean with trimNumber ${trimNumber} needs at least ${2 * trimNumber + 1} tasks, got ${m}.`));
    const kept = m - 2 * trimNumber;
    const direction = tf.tidy(() => {
      if (trimNumber === 0) return tf.mean(J, 0) as tf.Tensor1D;
      // Each column sorted in decreasing order (topk over the rows of Jᵀ), then the middle block.
      const sorted = tf.topk(tf.transpose(J), m).values;
      return tf.mean(tf.slice(sorted, [0, trimNumber], [d, kept]), 1) as tf.Tensor1D;
    });
    return E.right({ direction, weights: null });
  };
