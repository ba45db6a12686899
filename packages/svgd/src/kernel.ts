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
  readonly kind: 'radial';
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

/**
 * A kernel on features of the particles, k(θ, θ') = κ(‖F(θ) − F(θ')‖²) with κ a radial kernel
 * (`featureKernel`): e.g. on the objective vectors, as MOO-SVGD's released ZDT code does, or on a
 * network's outputs, as MT-SGD's released network code does. Its repulsion is the released codes'
 * −∇_{θ_b} Σ_a k(θ_a, θ_b) (by autodiff through F, the other particles' features held fixed), which
 * equals SVGD's Σ_a ∇_{θ_a} k(θ_a, θ_b) for kernels radial in θ but not in general.
 */
export interface FeatureKernel {
  readonly kind: 'feature';
  readonly name: string;
  readonly kernel: Kernel;
  /** F: the particles (M x d) to their features (M x p), a pure tfjs computation. */
  readonly features: (particles: tf.Tensor2D) => tf.Tensor2D;
}

/** A kernel the samplers accept: radial on the particles, or radial on features of the particles. */
export type ParticleKernel = Kernel | FeatureKernel;

/** A kernel on features F(θ) of the particles (see `FeatureKernel`). */
export const featureKernel = (kernel: Kernel, features: (particles: tf.Tensor2D) => tf.Tensor2D, name = 'F'): FeatureKernel => ({
  kind: 'feature',
  name: `${kernel.name} on ${name}`,
  kernel,
  features,
});

/**
 * Everything the samplers reuse within one step: the kernel matrix and repulsion and, when asked
 * for (MT-SGD's eq. (3)) and the kernel is radial on the particles, the scalar tensor
 * c = Σ_ab tr ∂²k(θ_a, θ_b)/∂θ_a∂θ_b (left on the backend so that the caller reads it with its
 * other numbers in one transfer); null otherwise. `disposeKernelTerms` frees all three.
 */
export interface KernelTerms extends KernelMatrix {
  readonly trace: tf.Scalar | null;
}

/** Frees the tensors of a kernel matrix. */
export const disposeKernelMatrix = (km: KernelMatrix): void => tf.dispose([km.k, km.repulsion]);

/** Frees the tensors of `KernelTerms`. */
export const disposeKernelTerms = (t: KernelTerms): void => tf.dispose([t.k, t.repulsion, ...(t.trace === null ? [] : [t.trace])]);

/**
 * Rows per block of the Gram matrix x·xᵀ: @mtlkit/core's WASM kernel computes a·bᵀ for outputs of
 * up to 64 x 64 with an inner dimension of at least 1024 without transposing or packing the
 * operands (mirroring the symmetric case), several times faster than the generic path.
 */
const GRAM_BLOCK = 64;

/** x·xᵀ (M x M), by blocks of `GRAM_BLOCK` rows when M > 64 and d ≥ 1024, the lower blocks mirrored. */
const gram = (x: tf.Tensor2D): tf.Tensor2D => {
  const [m, d] = x.shape;
  if (m <= GRAM_BLOCK || d < 1024) return tf.matMul(x, x, false, true);
  return tf.tidy(() => {
    const sizes = Array.from({ length: Math.ceil(m / GRAM_BLOCK) }, (_, i) => Math.min(GRAM_BLOCK, m - i * GRAM_BLOCK));
    const blocks = tf.split(x, sizes, 0);
    const G: tf.Tensor[][] = blocks.map(() => []);
    blocks.forEach((bi, i) =>
      blocks.forEach((bj, j) => {
        if (j >= i) G[i]![j] = tf.matMul(bi, bj, false, true);
      }),
    );
    blocks.forEach((_, i) => blocks.forEach((__, j) => j < i && (G[i]![j] = tf.transpose(G[j]![i]!))));
    return tf.concat(G.map((row) => tf.concat(row, 1)), 0) as tf.Tensor2D;
  });
};

/** Dimension from which `smooth` multiplies as (Sᵀ K)ᵀ (measured: equal at d = 300, 1.4–2x faster from d = 1000). */
const SMOOTH_TRANSPOSED_FROM = 512;

/**
 * K·S for a symmetric K (M x M) and S (M x d). For d ≥ 512 computed as (Sᵀ·K)ᵀ: the WASM backend's
 * XNNPACK packs the right operand of every product, and packing the small K instead of a fresh
 * M x d matrix at every step outweighs the two transposes.
 */
