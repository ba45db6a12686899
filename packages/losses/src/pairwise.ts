import { invalidArgument, shapeMismatch, tf, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { allOf, makeLoss, optionCheck, shapeText, type CheckedTaskLoss } from './task-loss.js';

/**
 * Pairwise distances between the rows of an embedding matrix X [N, D]: ‖x_i − x_j‖ (or its square),
 * from ‖x_i‖² − 2 x_i·x_j + ‖x_j‖² (one matMul), clamped at 0, with an exact 0 diagonal. The
 * Euclidean distance is √max(d², 1e-16): two coinciding embeddings are 1e-8 apart and get a zero
 * gradient instead of ∞·0 = NaN (the guard of Moindrot's batch triplet loss, without its mask).
 */
export const pairwiseDistances = (x: tf.Tensor2D, squared: boolean): tf.Tensor2D =>
  tf.tidy(() => {
    const n = x.shape[0];
    const sq = tf.sum(tf.square(x), 1);
    const d2raw = tf.add(tf.sub(tf.reshape(sq, [n, 1]), tf.mul(tf.matMul(x, x, false, true), 2)), tf.reshape(sq, [1, n]));
    const offDiagonal = tf.sub(1, tf.eye(n));
    const d2 = tf.mul(tf.relu(d2raw), offDiagonal) as tf.Tensor2D;
    if (squared) return d2;
    return tf.mul(tf.sqrt(tf.maximum(d2, 1e-16)), offDiagonal) as tf.Tensor2D;
  });

/** Rows scaled to unit L2 norm (a zero row stays 0). */
export const l2Normalize = (x: tf.Tensor2D): tf.Tensor2D =>
  tf.tidy(() => tf.div(x, tf.sqrt(tf.maximum(tf.sum(tf.square(x), 1, true), 1e-24))) as tf.Tensor2D);

/** [N, N] float masks: same label (i ≠ j) and different label. */
export const labelMasks = (labels: tf.Tensor): { readonly same: tf.Tensor2D; readonly different: tf.Tensor2D } =>
  tf.tidy(() => {
    const n = labels.shape[0]!;
    const l = tf.cast(labels, 'float32');
    const eq = tf.cast(tf.equal(tf.reshape(l, [n, 1]), tf.reshape(l, [1, n])), 'float32');
    return { same: tf.mul(eq, tf.sub(1, tf.eye(n))) as tf.Tensor2D, different: tf.sub(1, eq) as tf.Tensor2D };
  });

/** Left unless the output is an [N, D] embedding matrix and the target N labels; reads the labels when `values`. */
export const embeddingCheck = (name: string, output: tf.Tensor, target: tf.Tensor, values: boolean): E.Either<MtlError, null> => {
  if (output.rank !== 2) return E.left(shapeMismatch(`${name}: the output must be embeddings of shape [N, D], got ${shapeText(output.shape)}.`));
  if (output.shape[0]! < 2 || output.shape[1]! < 1) return E.left(shapeMismatch(`${name}: needs at least 2 embeddings of dimension ≥ 1, got ${shapeText(output.shape)}.`));
  if (target.rank !== 1 || target.shape[0] !== output.shape[0]) {
    return E.left(shapeMismatch(`${name}: the target must be ${output.shape[0]} labels (shape [${output.shape[0]}]), got ${shapeText(target.shape)}.`));
  }
  if (!values) return E.right(null);
  const v = target.dataSync();
  const bad = v.findIndex((x) => !Number.isInteger(x));
  return bad >= 0 ? E.left(invalidArgument(`${name}: label ${v[bad]} at position ${bad} is not an integer class label.`)) : E.right(null);
};

/** Left unless the margin of a metric-learning loss is a finite number > 0. */
export const marginCheck = (name: string, margin: number): E.Either<MtlError, null> =>
  optionCheck(Number.isFinite(margin) && margin > 0, () => `${name}: margin must be a finite number > 0, got ${margin}.`);

/**
 * A metric-learning loss of a batch of embeddings [N, D] with integer labels [N] (`embeddingCheck`
 * after the checked `options`), computed by `compute` from the pairwise distances of the embeddings
 * (scaled to unit length first when `normalize`; squared when `squared`) and the label masks.
 */
export const embeddingLoss = (
  name: string,
  options: E.Either<MtlError, null>,
  distances: { readonly normalize?: boolean | undefined; readonly squared?: boolean | undefined },
  compute: (d: tf.Tensor2D, masks: ReturnType<typeof labelMasks>) => tf.Scalar,
): CheckedTaskLoss =>
  makeLoss(
    name,
    (o, t) => allOf(() => options, () => embeddingCheck(name, o, t, true)),
    (o, t) => allOf(() => options, () => embeddingCheck(name, o, t, false)),
    (output: tf.Tensor, target: tf.Tensor): tf.Scalar =>
      tf.tidy(() => {
        const x = distances.normalize ? l2Normalize(output as tf.Tensor2D) : (output as tf.Tensor2D);
        return compute(pairwiseDistances(x, distances.squared ?? false), labelMasks(target));
      }),
  );
