/** Float64 matrix helpers for the reference computations of the tests (not part of the build). */

export type Matrix = readonly (readonly number[])[];

export const dot = (a: readonly number[], b: readonly number[]): number => a.reduce((s, v, i) => s + v * b[i]!, 0);

/** A Bᵀ (rows of A against rows of B). */
export const crossProducts = (A: Matrix, B: Matrix): number[][] => A.map((a) => B.map((b) => dot(a, b)));

/** M x. */
export const apply = (M: Matrix, x: readonly number[]): number[] => M.map((row) => dot(row, x));

/** Euclidean projection onto the simplex by bisection on θ in Σ max(yᵢ − θ, 0) = 1 (an independent method). */
export const simplexByBisection = (y: readonly number[]): number[] => {
  let lo = Math.min(...y) - 1;
  let hi = Math.max(...y);
  for (let it = 0; it < 200; it++) {
    const mid = (lo + hi) / 2;
    if (y.reduce((s, v) => s + Math.max(v - mid, 0), 0) > 1) lo = mid;
    else hi = mid;
  }
  return y.map((v) => Math.max(v - (lo + hi) / 2, 0));
};

/** Jacobian of m rows, d columns from a seed (deterministic, entries in [−2, 2]). */
export const seededRows = (seed: number, m: number, d: number): number[][] =>
  Array.from({ length: m }, (_, i) => Array.from({ length: d }, (_, k) => Math.fround(2 * Math.sin(seed * 12.9898 + i * 78.233 + k * 37.719))));
