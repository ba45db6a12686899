import { Key, tf } from '@mtlkit/core';

/**
 * PyTorch's default initialisation of Linear and Conv2d layers (He et al. 2015's kaiming-uniform
 * with a = √5, which reduces to U(−1/√fan_in, 1/√fan_in) for weights and biases), as LibMTL's
 * models use: bound = 1/√fan_in. Drawn from a `Key`, so the same seed gives the same network on
 * every backend.
 */
export const uniformInit = (key: Key, shape: readonly number[], fanIn: number): tf.Tensor => {
  const n = shape.reduce((a, b) => a * b, 1);
  const bound = 1 / Math.sqrt(fanIn);
  return tf.tensor(Float32Array.from(Key.uniform(key, n, -bound, bound)), [...shape]);
};

/** A dense layer's [weight (in × out), bias (out)]. */
export const denseParams = (key: Key, input: number, output: number): tf.Tensor[] => {
  const [kw, kb] = Key.split(key, 2) as [Key, Key];
  return [uniformInit(kw, [input, output], input), uniformInit(kb, [output], input)];
};

/** A conv layer's [filter (kh × kw × in × out), bias (out)]. */
export const convParams = (key: Key, size: number, input: number, output: number): tf.Tensor[] => {
  const [kw, kb] = Key.split(key, 2) as [Key, Key];
  const fanIn = size * size * input;
  return [uniformInit(kw, [size, size, input, output], fanIn), uniformInit(kb, [output], fanIn)];
};
