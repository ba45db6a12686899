import { shapeMismatch, tf, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { classLabels, shapeText } from './task-loss.js';

/**
 * Class targets for an output of shape [..., C] (classes on the last axis, as tfjs and Keras):
 * either sparse integer labels of shape [...] (int32, or float32 holding integers), or dense
 * per-class values of shape [..., C] (one-hot rows or probabilities).
 */
export type TargetKind = 'sparse' | 'dense';

export const targetKind = (output: tf.Tensor, target: tf.Tensor): TargetKind | null => {
  const lead = shapeText(output.shape.slice(0, -1));
  if (target.rank === output.rank - 1 && shapeText(target.shape) === lead) return 'sparse';
  if (shapeText(target.shape) === shapeText(output.shape)) return 'dense';
  return null;
};

/** Left unless the output has a class axis and the target is sparse labels or a dense [..., C] tensor; labels must be class indices. */
export const classTargetCheck = (name: string, output: tf.Tensor, target: tf.Tensor): E.Either<MtlError, null> => {
  if (output.rank < 1) return E.left(shapeMismatch(`${name}: the output must have a class axis (last), got a scalar.`));
  const kind = targetKind(output, target);
  if (kind === null) {
    return E.left(
      shapeMismatch(
        `${name}: the output has shape ${shapeText(output.shape)} (classes on the last axis), so the target must be labels of shape ${shapeText(output.shape.slice(0, -1))} or per-class values of shape ${shapeText(output.shape)}; got ${shapeText(target.shape)}.`,
      ),
    );
  }
  return kind === 'sparse' ? classLabels(name, target, output.shape[output.rank - 1]!) : E.right(null);
};

/** The shape-only part of `classTargetCheck` (no read of the labels), for the call path. */
export const classTargetShape = (name: string, output: tf.Tensor, target: tf.Tensor): E.Either<MtlError, null> =>
  output.rank >= 1 && targetKind(output, target) !== null ? E.right(null) : classTargetCheck(name, output, target);

/** Dense float32 targets [..., C]: one-hot of sparse labels, or the dense target as float32. */
export const denseTargets = (output: tf.Tensor, target: tf.Tensor): tf.Tensor => {
  const classes = output.shape[output.rank - 1]!;
  return targetKind(output, target) === 'sparse'
    ? tf.cast(tf.oneHot(tf.cast(target, 'int32') as tf.Tensor1D, classes), 'float32')
    : target.dtype === 'float32'
      ? target
      : tf.cast(target, 'float32');
};
