import { nonFinite, shapeMismatch, tf, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import type { GradientStats } from './weighting.js';

/**
 * The `GradientStats` a weighting needs, from each task's gradient of its UNWEIGHTED loss with
 * respect to the chosen shared parameter tensor W (one tensor per task, all of W's shape):
 * norms[i] = ‖∇_W Lᵢ‖_F and means[i] = mean of its entries. One read from the backend; the
 * gradients stay the caller's. Left on an empty list, differing shapes or a non-finite value.
 */
export const gradientStats = (perTask: readonly tf.Tensor[]): E.Either<MtlError, GradientStats> => {
  if (perTask.length === 0) return E.left(shapeMismatch('gradientStats: needs one gradient per task, got none.'));
  const shape = perTask[0]!.shape.join(',');
  const bad = perTask.findIndex((g) => g.shape.join(',') !== shape || g.size === 0);
  if (bad >= 0) return E.left(shapeMismatch(`gradientStats: the gradient of task ${bad} has shape [${perTask[bad]!.shape.join(', ')}]; every task's must have the shape [${perTask[0]!.shape.join(', ')}] of the chosen shared parameter (and be non-empty).`));
  const packed = tf.tidy(() => {
    const rows = tf.stack(perTask.map((g) => tf.reshape(tf.cast(g, 'float32'), [-1])));
    return tf.concat([tf.sum(tf.square(rows), 1), tf.mean(rows, 1)]);
  });
  const values = packed.dataSync();
  packed.dispose();
  const m = perTask.length;
  const stats = { norms: Float64Array.from(values.subarray(0, m), Math.sqrt), means: Float64Array.from(values.subarray(m)) };
  const inf = [...stats.norms, ...stats.means].findIndex((v) => !Number.isFinite(v));
  return inf >= 0 ? E.left(nonFinite(`gradientStats: the gradient of task ${inf % m} is not finite (or its squared norm overflows float32).`)) : E.right(stats);
};