export const smooth = (k: tf.Tensor2D, s: tf.Tensor2D): tf.Tensor2D =>
  s.shape[1] >= SMOOTH_TRANSPOSED_FROM ? tf.tidy(() => tf.transpose(tf.matMul(tf.transpose(s), k)) as tf.Tensor2D) : (tf.matMul(k, s) as tf.Tensor2D);

/**
 * The centred particles x = θ − mean(θ) and their squared distances r_ab = ‖x_a − x_b‖² =
 * G_aa + G_bb − 2G_ab with G = x·xᵀ (one matMul; centring keeps float32 cancellation small when the
 * particles are far from the origin), clipped at 0. The norms are read off G's diagonal, so the
 * diagonal of r is exactly 0 (2G_aa − 2G_aa) and every r_ab uses the same rounded products.
 */
const centredDistances = (particles: Particles): readonly [tf.Tensor2D, tf.Tensor2D] =>
  tf.tidy(() => {
    const m = particles.shape[0];
    const x = tf.sub(particles, tf.div(tf.sum(particles, 0, true), m)) as tf.Tensor2D;
    const G = gram(x);
    const n = tf.sum(tf.mul(G, tf.eye(m)), 1, true);
    return [x, tf.relu(tf.sub(tf.add(n, tf.transpose(n)), tf.mul(G, 2))) as tf.Tensor2D] as const;
  });

/**
 * Squared pairwise distances r_ab = ‖θ_a − θ_b‖² of M particles (M x M), computed on the centred
 * particles by one matMul, clipped at 0, with an exact zero diagonal.
 */
export const squaredDistances = (particles: Particles): tf.Tensor2D => {
  const [x, r] = centredDistances(particles);
  x.dispose();
  return r;
};

/**
 * The k-th smallest value of `a` (0-based) by Hoare's selection with a median-of-three pivot,
 * expected O(n) (numpy's median partitions too); permutes `a`.
 */
