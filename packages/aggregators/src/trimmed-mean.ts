import { invalidArgument, tf, type Aggregator } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';

export interface TrimmedMeanOptions {
  /** Number of largest and of smallest values dropped in each column (default 1; torchjd has no default). */
  readonly trimNumber?: number;
}

/**
 * Σ over each column of J (row-major m × d) of its entries but the t largest and t smallest, in
 * float64: a first pass keeps, per column, the row indices of the t largest (ties: the earlier
 * row) and of the t smallest (ties: the later row), which never overlap when m ≥ 2t + 1; a second
 * pass sums the other entries. Nothing is subtracted, so outliers 1e11 times larger than the kept
 * values cost no precision.
 */
const trimmedSums = (x: ArrayLike<number>, m: number, d: number, t: number): Float64Array => (t === 1 ? trimmedSumsOfOne(x, m, d) : trimmedSumsOfMany(x, m, d, t));

/** Columns processed together, so that their running extremes stay in cache across the m rows. */
const BLOCK = 2048;

/** `trimmedSums` for t = 1 (the default), without the inner lists. */
const trimmedSumsOfOne = (x: ArrayLike<number>, m: number, d: number): Float64Array => {
  const sum = new Float64Array(d);
  const top = new Float64Array(BLOCK);
  const topRow = new Int32Array(BLOCK);
  const bottom = new Float64Array(BLOCK);
  const bottomRow = new Int32Array(BLOCK);
  for (let start = 0; start < d; start += BLOCK) {
    const width = Math.min(BLOCK, d - start);
    top.fill(-Infinity);
    bottom.fill(Infinity);
    for (let i = 0; i < m; i++) {
      const row = i * d + start;
      for (let b = 0; b < width; b++) {
        const v = x[row + b]!;
        if (v > top[b]!) {
          top[b] = v;
          topRow[b] = i;
        }
        if (v <= bottom[b]!) {
          bottom[b] = v;
          bottomRow[b] = i;
        }
      }
    }
    for (let i = 0; i < m; i++) {
      const row = i * d + start;
      for (let b = 0; b < width; b++) if (i !== topRow[b] && i !== bottomRow[b]) sum[start + b] = sum[start + b]! + x[row + b]!;
    }
  }
  return sum;
};

const trimmedSumsOfMany = (x: ArrayLike<number>, m: number, d: number, t: number): Float64Array => {
  const topValue = new Float64Array(d * t).fill(-Infinity); // decreasing
  const topRow = new Int32Array(d * t).fill(-1);
  const bottomValue = new Float64Array(d * t).fill(Infinity); // increasing
  const bottomRow = new Int32Array(d * t).fill(-1);
  for (let i = 0; i < m; i++) {
    const row = i * d;
    for (let k = 0; k < d; k++) {
      const v = x[row + k]!;
      const o = k * t;
      if (v > topValue[o + t - 1]!) {
        let j = t - 1;
        for (; j > 0 && v > topValue[o + j - 1]!; j--) {
          topValue[o + j] = topValue[o + j - 1]!;
          topRow[o + j] = topRow[o + j - 1]!;
        }
        topValue[o + j] = v;
        topRow[o + j] = i;
      }
      if (v <= bottomValue[o + t - 1]!) {
        let j = t - 1;
        for (; j > 0 && v <= bottomValue[o + j - 1]!; j--) {
          bottomValue[o + j] = bottomValue[o + j - 1]!;
          bottomRow[o + j] = bottomRow[o + j - 1]!;
        }
        bottomValue[o + j] = v;
        bottomRow[o + j] = i;
      }
    }
  }
  const sum = new Float64Array(d);
  for (let i = 0; i < m; i++) {
    const row = i * d;
    for (let k = 0; k < d; k++) {
      const o = k * t;
      let dropped = false;
      for (let j = 0; j < t && !dropped; j++) dropped = topRow[o + j] === i || bottomRow[o + j] === i;
      if (!dropped) sum[k] = sum[k]! + x[row + k]!;
    }
  }
  return sum;
};

/**
 * Coordinate-wise trimmed mean (Yin, Chen, Ramchandran & Bartlett, "Byzantine-Robust Distributed
 * Learning: Towards Optimal Statistical Rates", ICML 2018: the coordinate-wise trimmed mean), as
 * torchjd's `TrimmedMean`: in every column of J drop the `trimNumber` largest and smallest entries
 * and average the m − 2·trimNumber left. Computed in float64 in JS from one read of J (a sort of
 * each column on the backend costs tens of passes). Not a weighting of the rows (weights = null).
 * Needs m ≥ 2·trimNumber + 1: otherwise Left `InvalidArgument`.
 */
export const trimmedMean =
  (options: TrimmedMeanOptions = {}): Aggregator =>
  (J) => {
    const { trimNumber = 1 } = options;
    const [m, d] = J.shape;
    if (!Number.isInteger(trimNumber) || trimNumber < 0) return E.left(invalidArgument(`trimmedMean: trimNumber must be a non-negative integer, got ${trimNumber}.`));
    if (m < 2 * trimNumber + 1) return E.left(invalidArgument(`trimmedMean with trimNumber ${trimNumber} needs at least ${2 * trimNumber + 1} tasks, got ${m}.`));
    if (trimNumber === 0) return E.right({ direction: tf.tidy(() => tf.mean(J, 0) as tf.Tensor1D), weights: null });
    const sums = trimmedSums(J.dataSync(), m, d, trimNumber);
    const kept = m - 2 * trimNumber;
    const mean = new Float32Array(d);
    for (let k = 0; k < d; k++) mean[k] = sums[k]! / kept;
    return E.right({ direction: tf.tensor1d(mean), weights: null });
  };
