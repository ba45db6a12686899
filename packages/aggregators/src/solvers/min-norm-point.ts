import { solverFailed, type Gramian, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { luSolve, maxAbsDiagonal } from './dense.js';

/**
 * Weights w on the simplex (w ≥ 0, Σw = 1) of the minimum-norm point of the convex hull of the
 * rows of J, given only G = J Jᵀ:  w ∈ argmin { wᵀ G w : w ≥ 0, 1ᵀw = 1 }  (`simplexQp` with q = 0).
 */
export const minNormPoint = (G: Gramian): E.Either<MtlError, Float64Array> => simplexQp(G, new Float64Array(G.m));

/**
 * w ∈ argmin { wᵀ G w + 2 qᵀ w : w ≥ 0, 1ᵀw = 1 }: with q = J p this is the point of the convex
 * hull of the rows of J nearest to −p (the min-norm point of the rows translated by p, whose
 * Gramian is G + q1ᵀ + 1qᵀ + ‖p‖² 11ᵀ; the constant does not matter on the simplex and is left
 * out, so no precision is lost to it). q must be of that form (in the range of G, as q = J p is);
 * for other q the problem is still convex but Wolfe's corral systems may be singular (Left).
 *
 * - m = 1: w = [1]. G = 0 and q = 0: w = 1/m (every point of the simplex is optimal).
 * - m = 2: closed form (for q = 0, Sener & Koltun 2018, Algorithm 1):
 *   γ = clip((G₂₂ − G₁₂ + q₂ − q₁)/(G₁₁ − 2G₁₂ + G₂₂), 0, 1), w = [γ, 1 − γ]; identical rows
 *   give the vertex with the smaller q (γ = ½ on a tie). The clip is to [0, 1] exactly — the
 *   reference code's 0.999/0.001 would leave a conflicting component in the result.
 * - m ≥ 3: Wolfe's minimum-norm-point algorithm (Wolfe 1976, "Finding the nearest point in a
 *   polytope", Math. Programming 11), written on the Gramian H = G + q1ᵀ + 1qᵀ: a corral S of
 *   affinely independent rows, its affine minimiser from the bordered system
 *   [H_SS 1; 1ᵀ 0][y; −μ] = [0; 1], and a line search back into the simplex when the affine
 *   minimiser leaves it. It ends when the KKT conditions hold: (Hw)ₖ ≥ wᵀHw − τ for every k
 *   (τ = 1e-14 in units of max(max Gᵢᵢ, 2 max|qᵢ|)); w is then the exact solution on its support
 *   up to rounding, and ‖x − x*‖² ≤ wᵀHw − minₖ(Hw)ₖ bounds the distance to the optimum. Rows
 *   closer than the Gramian can resolve (near-duplicates) can make the corral's system unreliable
 *   (the entering row gets no weight, or the system is singular): a pairwise Frank–Wolfe step with
 *   exact line search then moves weight between the nearest pair, keeping the descent monotone;
 *   a cycle that leaves w unchanged (rounding) ends the solve if the gap is within the Gramian's
 *   float32 resolution (2⁻²³ of its largest diagonal entry): below that the gap is rounding noise
 *   of G itself (seen with rank-deficient Gramians whose min-norm point is 0).
 *   The iterations are bounded (50 m + 50 major cycles, each with at most 2m + 2 minor cycles); a
 *   stall with a larger gap, or a final gap above 1e-9 after normal termination, returns
 *   Left `SolverFailed`.
 * - `start` (optional, m ≥ 3): weights to start from instead of the best vertex — e.g. the answer
 *   to a nearby problem, as CAGrad's root search solves a sequence of them. Minor cycles first take
 *   it to a corral of its support (if that face's system is singular, or `start` is not a
 *   non-negative vector with a positive sum, the solve starts from the vertex as usual); the
 *   answer meets the same KKT test, so it is the same optimum to rounding.
 */
export const simplexQp = (G: Gramian, q: ArrayLike<number>, start?: ArrayLike<number>): E.Either<MtlError, Float64Array> => {
  const m = G.m;
  if (m === 1) return E.right(Float64Array.of(1));
  let qMax = 0;
  for (let i = 0; i < m; i++) qMax = Math.max(qMax, Math.abs(q[i]!));
  const scale = Math.max(maxAbsDiagonal(m, G.values), 2 * qMax);
  if (!(scale > 0)) return E.right(new Float64Array(m).fill(1 / m));
  const h = Float64Array.from(G.values, (v, k) => (v + q[Math.floor(k / m)]! + q[k % m]!) / scale);
  if (m === 2) return E.right(twoRowMinNorm(h[0]!, h[1]!, h[3]!));
  return wolfe(m, h, start === undefined || start.length !== m ? null : warmCorral(m, h, start));
};

const twoRowMinNorm = (a: number, b: number, c: number): Float64Array => {
  const denominator = a - 2 * b + c; // ‖g₁ − g₂‖² ≥ 0
  const gamma = denominator > 0 ? Math.min(1, Math.max(0, (c - b) / denominator)) : a < c ? 1 : a > c ? 0 : 0.5;
  return Float64Array.of(gamma, 1 - gamma);
};

const GAP_TOLERANCE = 1e-14;
const KKT_TOLERANCE = 1e-9;
/**
 * When rounding stops all progress (rank-deficient or near-duplicate rows), the gap cannot be
 * certified below the Gramian's own resolution: G comes from a float32 matMul, so its entries
 * carry errors of about float32 epsilon (2⁻²³) relative to its largest diagonal entry.
 */
const STALL_TOLERANCE = 2 ** -23;

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

/**
 * The fallback when the corral's linear algebra cannot be trusted (the entering row gets no
 * weight, or the bordered system is singular: rows closer than the Gramian resolves): a pairwise
 * Frank–Wolfe step moving weight from the support row a nearest to row j onto j, with an exact line
 * search — it lowers the objective by at least the gap times the step, so progress is monotone.
 */
const pairwiseStep = (m: number, g: Float64Array, w: Float64Array, grad: Float64Array, j: number): void => {
  let a = -1;
  let nearest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < m; i++) {
    if (i === j || !(w[i]! > 0) || !(grad[i]! > grad[j]!)) continue;
    const distance = g[i * m + i]! - 2 * g[i * m + j]! + g[j * m + j]!;
    if (distance < nearest) {
      nearest = distance;
      a = i;
    }
  }
  if (a < 0) return;
  const slope = grad[a]! - grad[j]!;
  const theta = nearest > 0 ? Math.min(w[a]!, slope / nearest) : w[a]!;
  w[a] = w[a]! - theta;
  w[j] = w[j]! + theta;
  if (w[a]! <= 0) w[a] = 0;
};