const select = (a: Float64Array, k: number): number => {
  let [lo, hi] = [0, a.length - 1];
  while (hi > lo) {
    const [x, y, z] = [a[lo]!, a[(lo + hi) >> 1]!, a[hi]!];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let [i, j] = [lo, hi];
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
};

/** The median as numpy computes it (mean of the two middle values for an even count), in float64. */
export const median = (values: ArrayLike<number>): number => {
  const n = values.length;
  if (n === 0) return NaN;
  const a = Float64Array.from(values as ArrayLike<number>);
  if (n % 2 === 1) return select(a, (n - 1) / 2);
  const upper = select(a, n / 2);
  // Once index n/2 is selected every value before it is ≤ it: the lower middle is their maximum.
  let lower = -Infinity;
  for (let i = 0; i < n / 2; i++) if (a[i]! > lower) lower = a[i]!;
  return 0.5 * (lower + upper);
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

/** The kernel's scale from squared distances (read here), checked positive and finite. */
const scaleOf = (kernel: Kernel, sqDist: tf.Tensor2D): E.Either<MtlError, number> => {
  const scale = kernel.scale(sqDist.dataSync(), sqDist.shape[0]);
  if (E.isRight(scale) && !(scale.right > 0 && Number.isFinite(scale.right))) {
    return E.left(invalidArgument(`kernel ${kernel.name}: its scale for these particles is ${scale.right}; it must be positive and finite.`));
  }
  return scale;
};

/**
 * Terms of a kernel radial on the particles, from one distance computation. Repulsion:
 * ∇_x κ(‖x − y‖²) = 2κ′(r)(x − y), so repulsion[b] = Σ_a 2κ′_ab (θ_a − θ_b) = 2[(κ′ x)_b − x_b Σ_a κ′_ab]
 * (one matMul, no M x M x d tensor). Trace, when asked: tr ∂²κ(‖x − y‖²)/∂x∂y = −4κ″(r) r − 2dκ′(r).
 */
const radialTerms = (kernel: Kernel, particles: Particles, withTrace: boolean): E.Either<MtlError, KernelTerms> => {
  const d = particles.shape[1];
  const [x, r] = centredDistances(particles);
  const scale = scaleOf(kernel, r);
  if (E.isLeft(scale)) {
    tf.dispose([x, r]);
    return scale;
  }
  const { k, dk, d2k } = kernel.profile(r, scale.right);
  const repulsion = tf.tidy(() => tf.mul(tf.sub(smooth(dk, x), tf.mul(x, tf.sum(dk, 1, true))), 2) as tf.Tensor2D);
  const trace = withTrace ? tf.tidy(() => tf.sum(tf.add(tf.mul(tf.mul(d2k, r), -4), tf.mul(dk, -2 * d))) as tf.Scalar) : null;
  tf.dispose([x, r, dk, d2k]);
  return E.right({ k, repulsion, bandwidth: scale.right, trace });
};

/** ‖a_i − b_j‖² for the rows of A (n x p) and B (m x p), centred on B's mean, clipped at 0. */
const crossSquaredDistances = (A: tf.Tensor2D, B: tf.Tensor2D): tf.Tensor2D =>
  tf.tidy(() => {
    const mean = tf.mean(B, 0, true);
    const a = tf.sub(A, mean);
    const b = tf.sub(B, mean);
    const na = tf.sum(tf.square(a), 1, true);
    const nb = tf.sum(tf.square(b), 1, true);
    return tf.relu(tf.sub(tf.add(na, tf.transpose(nb)), tf.mul(tf.matMul(a, b, false, true), 2))) as tf.Tensor2D;
  });

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Terms of a feature kernel: K = κ(‖F_a − F_b‖²) with the scale from the features' distances, and
 * repulsion = −∇_θ Σ_ab κ(‖F(θ_a) − F̄_b‖²) by one reverse pass, F̄ the features held fixed (as
 * MT-SGD's `toy/stein.py`: `K(X, X.detach())`, `−autograd.grad(K.sum(), X)`).
 */
const featureTerms = (fk: FeatureKernel, particles: Particles): E.Either<MtlError, KernelTerms> => {
  let F: tf.Tensor2D;
  try {
    F = tf.tidy(() => fk.features(particles));
  } catch (e) {
    return E.left(invalidArgument(`the features of kernel ${fk.name} could not be computed: ${message(e)}`));
  }
  const parsed = parseParticles(F, `the features of kernel ${fk.name}`);
  if (E.isLeft(parsed) || F.shape[0] !== particles.shape[0]) {
    F.dispose();
    return E.isLeft(parsed) ? parsed : E.left(invalidArgument(`the features of kernel ${fk.name} have ${F.shape[0]} rows for ${particles.shape[0]} particles.`));
  }
  const rF = squaredDistances(F);
  const scale = scaleOf(fk.kernel, rF);
  if (E.isLeft(scale)) {
    tf.dispose([F, rF]);
    return scale;
  }
  try {
    const [k, repulsion] = tf.tidy(() => {
      const { k } = fk.kernel.profile(rF, scale.right);
      const g = tf.grad((x: tf.Tensor) => tf.sum(fk.kernel.profile(crossSquaredDistances(fk.features(x as tf.Tensor2D), F), scale.right).k))(particles);
      return [k, tf.neg(g) as tf.Tensor2D] as const;
    });
    return E.right({ k, repulsion, bandwidth: scale.right, trace: null });
  } catch (e) {
    return E.left(invalidArgument(`the repulsion of kernel ${fk.name} could not be differentiated: ${message(e)}`));
  } finally {
    tf.dispose([F, rF]);
  }
};

/**
 * The kernel terms of one step, for a kernel radial on the particles or on their features; the
 * trace term only when `withTrace` (MT-SGD's eq. (3)) and the kernel is radial on the particles.
 */
export const kernelTerms = (kernel: ParticleKernel, particles: Particles, withTrace = false): E.Either<MtlError, KernelTerms> =>
  kernel.kind === 'radial' ? radialTerms(kernel, particles, withTrace) : featureTerms(kernel, particles);

/**
 * The kernel matrix k(θ_a, θ_b) and the summed kernel gradient Σ_a ∇_{θ_a} k(θ_a, θ_b) of M
 * particles (see `KernelMatrix`), or a Left naming what is wrong with the particles.
 */
export const kernelMatrix = (kernel: ParticleKernel, particles: tf.Tensor): E.Either<MtlError, KernelMatrix> => {
  const p = parseParticles(particles);
  if (E.isLeft(p)) return p;
  return E.map((t: KernelTerms) => ({ k: t.k, repulsion: t.repulsion, bandwidth: t.bandwidth }))(kernelTerms(kernel, p.right));
};
