import { solverFailed, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { cholesky, choleskySolve } from './dense.js';

const MAX_ITERATIONS = 200;
const RESIDUAL_TOLERANCE = 1e-10;
/** Above this rounding bound the answer is not trusted, whatever the residual. */
const ROUNDING_CAP = 1e-6;

/**
 * The positive solution β of the bargaining system
 *
 *   (C β)ᵢ = sᵢ βᵢ^(−p),  β > 0     (p = 1, s = 1: βᵢ (Cβ)ᵢ = 1, Nash-MTL, Navon et al. 2022;
 *                                     p = 1/α: FairGrad, Ban & Ji 2024)
 *
 * for a symmetric positive semi-definite n x n matrix C (row-major) and s > 0. It is the unique
 * minimiser of the strictly convex f(β) = ½βᵀCβ − Σ sᵢ h(βᵢ), h' = β^(−p) (h = log for p = 1),
 * which exists iff no non-zero v ≥ 0 has Cv = 0 (0 is not in the convex hull of the gradients;
 * callers check this first). Solved by Newton's method with a backtracking (Armijo) line search
 * that keeps β > 0, in float64, from the diagonal solution rescaled along its ray; when the
 * decrease of f is below its rounding error the line search asks for a smaller residual instead. It stops when
 * every relative residual |(Cβ)ᵢ βᵢ^p / sᵢ − 1| is below 1e-10, or below the rounding bound
 * 16 ε Σⱼ|Cᵢⱼβⱼ| / (sᵢβᵢ^(−p)) of its own computation when that bound is at most 1e-6 (the
 * cancellation in (Cβ)ᵢ near Pareto-stationary inputs limits the attainable accuracy), or when
 * Newton's steps fall below 1e-12 of β with every residual at its rounding level; Left
 * `SolverFailed` after 200 iterations or on a Newton system that is not positive definite.
 */
export const solveBargaining = (n: number, C: ArrayLike<number>, s: ArrayLike<number>, p: number): E.Either<MtlError, Float64Array> => {
  const h = (b: number): number => (p === 1 ? Math.log(b) : b ** (1 - p) / (1 - p));
  /** f(β) and the sum of the magnitudes of its terms (its rounding scale). */
  const objective = (beta: Float64Array): readonly [number, number] => {
    let f = 0;
    let magnitude = 0;
    for (let i = 0; i < n; i++) {
      let cb = 0;
      for (let j = 0; j < n; j++) cb += C[i * n + j]! * beta[j]!;
      const a = 0.5 * beta[i]! * cb;
      const b = s[i]! * h(beta[i]!);
      f += a - b;
      magnitude += Math.abs(a) + Math.abs(b);
    }
    return [f, magnitude];
  };
  /** The largest relative residual |(Cβ)ᵢ βᵢ^p / sᵢ − 1|. */
  const worstResidual = (beta: Float64Array): number => {
    let worst = 0;
    for (let i = 0; i < n; i++) {
      let cb = 0;
      for (let j = 0; j < n; j++) cb += C[i * n + j]! * beta[j]!;
      worst = Math.max(worst, Math.abs(cb / (s[i]! * beta[i]! ** -p) - 1));
    }
    return worst;
  };
  let beta: Float64Array = Float64Array.from({ length: n }, (_, i) => (s[i]! / C[i * n + i]!) ** (1 / (1 + p)));
  {
    // Best multiple of the diagonal solution: t^(1+p) = Σ sᵢ βᵢ^(1−p) / βᵀCβ.
    let bcb = 0;
    let sb = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) bcb += beta[i]! * C[i * n + j]! * beta[j]!;
      sb += s[i]! * beta[i]! ** (1 - p);
    }
    if (bcb > 0) {
      const t = (sb / bcb) ** (1 / (1 + p));
      if (Number.isFinite(t) && t > 0) beta = beta.map((b) => b * t);
    }
  }
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const grad = new Float64Array(n);
    const hessian = Float64Array.from({ length: n * n }, (_, k) => C[k]!);
    let converged = true;
    let withinRounding = true;
    for (let i = 0; i < n; i++) {
      let cb = 0;
      let magnitude = 0;
      for (let j = 0; j < n; j++) {
        cb += C[i * n + j]! * beta[j]!;
        magnitude += Math.abs(C[i * n + j]! * beta[j]!);
      }
      const target = s[i]! * beta[i]! ** -p;
      grad[i] = cb - target;
      const residual = Math.abs(cb / target - 1);
      const rounding = (16 * Number.EPSILON * magnitude) / target;
      if (!(residual <= Math.max(RESIDUAL_TOLERANCE, Math.min(rounding, ROUNDING_CAP)))) converged = false;
      if (!(residual <= Math.max(RESIDUAL_TOLERANCE, rounding))) withinRounding = false;
      hessian[i * n + i] = hessian[i * n + i]! + (p * target) / beta[i]!;
    }
    if (converged) return E.right(beta);
    // Equilibrated Newton system (unit diagonal): the βᵢ can differ by many orders of magnitude.
    const e = Float64Array.from({ length: n }, (_, i) => 1 / Math.sqrt(hessian[i * n + i]!));
    const L = cholesky(n, hessian.map((v, k) => v * e[Math.floor(k / n)]! * e[k % n]!), 0);
    if (L === null) return E.left(solverFailed('the bargaining solver met a Newton system that is not positive definite.'));
    const step = choleskySolve(n, L, grad.map((v, i) => -v * e[i]!)).map((v, i) => v * e[i]!);
    // Newton has stagnated (steps below 1e-12 of β) with every residual at its rounding level: the
    // floating-point solution. (A problem without solution instead makes β grow without bound.)
    if (withinRounding && step.every((d, i) => Math.abs(d) <= 1e-12 * beta[i]!)) return E.right(beta);
    let decrement = 0;
    for (let i = 0; i < n; i++) decrement -= grad[i]! * step[i]!;
    let t = 1;
    for (let i = 0; i < n; i++) if (step[i]! < 0) t = Math.min(t, (0.99 * beta[i]!) / -step[i]!);
    const trial = (tt: number): Float64Array => Float64Array.from(beta, (b, i) => b + tt * step[i]!);
    // Near the solution (Newton decrement below 1e-3) full steps converge quadratically. When the
    // expected decrease of f is below its rounding error (rows of very different scales), the
    // Armijo test cannot be evaluated: the step must lower the largest relative residual instead.
    if (!(t === 1 && decrement < 1e-6)) {
      const [f0, magnitude] = objective(beta);
      const start = t;
      if (decrement > 1e3 * Number.EPSILON * magnitude) {
        while (t > 1e-14 && !(objective(trial(t))[0] <= f0 - 0.25 * t * decrement)) t /= 2;
      }
      if (!(t > 1e-14) || !(decrement > 1e3 * Number.EPSILON * magnitude)) {
        const r0 = worstResidual(beta);
        t = start;
        while (t > 1e-14 && !(worstResidual(trial(t)) < r0)) t /= 2;
      }
      if (!(t > 1e-14)) return E.left(solverFailed('the bargaining solver made no progress in its line search.'));
    }
    beta = trial(t);
  }
  return E.left(solverFailed(`the bargaining solver did not converge in ${MAX_ITERATIONS} Newton iterations.`));
};
