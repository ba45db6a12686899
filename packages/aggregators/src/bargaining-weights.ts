import type { Gramian, MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { correlationGramian, nonZeroRows } from './gramian-normalization.js';
import { maxAbsDiagonal, quadraticForm } from './solvers/dense.js';
import { minNormPoint } from './solvers/min-norm-point.js';
import { solveBargaining } from './solvers/bargaining.js';

/**
 * Below this squared norm of the min-norm point of the unit task gradients the rows are treated
 * as Pareto-stationary (0 in their convex hull). 1e-7 is the relative resolution of a Gramian
 * computed in float32; below it the bargaining system is also too ill-conditioned to solve in
 * float64 (its solution grows like 1/√μ and its residual loses ε/μ).
 */
export const STATIONARY_THRESHOLD = 1e-7;

/**
 * The positive solution w of (G w)ᵢ = wᵢ^(−p) over the rows with a non-zero gradient (zero rows get
 * weight 0: their task is indifferent to every direction), or all-zero weights when the other rows
 * are Pareto-stationary (no direction improves every task, so the bargaining problem has no
 * solution other than the disagreement point d = 0). Solved on the correlation matrix
 * C = D G D, D = diag(1/‖gᵢ‖) — w = D β with (Cβ)ᵢ = ‖gᵢ‖^(p−1) βᵢ^(−p) — so that rows scaled over
 * many orders of magnitude stay well conditioned.
 */
export const bargainingWeights = (G: Gramian, p: number): E.Either<MtlError, Float64Array> => {
  const m = G.m;
  const weights = new Float64Array(m);
  const rows = nonZeroRows(G);
  if (rows.length === 0) return E.right(weights);
  const C = correlationGramian(G, rows);
  const mnp = minNormPoint(C);
  if (E.isLeft(mnp)) return mnp;
  if (quadraticForm(C.m, C.values, mnp.right) <= STATIONARY_THRESHOLD * maxAbsDiagonal(C.m, C.values)) return E.right(weights);
  // Norms relative to the largest keep the coefficients ‖gᵢ‖^(p−1) near 1; w scales back by
  // top^(−2/(1+p)), since G = top² Ĝ gives w = top^(−2/(1+p)) ŵ.
  const norms = rows.map((i) => Math.sqrt(G.values[i * m + i]!));
  const top = Math.max(...norms);
  const relative = norms.map((n) => n / top);
  const s = relative.map((n) => n ** (p - 1));
  const beta = solveBargaining(C.m, C.values, s, p);
  if (E.isLeft(beta)) return beta;
  const back = top ** (-2 / (1 + p));
  rows.forEach((i, a) => (weights[i] = (beta.right[a]! / relative[a]!) * back));
  return E.right(weights);
};
