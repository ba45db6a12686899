import { tf } from '@mtlkit/core';

export type Activation = 'relu' | 'tanh' | 'linear';

export const activate = (kind: Activation, x: tf.Tensor): tf.Tensor =>
  kind === 'relu' ? tf.relu(x) : kind === 'tanh' ? tf.tanh(x) : x;

/** x·W + b for x of shape [batch, in]. */
export const dense = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor): tf.Tensor => tf.add(tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D), b);

/** A 'valid' 2-D convolution (NHWC) plus bias. */
export const conv = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor): tf.Tensor =>
  tf.add(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'valid'), b);

/** A stack of dense layers [w0, b0, w1, b1, ...], the activation after each but the last if `linearLast`. */
export const denseStack = (x: tf.Tensor, params: readonly tf.Tensor[], activation: Activation, linearLast: boolean): tf.Tensor => {
  let h = x;
  const layers = params.length / 2;
  for (let l = 0; l < layers; l++) {
    h = dense(h, params[2 * l]!, params[2 * l + 1]!);
    if (!(linearLast && l === layers - 1)) h = activate(activation, h);
  }
  return h;
};
