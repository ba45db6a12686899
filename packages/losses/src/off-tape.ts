import { tf } from '@mtlkit/core';

/**
 * A function of tensors whose result autodiff treats as a constant (gradient 0 to its inputs): for
 * masks built from comparisons (`greater`, `equal`), which have no gradient in tfjs. The inner ops
 * run inside one custom-gradient kernel, off the tape, like `stop_gradient` in TF or `.detach()`.
 */
export const offTape = (f: (...xs: tf.Tensor[]) => tf.Tensor): ((...xs: tf.Tensor[]) => tf.Tensor) =>
  tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const xs = args.slice(0, -1) as tf.Tensor[];
    return { value: f(...xs), gradFunc: () => xs.map((x) => tf.zerosLike(x)) };
  }) as (...xs: tf.Tensor[]) => tf.Tensor;

/** 1 where a > b, else 0 (float32, constant for autodiff). */
export const greaterMask = offTape((a, b) => tf.cast(tf.greater(a!, b!), 'float32'));

/** 1 where a < b, else 0 (float32, constant for autodiff). */
export const lessMask = offTape((a, b) => tf.cast(tf.less(a!, b!), 'float32'));
