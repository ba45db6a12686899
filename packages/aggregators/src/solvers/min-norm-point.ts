import { solverFailed, type Gramian, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { luSolve, maxAbsDiagonal } from './dense.js';

/**
 * Weights w on the simplex (w ≥ 0, Σw = 1) of the minimum-norm point of the convex hull of the
 * rows of J, given only G = J Jᵀ:  w ∈ argmin { wᵀ G w : w ≥ 0, 1ᵀw = 1 }.
 *
 * - m = 1: w = [1]. G = 0 (every row zero): w = 1/m (every point of the simplex is optimal).
 * - m = 2: closed form (Sener & Koltun 2018, Algorithm 1):
 *   γ = clip((G₂₂ − G₁₂)/(G₁₁ − 2G₁₂ + G₂₂), 0, 1), w = [γ, 1 − γ]; identical rows give γ = ½.
 *   The clip is to [0, 1] exactly — the reference code's 0.999/0.001 would leave a conflicting
 *   component in the result.
 * - m ≥ 3: Wolfe's minimum-norm-point algorithm (Wolfe 1976, "Finding the nearest point in a
 *   polytope", Math. Programming 11), written on the Gramian: a corral S of affinely independent
 *   rows, its affine minimiser from the bordered system [G_SS 1; 1ᵀ 0][y; −μ] = [0; 1], and a
 *   line search back into the simplex when the affine minimiser leaves it. It ends when the KKT
 *   conditions of the QP hold: (G w)ₖ ≥ wᵀG w − τ for every k (τ = 1e-14 of the largest
 *   diagonal entry), at which point w is the exact solution on its support up to rounding. The
 *   iterations are bounded (50 m + 50 major cycles, each with at most m minor cycles); a
 *   singular corral system or a final KKT violation above 1e-9 returns Left `SolverFailed`.
 *
 * The problem is solved on G / max Gᵢᵢ so that tolerances are relative.
 */
export const minNormPoint = (G: Gramian): E.Either<MtlError, Float64Array> => {
  const m = G.m;
  if (m === 1) return E.right(Float64Array.of(1));
  const scale = maxAbsDiagonal(m, G.values);
  if (!(scale > 0)) return E.right(new Float64Array(m).fill(1 / m));
  const g = Float64Array.from(G.values, (v) => v / scale);
  if (m === 2) return E.right(twoRowMinNorm(g[0]!, g[1]!, g[3]!));
  return wolfe(m, g);
};

const twoRowMinNorm = (a: number, b: number, c: number): Float64Array => {
  const denominator = a - 2 * b + c; // ‖g₁ − g₂‖² ≥ 0
  const gamma = denominator > 0 ? Math.min(1, Math.max(0, (c - b) / denominator)) : 0.5;
  return Float64Array.of(gamma, 1 - gamma);
};

const GAP_TOLERANCE = 1e-14;
const KKT_TOLERANCE = 1e-9;

/** Affine minimiser of the rows in S: weights y (Σy = 1) minimising yᵀ G_SS y. */
const affineMinimiser = (m: number, g: Float64Array, S: readonly number[]): Float64Array | null => {
  const k = S.length;
  const n = k + 1;
  const A = new Float64Array(n * n);
  const rhs = new Float64Array(n);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) A[a * n + b] = g[S[a]! * m + S[b]!]!;
    A[a * n + k] = 1;
    A[k * n + a] = 1;
  }
  rhs[k] = 1;
  const sol = luSolve(n, A, rhs, 1e-15);
  return sol === null ? null : sol.subarray(0, k);
};

const gradientAndValue = (m: number, g: Float64Array, w: Float64Array): readonly [Float64Array, number] => {
  const grad = new Float64Array(m);
  let value = 0;
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < m; j++) s += g[i * m + j]! * w[j]!;
    grad[i] = s;
    value += w[i]! * s;
  }
  return [grad, value];
};

const wolfe = (m: number, g: Float64Array): E.Either<MtlError, Float64Array> => {
  let start = 0;
  for (let i = 1; i < m; i++) if (g[i * m + i]! < g[start * m + start]!) start = i;
  let S: number[] = [start];
  const w = new Float64Array(m);
  w[start] = 1;
  const maxMajor = 50 * m + 50;
  for (let major = 0; major < maxMajor; major++) {
    const [grad, value] = gradientAndValue(m, g, w);
    let j = 0;
    for (let i = 1; i < m; i++) if (grad[i]! < grad[j]!) j = i;
    if (grad[j]! >= value - GAP_TOLERANCE) return finish(m, g, w);
    if (S.includes(j)) {
      return E.left(solverFailed(`the minimum-norm solver stalled (a row of the current face violates optimality by ${value - grad[j]!}).`));
    }
    S = [...S, j];
    for (let minor = 0; ; minor++) {
      if (minor > m) return E.left(solverFailed('the minimum-norm solver cycled in its minor loop.'));
      const y = affineMinimiser(m, g, S);
      if (y === null) return E.left(solverFailed('the minimum-norm solver met a numerically singular face (affinely dependent rows).'));
      if (y.every((v) => v > 0)) {
        w.fill(0);
        S.forEach((i, a) => (w[i] = y[a]!));
        break;
      }
      // Step from w towards y until the first weight reaches zero, and drop that row.
      let theta = Number.POSITIVE_INFINITY;
      let leaving = -1;
      S.forEach((i, a) => {
        if (y[a]! > 0) return;
        const ratio = w[i]! > 0 ? w[i]! / (w[i]! - y[a]!) : 0;
        if (ratio < theta) {
          theta = ratio;
          leaving = i;
        }
      });
      if (leaving === j && minor === 0) {
        return E.left(solverFailed('the minimum-norm solver stalled (the entering row got no weight on its face).'));
      }
      S.forEach((i, a) => (w[i] = (1 - theta) * w[i]! + theta * y[a]!));
      w[leaving] = 0;
      S = S.filter((i) => i !== leaving && w[i]! > 0);
      for (let i = 0; i < m; i++) if (!S.includes(i)) w[i] = 0;
    }
  }
  return E.left(solverFailed(`the minimum-norm solver did not converge in ${maxMajor} iterations.`));
};

/** Renormalises onto the simplex and checks the KKT conditions before answering. */
const finish = (m: number, g: Float64Array, w: Float64Array): E.Either<MtlError, Float64Array> => {
  let total = 0;
  for (let i = 0; i < m; i++) {
    w[i] = Math.max(0, w[i]!);
    total += w[i]!;
  }
  for (let i = 0; i < m; i++) w[i] = w[i]! / total;
  const [grad, value] = gradientAndValue(m, g, w);
  // Duality gap: ‖x − x*‖² ≤ wᵀGw − minₖ (Gw)ₖ for the point x = Jᵀw (relative units).
  let worst = 0;
  for (let i = 0; i < m; i++) worst = Math.max(worst, value - grad[i]!);
  return worst <= KKT_TOLERANCE
    ? E.right(w)
    : E.left(solverFailed(`the minimum-norm solver ended with a KKT violation of ${worst.toExponential(2)}.`));
};
