// Test-only float64 oracles (excluded from the build): written from the formulas, independent of
// the tfjs code paths they check.
import type { Gramian } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';

/** Solves A x = b (n x n, row-major) by Gaussian elimination with partial pivoting; null if singular. */
export const solveLinear = (A: number[][], b: number[]): number[] | null => {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[p]![c]!)) p = r;
    if (Math.abs(M[p]![c]!) < 1e-12) return null;
    [M[c], M[p]] = [M[p]!, M[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r]![c]! / M[c]![c]!;
      for (let k = c; k <= n; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  return M.map((row, i) => row[n]! / row[i]!);
};

/**
 * The exact min-norm point of the simplex, min_{w ∈ Δ} wᵀGw, by enumerating the faces: on each
 * face the KKT system [G_S 1; 1ᵀ 0][w; λ] = [0; 1]; keep the feasible (w ≥ 0) point of least value.
 * Exponential in m: for m ≤ 6 in tests.
 */
export const bruteForceMinNorm = (G: Gramian): E.Either<never, Float64Array> => {
  const m = G.m;
  const at = (i: number, j: number): number => G.values[i * m + j]!;
  let best: Float64Array | null = null;
  let bestValue = Infinity;
  for (let mask = 1; mask < 1 << m; mask++) {
    const S = Array.from({ length: m }, (_, i) => i).filter((i) => (mask >> i) & 1);
    const n = S.length;
    const A = [...S.map((i) => [...S.map((j) => at(i, j)), 1]), [...S.map(() => 1), 0]];
    const x = solveLinear(A, [...S.map(() => 0), 1]);
    if (x === null || x.slice(0, n).some((v) => v < -1e-12)) continue;
    const w = new Float64Array(m);
    S.forEach((i, k) => (w[i] = Math.max(0, x[k]!)));
    const sum = w.reduce((s, v) => s + v, 0);
    w.forEach((v, i) => (w[i] = v / sum));
    let value = 0;
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) value += w[i]! * w[j]! * at(i, j);
    if (value < bestValue - 1e-15) {
      bestValue = value;
      best = w;
    }
  }
  return E.right(best!);
};
