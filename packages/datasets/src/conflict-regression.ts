import { invalidArgument, Key, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import type { Dataset } from './dataset.js';

export interface ConflictRegressionOptions {
  readonly key: Key;
  /** Angle α (radians) between the task gradients at θ = 0: 0 aligned, π/2 orthogonal, π opposed. */
  readonly angle: number;
  /** Number of tasks m (default 2). With m > 2 all pairs meet at α, which needs cos α ≥ −1/(m−1). */
  readonly tasks?: number;
  /** Input dimension d (default 8; at least m + 1). */
  readonly inputs?: number;
  /** Number of examples (default 1024). */
  readonly count?: number;
  /** Standard deviation of the target noise (default 0.1). */
  readonly noise?: number;
  /** ‖w_t‖ per task (default 1 each): unequal scales give tasks of unequal loss and gradient size. */
  readonly scales?: readonly number[];
}

/** The dataset and the true weights w_t (float64, length d) that generated it. */
export interface ConflictRegression extends Dataset {
  readonly weights: readonly Float64Array[];
  readonly angle: number;
}

/** d orthonormal vectors from Gaussian draws (modified Gram–Schmidt). */
const orthonormal = (key: Key, count: number, d: number): Float64Array[] => {
  const out: Float64Array[] = [];
  for (let i = 0; out.length < count; i++) {
    const v = Key.normal(Key.foldIn(key, i), d);
    for (const u of out) {
      const dot = v.reduce((s, vi, j) => s + vi * u[j]!, 0);
      for (let j = 0; j < d; j++) v[j] = v[j]! - dot * u[j]!;
    }
    const norm = Math.hypot(...v);
    if (norm > 1e-8) out.push(v.map((x) => x / norm));
  }
  return out;
};

/**
 * Synthetic multi-task linear regression with a chosen angle between the task gradients, for tests
 * and demos of gradient conflict (the two-task case of the toy studies of PCGrad, Yu et al. 2020,
 * made exact): x ~ N(0, I_d), y_t = w_tᵀx + ε_t, ε_t ~ N(0, noise²), with
 * w_t = s_t(a·u₀ + b·v_t), u₀ ⟂ v_t unit vectors, the v_t the vertices of a centred regular simplex
 * (pairwise cosine −1/(m−1)), a² = ((m−1)cos α + 1)/m, b² = 1 − a². Then cos∠(w_s, w_t) = cos α.
 * For a linear model ŷ_t = θᵀx, ∇_θ E[(θᵀx − y_t)²] at θ = 0 is −2E[xxᵀ]w_t = −2w_t, so the
 * population task gradients at θ = 0 meet at exactly α; a sample of N examples meets it up to O(1/√N).
 * Deterministic for a key; targets are `Values` tasks "task 1".."task m" of width 1.
 */
export const conflictRegression = (options: ConflictRegressionOptions): E.Either<MtlError, ConflictRegression> => {
  const { key, angle } = options;
  const m = options.tasks ?? 2;
  const d = options.inputs ?? 8;
  const n = options.count ?? 1024;
  const noise = options.noise ?? 0.1;
  const scales = options.scales ?? Array.from({ length: m }, () => 1);
  if (!Number.isInteger(m) || m < 1) return E.left(invalidArgument(`tasks must be a positive integer, got ${m}.`));
  if (!(angle >= 0 && angle <= Math.PI)) return E.left(invalidArgument(`angle must lie in [0, π] radians, got ${angle}.`));
  const c = Math.cos(angle);
  if (m > 2 && c < -1 / (m - 1) - 1e-12)
    return E.left(invalidArgument(`${m} tasks cannot all meet pairwise at ${angle.toFixed(4)} rad: equal pairwise angles need cos α ≥ −1/(m−1) = ${(-1 / (m - 1)).toFixed(4)}.`));
  if (!Number.isInteger(d) || d < m + 1) return E.left(invalidArgument(`inputs must be an integer ≥ tasks + 1 = ${m + 1}, got ${d}.`));
  if (!Number.isInteger(n) || n < 1) return E.left(invalidArgument(`count must be a positive integer, got ${n}.`));
  if (!(noise >= 0) || !Number.isFinite(noise)) return E.left(invalidArgument(`noise must be a finite non-negative number, got ${noise}.`));
  if (scales.length !== m || scales.some((s) => !(s > 0) || !Number.isFinite(s))) return E.left(invalidArgument(`scales must hold ${m} positive numbers, got [${scales.join(', ')}].`));
  const [kBasis, kX, kNoise] = Key.split(key, 3) as [Key, Key, Key];
  const basis = orthonormal(kBasis, m + 1, d);
  const u0 = basis[0]!;
  const a = m === 1 ? 1 : Math.sqrt(Math.max(0, ((m - 1) * c + 1) / m));
  const b = Math.sqrt(Math.max(0, 1 - a * a));
  // Simplex vertices: e_t minus the centroid of e_1..e_m, normalised (in the span of basis[1..m]).
  const vertexScale = m === 1 ? 0 : 1 / Math.sqrt(1 - 1 / m);
  const weights = scales.map((s, t) =>
    Float64Array.from({ length: d }, (_, j) => {
      let v = 0;
      for (let k = 0; k < m; k++) v += ((k === t ? 1 : 0) - 1 / m) * basis[k + 1]![j]!;
      return s * (a * u0[j]! + b * vertexScale * v);
    }),
  );
  const x64 = Key.normal(kX, n * d);
  const eps = Key.normal(kNoise, n * m, 0, noise);
  const targets = weights.map((w, t) => {
    const values = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let y = eps[t * n + i]!;
      for (let j = 0; j < d; j++) y += w[j]! * x64[i * d + j]!;
      values[i] = y;
    }
    return { _tag: 'Values', name: `task ${t + 1}`, values, width: 1 } as const;
  });
  return E.right({ size: n, inputs: Float32Array.from(x64), inputShape: [d], targets, weights, angle });
};