const support = (w: Float64Array): number[] => Array.from(w.keys()).filter((i) => w[i]! > 0);

/**
 * The corral reached from the weights `start` by minor cycles on its support (the affine
 * minimiser of the support, or the step towards it until a weight reaches 0 and that row leaves),
 * or null if `start` is not usable (a negative or non-finite entry, a sum ≤ 0) or a face's system
 * is singular.
 */
const warmCorral = (m: number, g: Float64Array, start: ArrayLike<number>): { readonly w: Float64Array; readonly S: number[] } | null => {
  let total = 0;
  for (let i = 0; i < m; i++) {
    const v = start[i]!;
    if (!(v >= 0) || !Number.isFinite(v)) return null;
    total += v;
  }
  if (!(total > 0)) return null;
  const w = Float64Array.from({ length: m }, (_, i) => start[i]! / total);
  let S = support(w);
  for (let minor = 0; minor <= 2 * m + 2; minor++) {
    const y = affineMinimiser(m, g, S);
    if (y === null) return null;
    if (y.every((v) => v > 0)) {
      w.fill(0);
      S.forEach((i, a) => (w[i] = y[a]!));
      return { w, S };
    }
    let theta = Number.POSITIVE_INFINITY;
    let leaving = -1;
    S.forEach((i, a) => {
      if (y[a]! > 0) return;
      const ratio = w[i]! / (w[i]! - y[a]!);
      if (ratio < theta) {
        theta = ratio;
        leaving = i;
      }
    });
    S.forEach((i, a) => (w[i] = (1 - theta) * w[i]! + theta * y[a]!));
    w[leaving] = 0;
    S = S.filter((i) => i !== leaving && w[i]! > 0);
    for (let i = 0; i < m; i++) if (!S.includes(i)) w[i] = 0;
    if (S.length === 0) return null;
  }
  return null;
};

const wolfe = (m: number, g: Float64Array, warm: { readonly w: Float64Array; readonly S: number[] } | null): E.Either<MtlError, Float64Array> => {
  let best = 0;
  for (let i = 1; i < m; i++) if (g[i * m + i]! < g[best * m + best]!) best = i;
  let S: number[] = warm === null ? [best] : warm.S;
  const w = warm === null ? new Float64Array(m) : warm.w;
  if (warm === null) w[best] = 1;
  const maxMajor = 50 * m + 50;
  let previous: Float64Array | null = null;
  for (let major = 0; major < maxMajor; major++) {
    const [grad, value] = gradientAndValue(m, g, w);
    let j = 0;
    for (let i = 1; i < m; i++) if (grad[i]! < grad[j]!) j = i;
    if (grad[j]! >= value - GAP_TOLERANCE) return finish(m, g, w);
    // Every cycle moves w in exact arithmetic; a cycle that left it unchanged (rounding) would
    // repeat forever: the gap is then at the Gramian's resolution.
    if (previous !== null && previous.every((v, i) => v === w[i])) {
      return value - grad[j]! <= STALL_TOLERANCE
        ? finish(m, g, w, STALL_TOLERANCE)
        : E.left(solverFailed(`the minimum-norm solver stopped making progress with a duality gap of ${(value - grad[j]!).toExponential(2)}.`));
    }
    previous = Float64Array.from(w);
    let fallbackUsed = false;
    const fallback = (): boolean => {
      if (fallbackUsed) return false;
      fallbackUsed = true;
      pairwiseStep(m, g, w, grad, j);
      S = support(w);
      return true;
    };
    if (S.includes(j)) fallback();
    else S = [...S, j];
    for (let minor = 0; ; minor++) {
      if (minor > 2 * m + 2) return E.left(solverFailed('the minimum-norm solver cycled in its minor loop.'));
      const y = affineMinimiser(m, g, S);
      if (y === null) {
        if (fallback()) continue;
        return value - grad[j]! <= STALL_TOLERANCE
          ? finish(m, g, w, STALL_TOLERANCE)
          : E.left(solverFailed('the minimum-norm solver met a numerically singular face (affinely dependent rows).'));
      }
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
      if (theta === 0 && leaving === j) {
        if (fallback()) continue;
        if (value - grad[j]! <= STALL_TOLERANCE) return finish(m, g, w, STALL_TOLERANCE);
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
const finish = (m: number, g: Float64Array, w: Float64Array, tolerance = KKT_TOLERANCE): E.Either<MtlError, Float64Array> => {
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
  return worst <= tolerance
    ? E.right(w)
    : E.left(solverFailed(`the minimum-norm solver ended with a KKT violation of ${worst.toExponential(2)}.`));
};
