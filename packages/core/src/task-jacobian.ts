import * as tf from '@tensorflow/tfjs-core';
import * as E from 'fp-ts/lib/Either.js';
import { invalidJacobian, nonFinite, type MtlError } from './error.js';

declare const taskJacobianBrand: unique symbol;

/**
 * A validated task Jacobian: a float32 `Tensor2D` with m ≥ 1 rows (one gradient per task) and
 * d ≥ 1 columns (shared parameters), every entry finite. Only `parseJacobian` builds one, so an
 * aggregator never sees a NaN, a wrong rank or an empty matrix.
 */
export type TaskJacobian = tf.Tensor2D & { readonly [taskJacobianBrand]: true };

/** Number of tasks m and of shared parameters d. */
export const jacobianShape = (J: TaskJacobian): readonly [m: number, d: number] =>
  [J.shape[0], J.shape[1]] as const;

const describeValue = (v: number): string => (Number.isNaN(v) ? 'NaN' : v > 0 ? '+Infinity' : '-Infinity');

/** The first non-finite entry of a row-major m x d array, as a sentence; null if all are finite. */
const firstNonFinite = (values: ArrayLike<number>, d: number): string | null => {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      return `task Jacobian entry at row ${Math.floor(i / d)}, column ${i % d} is ${describeValue(v)}; every entry must be finite.`;
    }
  }
  return null;
};

/**
 * Parses a tensor into a `TaskJacobian` (parse, don't validate). The tensor is returned as is
 * (no copy): the caller keeps ownership. Rejects rank ≠ 2, dtype ≠ float32, m = 0, d = 0, and any
 * NaN/±Inf, naming the first bad row and column.
 */
export const parseJacobian = (t: tf.Tensor): E.Either<MtlError, TaskJacobian> => {
  if (t.isDisposed) return E.left(invalidJacobian('the tensor has been disposed.'));
  if (t.rank !== 2) {
    return E.left(invalidJacobian(`a task Jacobian must have rank 2 (tasks x parameters), got rank ${t.rank} with shape [${t.shape.join(', ')}].`));
  }
  const [m, d] = t.shape as [number, number];
  if (m === 0) return E.left(invalidJacobian(`a task Jacobian needs at least one task (row), got shape [${m}, ${d}].`));
  if (d === 0) return E.left(invalidJacobian(`a task Jacobian needs at least one parameter (column), got shape [${m}, ${d}].`));
  if (t.dtype !== 'float32') return E.left(invalidJacobian(`a task Jacobian must be float32, got ${t.dtype}.`));
  // sum(J ⊙ 0) is NaN exactly when some entry is NaN or infinite: one pass on the backend.
  const probe = tf.tidy(() => tf.sum(tf.mul(t, tf.scalar(0))));
  const allFinite = Number.isFinite(probe.dataSync()[0]!);
  probe.dispose();
  if (allFinite) return E.right(t as TaskJacobian);
  return E.left(nonFinite(firstNonFinite(t.dataSync(), d) ?? 'task Jacobian has a non-finite entry.'));
};
