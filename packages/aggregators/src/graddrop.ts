import { invalidArgument, Key, shapeMismatch, tf, type Aggregator } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';

export interface GradDropOptions {
  /** Randomness of the sign choice (one uniform per parameter). */
  readonly key: Key;
  /**
   * How much of each task's gradient passes whatever the chosen sign: one number for every task
   * or one per task, in [0, 1] (default 0, as torchjd and LibMTL; 1 gives the plain sum).
   */
  readonly leak?: number | readonly number[];
}

/**
 * The d uniforms of GradDrop's sign choice: 24 random bits per parameter from `Key.randomBits`,
 * so they are exact in float32 and lie in [0, 1).
 */
export const signUniforms = (key: Key, d: number): Float32Array => {
  const bits = Key.randomBits(key, d);
  const u = new Float32Array(d);
  for (let k = 0; k < d; k++) u[k] = (bits[k]! >>> 8) / 16777216;
  return u;
};

const checkLeak = (leak: number | readonly number[], m: number): E.Either<ReturnType<typeof invalidArgument>, readonly number[]> => {
  const values = typeof leak === 'number' ? new Array<number>(m).fill(leak) : leak;
  if (values.length !== m) return E.left(shapeMismatch(`graddrop: ${values.length} leak values for ${m} tasks.`));
  const bad = values.findIndex((v) => !(v >= 0 && v <= 1));
  return bad >= 0 ? E.left(invalidArgument(`graddrop: leak ${bad} is ${values[bad]}; a leak must be in [0, 1].`)) : E.right(values);
};

/**
 * GradDrop (Chen et al., "Just Pick a Sign: Optimizing Deep Multitask Models with Gradient Sign
 * Dropout", NeurIPS 2020, Algorithm 1, lines 10-15), as torchjd's `GradDrop` (f = identity):
 * per parameter k, the positive-sign purity P_k = ½ (1 + Σᵢ Jᵢₖ / Σᵢ |Jᵢₖ|) (½ for an all-zero
 * column, whose entries are zero anyway), a uniform U_k, the mask
 * Mᵢₖ = [P_k > U_k][Jᵢₖ > 0] + [P_k < U_k][Jᵢₖ < 0], and
 * direction_k = Σᵢ (ℓᵢ + (1 − ℓᵢ) Mᵢₖ) Jᵢₖ with leak ℓ. Positive entries survive with
 * probability P_k, negative ones with 1 − P_k. Not a weighting of the rows (weights = null).
 * Computed with one pass for R = max(J, 0) and two matMuls: with s = 1ᵀJ, p = 1ᵀR, Σᵢ|Jᵢₖ| =
 * 2p − s, and direction = ℓᵀJ + [P > U]·(1 − ℓ)ᵀR + [P < U]·((1 − ℓ)ᵀJ − (1 − ℓ)ᵀR).
 * LibMTL applies the same step to per-example representation gradients (rep_grad); here J is
 * whatever gradients the caller passes. LibMTL's 1e-7 in P's denominator is replaced by the
 * explicit all-zero case, which keeps the method positively homogeneous.
 */
export const graddrop =
  (options: GradDropOptions): Aggregator =>
  (J) => {
    const [m, d] = J.shape;
    return E.map((leak: readonly number[]) => {
      const u = signUniforms(options.key, d);
      const direction = tf.tidy(() => {
        const ones = new Array<number>(m).fill(1);
        const kept = leak.map((l) => 1 - l);
        const [sum, leaked] = tf.unstack(tf.matMul(tf.tensor2d([...ones, ...leak], [2, m]), J)) as [tf.Tensor1D, tf.Tensor1D];
        const [positive, keptPositive] = tf.unstack(tf.matMul(tf.tensor2d([...ones, ...kept], [2, m]), tf.relu(J))) as [tf.Tensor1D, tf.Tensor1D];
        const absolute = tf.sub(tf.mul(tf.scalar(2), positive), sum);
        const purity = tf.mul(tf.scalar(0.5), tf.add(tf.scalar(1), tf.divNoNan(sum, absolute)));
        const U = tf.tensor1d(u);
        const keptNegative = tf.sub(tf.sub(sum, leaked), keptPositive);
        const zero = tf.zerosLike(sum);
        return tf.add(leaked, tf.add(tf.where(tf.greater(purity, U), keptPositive, zero), tf.where(tf.less(purity, U), keptNegative, zero))) as tf.Tensor1D;
      });
      return { direction, weights: null };
    })(checkLeak(options.leak ?? 0, m));
  };
