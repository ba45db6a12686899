/**
 * Brute-force minimum over the 3-task simplex, in float64: the objective at every grid point
 * w = (a, b, n − a − b) / n, given w and the quadratic form wᵀGw of the 3 × 3 row-major `G`
 * (step 1/200 by default). An independent check of the QP solvers on small cases.
 */
export const minOverSimplexGrid = (G: ArrayLike<number>, objective: (w: readonly number[], quad: number) => number, n = 200): number => {
  let best = Number.POSITIVE_INFINITY;
  for (let a = 0; a <= n; a++) {
    for (let b = 0; a + b <= n; b++) {
      const w = [a / n, b / n, (n - a - b) / n];
      let quad = 0;
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) quad += w[i]! * G[i * 3 + j]! * w[j]!;
      best = Math.min(best, objective(w, quad));
    }
  }
  return best;
};
