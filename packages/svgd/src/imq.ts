import { invalidArgument, tf } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { MIN_SQUARED_BANDWIDTH, medianHeuristic, type Kernel } from './kernel.js';

export interface ImqOptions {
  /** c > 0 (default 1). */
  readonly c?: number;
  /** β < 0 (default −1/2). */
  readonly beta?: number;
  /**
   * ℓ > 0 (default 1), or 'median' for ℓ² = 0.5·med/ln(M + 1), the RBF kernel's median heuristic.
   */
  readonly lengthscale?: number | 'median';
}

/**
 * The inverse multiquadric kernel k(x, y) = (c² + ‖x − y‖²/ℓ²)^β (Gorham & Mackey 2017, "Measuring
 * sample quality with kernels", §3.2, with c = 1, β = −1/2 and ℓ = 1 as defaults; positive definite
 * for β < 0, heavier-tailed than the RBF kernel). Profile, with u = c² + r/ℓ²: κ = u^β,
 * κ′ = (β/ℓ²)u^(β−1), κ″ = (β(β−1)/ℓ⁴)u^(β−2).
 */
export const imqKernel = (options: ImqOptions = {}): Kernel => {
  const { c = 1, beta = -0.5, lengthscale = 1 } = options;
  const bad =
    !(c > 0) || !Number.isFinite(c)
      ? `c must be positive and finite, got ${c}`
      : !(beta < 0) || !Number.isFinite(beta)
        ? `beta must be negative and finite, got ${beta}`
        : lengthscale !== 'median' && (!(lengthscale > 0 && lengthscale * lengthscale >= MIN_SQUARED_BANDWIDTH) || !Number.isFinite(lengthscale))
          ? `the lengthscale must be a finite number with ℓ² ≥ ${MIN_SQUARED_BANDWIDTH} or 'median', got ${lengthscale}`
          : null;
  return {
    kind: 'radial',
    name: `imq(c=${c}, beta=${beta}, l=${lengthscale})`,
    scale: (sqDist, m) =>
      bad !== null ? E.left(invalidArgument(`imqKernel: ${bad}.`)) : E.right(lengthscale === 'median' ? Math.sqrt(medianHeuristic(sqDist, m)) : lengthscale),
    profile: (r, l) =>
      tf.tidy(() => {
        const l2 = l * l;
        const u = tf.add(tf.mul(r, 1 / l2), c * c);
        return {
          k: tf.pow(u, beta) as tf.Tensor2D,
          dk: tf.mul(tf.pow(u, beta - 1), beta / l2) as tf.Tensor2D,
          d2k: tf.mul(tf.pow(u, beta - 2), (beta * (beta - 1)) / (l2 * l2)) as tf.Tensor2D,
        };
      }),
    at: (r, l) => (c * c + r / (l * l)) ** beta,
  };
};
