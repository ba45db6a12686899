import { invalidArgument, tf, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { parseParticles, type Particles } from './particles.js';

/**
 * κ(r) and its first two derivatives in r, evaluated elementwise on a matrix of squared distances
 * r = ‖θ_a − θ_b‖². Every tensor is owned by the caller.
 */
export interface RadialProfile {
  readonly k: tf.Tensor2D;
  readonly dk: tf.Tensor2D;
  readonly d2k: tf.Tensor2D;
}

/**
 * A radial (translation- and rotation-invariant) positive definite kernel k(x, y) = κ(‖x − y‖²),
 * e.g. `rbfKernel()` or `imqKernel()`. Its scale (bandwidth) may depend on the particles (median
 * heuristic): `scale` reads it from the M x M squared distances (row-major, diagonal included).
 * The scale is held constant when differentiating, as in the reference SVGD code.
 */
export interface Kernel {
  readonly name: string;
  /** The scale for these particles (the kernel's bandwidth parameter), or a Left for bad options. */
  readonly scale: (sqDist: ArrayLike<number>, m: number) => E.Either<MtlError, number>;
  /** κ, κ′, κ″ on a tensor of squared distances at the given scale. */
  readonly profile: (r: tf.Tensor2D, scale: number) => RadialProfile;
  /** κ(r) in float64, for checks and float64 re-computations. */
  readonly at: (r: number, scale: number) => number;
}

/**
 * The kernel matrix of M particles and its gradient, from one vectorised computation:
 * `k[a][b] = k(θ_a, θ_b)` (M x M) and `repulsion[b] = Σ_a ∇_{θ_a} k(θ_a, θ_b)` (M x d), the
 * repulsive term of SVGD (Liu & Wang 2016, eq. 8). `bandwidth` is the kernel's scale for these
 * particles (for the RBF kernel: h, with k = exp(−‖x − y‖²/(2h²))). The caller disposes the tensors
 * (`disposeKernelMatrix`).
 */
export interface KernelMatrix {
  readonly k: tf.Tensor2D;
  readonly repulsion: tf.Tensor2D;
  readonly bandwidth: number;
}

/** Everything the samplers reuse within one step: the kernel matrix, κ′, κ″ and the distances. */
export interface KernelTerms extends KernelMatrix {
  readonly sqDist: tf.Tensor2D;
  readonly dk: tf.Tensor2D;
  readonly d2k: tf.Tensor2D;
}

/** Frees the tensors of a kernel matrix. */
export const disposeKernelMatrix = (km: KernelMatrix): void => {
  tf.dispose([km.k, km.repulsion]);
  const t = km as Partial<KernelTerms>;
  if (t.sqDist !== undefined) tf.dispose([t.sqDist, t.dk!, t.d2k!]);
};

/**
 * Squared pairwise distances r_ab = ‖θ_a − θ_b‖² of M particles (M x M). Computed as
 * ‖x_a‖² + ‖x_b‖² − 2⟨x_a, x_b⟩ on the centred particles x = θ − mean(θ) (one matMul; centring
 * keeps float32 cancellation small when the particles are far from the origin), clipped at 0,
 * with an exact zero diagonal.
 */
export const squaredDistances = (particles: Particles): tf.Tensor2D =>
  tf.tidy(() => {
    const m = particles.shape[0];
    const x = tf.sub(particles, tf.mean(particles, 0, true));
    const n = tf.sum(tf.square(x), 1, true);
    const r = tf.relu(tf.sub(tf.add(n, tf.transpose(n)), tf.mul(tf.matMul(x, x, false, true), 2)));
    return tf.mul(r, tf.sub(1, tf.eye(m))) as tf.Tensor2D;
  });

/** The median as numpy computes it (mean of the two middle values for an even count), in float64. */
export const median = (values: ArrayLike<number>): number => {
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  const n = sorted.length;
  if (n === 0) return NaN;
  return n % 2 === 1 ? sorted[(n - 1) / 2]! : 0.5 * (sorted[n / 2 - 1]! + sorted[n / 2]!);
};

/**
 * h² by the median heuristic of the reference SVGD code (dilinwang820/Stein-Variational-Gradient-Descent,
 * `python/svgd.py`, `svgd_kernel`), also used by MT-SGD's released code (`toy/stein.py`, `RBF`):
 * med = median of the full M x M matrix of squared distances, diagonal zeros included, and
 * h² = 0.5·med / ln(M + 1). Degenerate cases, which the reference leaves as 0/0: if med = 0
 * (more than half of the pairs coincide) the median of the positive distances is used instead;
 * if every distance is 0, h² = 1 (any h then gives k = 1 and ∇k = 0). h² is floored at 5e-9 (the
 * released MT-SGD code adds 1e-8 to 2h² for the same reason): below it 1/h⁴ overflows float32.
 */
export const medianHeuristic = (sqDist: ArrayLike<number>, m: number): number => {
  let med = median(sqDist);
  if (!(med > 0)) {
    const positive = Array.from(sqDist as ArrayLike<number>).filter((v) => v > 0);
    if (positive.length === 0) return 1;
    med = median(positive);
  }
  return Math.max(MIN_SQUARED_BANDWIDTH, (0.5 * med) / Math.log(m + 1));
};

/** The smallest h² the median heuristic returns, and the smallest h² a fixed bandwidth may have. */
export const MIN_SQUARED_BANDWIDTH = 5e-9;

/**
 * The kernel terms of one step. Repulsion: for a radial kernel ∇_x κ(‖x − y‖²) = 2κ′(r)(x − y), so
 * repulsion[b] = Σ_a 2κ′_ab (θ_a − θ_b) = 2[(κ′ θ)_b − θ_b Σ_a κ′_ab] (two matMuls, no M x M x d
 * tensor).
 */
export const kernelTerms = (kernel: Kernel, particles: Particles): E.Either<MtlError, KernelTerms> => {
  const m = particles.shape[0];
  const sqDist = squaredDistances(particles);
  const scale = kernel.scale(sqDist.dataSync(), m);
  if (E.isLeft(scale)) {
    sqDist.dispose();
    return scale;
  }
  if (!(scale.right > 0) || !Number.isFinite(scale.right)) {
    sqDist.dispose();
    return E.left(invalidArgument(`kernel ${kernel.name}: its scale for these particles is ${scale.right}; it must be positive and finite.`));
  }
  const { k, dk, d2k } = kernel.profile(sqDist, scale.right);
  const repulsion = tf.tidy(() => {
    const x = tf.sub(particles, tf.mean(particles, 0, true));
    return tf.mul(tf.sub(tf.matMul(dk, x), tf.mul(x, tf.sum(dk, 1, true))), 2) as tf.Tensor2D;
  });
  return E.right({ k, repulsion, bandwidth: scale.right, sqDist, dk, d2k });
};

/**
 * The kernel matrix k(θ_a, θ_b) and the summed kernel gradient Σ_a ∇_{θ_a} k(θ_a, θ_b) of M
 * particles (see `KernelMatrix`), or a Left naming what is wrong with the particles.
 */
export const kernelMatrix = (kernel: Kernel, particles: tf.Tensor): E.Either<MtlError, KernelMatrix> => {
  const p = parseParticles(particles);
  if (E.isLeft(p)) return p;
  const t = kernelTerms(kernel, p.right);
  if (E.isLeft(t)) return t;
  tf.dispose([t.right.sqDist, t.right.dk, t.right.d2k]);
  return E.right({ k: t.right.k, repulsion: t.right.repulsion, bandwidth: t.right.bandwidth });
};
