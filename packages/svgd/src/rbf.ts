import { invalidArgument, tf } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { MIN_SQUARED_BANDWIDTH, medianHeuristic, type Kernel } from './kernel.js';

export interface RbfOptions {
  /**
   * h in k(x, y) = exp(−‖x − y‖²/(2h²)): a positive number (h² ≥ 5e-9), or 'median' (default) for the
   * median heuristic h² = 0.5·med/ln(M + 1) recomputed from the particles at every step.
   */
  readonly bandwidth?: number | 'median';
}

/**
 * The Gaussian RBF kernel k(x, y) = exp(−‖x − y‖²/(2h²)), in the form of the reference SVGD code
 * (Liu & Wang 2016; dilinwang820/Stein-Variational-Gradient-Descent `python/svgd.py`:
 * `Kxy = exp(−pairwise_dists / h² / 2)`, h = sqrt(0.5·median/ln(n + 1))) and of MT-SGD's released
 * `toy/stein.py` (`RBF`: h = median/(2 ln(n + 1)), k = exp(−r/(2h))), which are the same kernel:
 * exp(−r·ln(M + 1)/med). The paper writes k = exp(−r/h) with h = med²/log M, med the median of the
 * (unsquared) distances; the code's ln(M + 1) keeps one particle finite and its median includes the
 * M zero diagonal entries. Default: the median heuristic (`medianHeuristic`). Profile, with s = h²:
 * κ = exp(−r/(2s)), κ′ = −κ/(2s), κ″ = κ/(4s²).
 */
export const rbfKernel = (options: RbfOptions = {}): Kernel => {
  const bandwidth = options.bandwidth ?? 'median';
  return {
    kind: 'radial',
    name: bandwidth === 'median' ? 'rbf(median)' : `rbf(h=${bandwidth})`,
    scale: (sqDist, m) =>
      bandwidth === 'median'
        ? E.right(Math.sqrt(medianHeuristic(sqDist, m)))
        : bandwidth > 0 && bandwidth * bandwidth >= MIN_SQUARED_BANDWIDTH && Number.isFinite(bandwidth)
          ? E.right(bandwidth)
          : E.left(invalidArgument(`rbfKernel: the bandwidth must be a finite number with h² ≥ ${MIN_SQUARED_BANDWIDTH} (1/h⁴ must fit in float32) or 'median', got ${bandwidth}.`)),
    profile: (r, h) =>
      tf.tidy(() => {
        const s = h * h;
        const k = tf.exp(tf.mul(r, -1 / (2 * s))) as tf.Tensor2D;
        return { k, dk: tf.mul(k, -1 / (2 * s)) as tf.Tensor2D, d2k: tf.mul(k, 1 / (4 * s * s)) as tf.Tensor2D };
      }),
    at: (r, h) => Math.exp(-r / (2 * h * h)),
  };
};
