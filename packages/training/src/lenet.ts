import { Key, tf } from '@mtlkit/core';
import { conv, dense, denseStack, type Activation } from './layers.js';
import { convParams, denseParams } from './init.js';
import type { HeadSpec } from './mlp.js';
import type { MultiTaskModel } from './model.js';

export interface LenetOptions {
  /** [height, width, channels] of one input image (36 × 36 × 1 for multi-digits). */
  readonly inputShape: readonly [number, number, number];
  /** Output channels of the two 5 × 5 convolutions (default [10, 20]). */
  readonly channels?: readonly [number, number];
  /** Width of the shared feature layer (default 50). */
  readonly features?: number;
  /** Task heads (default hidden [50] then `output`). */
  readonly heads: readonly HeadSpec[];
  readonly activation?: Activation;
}

/**
 * The LeNet-style HPS network of the Multi-MNIST experiments (Sener & Koltun 2018's code, as in
 * LibMTL and seed 003): conv 5×5 → 2×2 max-pool → ReLU → conv 5×5 → 2×2 max-pool → ReLU →
 * dense → ReLU as the shared encoder, and per task dense 50 → ReLU → dense `output` (logits).
 * No dropout: the step functions are deterministic given the parameters.
 */
export const hpsLenet = (options: LenetOptions): MultiTaskModel => {
  const [h, w, c] = options.inputShape;
  const [c1, c2] = options.channels ?? [10, 20];
  const features = options.features ?? 50;
  const activation = options.activation ?? 'relu';
  const pooled = (n: number) => Math.floor((Math.floor((n - 4) / 2) - 4) / 2);
  const flat = pooled(h) * pooled(w) * c2;
  if (pooled(h) < 1 || pooled(w) < 1) throw new RangeError(`hpsLenet: input ${h}×${w} is too small for two 5×5 convolutions with pooling.`);
  const block = (x: tf.Tensor, fw: tf.Tensor, fb: tf.Tensor) => tf.relu(tf.maxPool(conv(x, fw, fb) as tf.Tensor4D, 2, 2, 'valid'));
  return {
    tasks: options.heads.length,
    encode: (shared, x) => {
      const [w1, b1, w2, b2, w3, b3] = shared as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
      const h2 = block(block(x, w1, b1), w2, b2);
      return tf.relu(dense(tf.reshape(h2, [-1, flat]), w3, b3));
    },
    head: (_task, params, z) => denseStack(z, params, activation, true),
    init: (key) => {
      const [k1, k2, k3, kh] = Key.split(key, 4) as [Key, Key, Key, Key];
      return {
        shared: [...convParams(k1, 5, c, c1), ...convParams(k2, 5, c1, c2), ...denseParams(k3, flat, features)],
        heads: options.heads.map((spec, i) => {
          const widths = [features, ...(spec.hidden ?? [50]), spec.output];
          const kt = Key.foldIn(kh, i);
          return widths.slice(1).flatMap((width, l) => denseParams(Key.foldIn(kt, l), widths[l]!, width));
        }),
      };
    },
  };
};
