import { solverFailed, type Gramian, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { cholesky, choleskySolve, maxAbsDiagonal, principalSubmatrix } from './dense.js';

/**
 * Weights v of the projection of Jᵀu onto the dual cone of the rows of J, given G = J Jᵀ:
 * π_J(Jᵀu) = Jᵀv with
 *
 *   v = argmin { vᵀ G v : v ≥ u }                (Quinton & Rey 2024, "Jacobian Descent for
 *                                                 Multi-Objective Optimization", Proposition 1)
 *
 * as torchjd's `_utils/dual_cone.py` (`project_weights`) solves it with quadprog. Written as the
 * non-negative QP min ½xᵀGx + xᵀ(Gu), x = v − u ≥ 0, and solved exactly by a primal active-set
 * method (Lawson & Hanson 1974, ch. 23, on the QP form): free variables solve G_FF x_F = −(Gu)_F
 * by Cholesky, a ratio test keeps x ≥ 0, and the variable with the most negative gradient enters.
 * Ends when the KKT conditions hold — x ≥ 0, Gv ≥ −τ, (Gv)ᵢ xᵢ = 0 — with τ = 1e-13 ·
 * max Gᵢᵢ · max(|u|, |v|). G must be positive definite on the free set (torchjd regularises it
 * with G + εI first; so do `upgrad` and `dualProj`): a non-positive pivot, more than 10 m + 10
 * outer iterations, or a final KKT violation above 1e-9 return Left `SolverFailed`.
 */
export const projectWeights = (G: Gramian, u: ArrayLike<number>): E.Either<MtlError, Float64Array> => {
  // The projection is positively homogeneous in u: solve for u / max|u| and scale back.
  let uScale = 0;
  for (let i = 0; i < G.m; i++) uScale = Math.max(uScale, Math.abs(u[i]!));
  if (uScale === 0) return E.right(new Float64Array(G.m));
  return E.map((v: Float64Array) => v.map((x) => x * uScale))(projectUnit(G, Float64Array.from({ length: G.m }, (_, i) => u[i]! / uScale)));
};

const projectUnit = (G: Gramian, u: Float64Array): E.Either<MtlError, Float64Array> => {
  const m = G.m;
  const g = G.values;
  const gu = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < m; j++) s += g[i * m + j]! * u[j]!;
    gu[i] = s;
  }
  let uMax = 0;
  for (let i = 0; i < m; i++) uMax = Math.max(uMax, Math.abs(u[i]!));
  const diag = maxAbsDiagonal(m, g);
  const x = new Float64Array(m);
  const free: boolean[] = new Array<boolean>(m).fill(false);
  const gradient = (): Float64Array => {
    const r = Float64Array.from(gu);
    for (let i = 0; i < m; i++) {
      if (x[i] === 0) continue;
      for (let j = 0; j < m; j++) r[j] = r[j]! + g[j * m + i]! * x[i]!;
    }
    return r;
  };
  const tolerance = (): number => {
    let xMax = 0;
    for (let i = 0; i < m; i++) xMax = Math.max(xMax, Math.abs(u[i]! + x[i]!));
    return 1e-13 * diag * Math.max(uMax, xMax);
  };
  const maxOuter = 10 * m + 10;
  for (let outer = 0; outer <= maxOuter; outer++) {
    const grad = gradient();
    let entering = -1;
    const tau = tolerance();
    for (let i = 0; i < m; i++) {
      if (free[i]) continue;
      if (grad[i]! < -tau && (entering < 0 || grad[i]! < grad[entering]!)) entering = i;
    }
    if (entering < 0) return check(m, g, u, x, diag, uMax);
    if (outer === maxOuter) break;
    free[entering] = true;
    for (let inner = 0; ; inner++) {
      if (inner > m) return E.left(solverFailed('the dual-cone projection cycled in its inner loop.'));
      const F = free.flatMap((f, i) => (f ? [i] : []));
      const L = cholesky(F.length, principalSubmatrix(m, g, F));
      if (L === null) {
        return E.left(solverFailed('the dual-cone projection needs a positive definite Gramian on the active tasks; regularise it (G + εI).'));
      }
      const z = choleskySolve(F.length, L, F.map((i) => -gu[i]!));
      if (z.every((v) => v > 0)) {
        x.fill(0);
        F.forEach((i, a) => (x[i] = z[a]!));
        break;
      }
      let theta = Number.POSITIVE_INFINITY;
      let leaving = -1;
      F.forEach((i, a) => {
        if (z[a]! > 0) return;
        const ratio = x[i]! > 0 ? x[i]! / (x[i]! - z[a]!) : 0;
        if (ratio < theta) {
          theta = ratio;
          leaving = i;
        }
      });
      F.forEach((i, a) => (x[i] = x[i]! + theta * (z[a]! - x[i]!)));
      x[leaving] = 0;
      free[leaving] = false;
      F.forEach((i) => {
        if (x[i]! <= 0) {
          x[i] = 0;
          free[i] = false;
        }
      });
    }
  }
  return E.left(solverFailed(`the dual-cone projection did not converge in ${maxOuter} iterations.`));
};

/** v = u + x after checking the KKT conditions in relative units. */
const check = (m: number, g: Float64Array, u: ArrayLike<number>, x: Float64Array, diag: number, uMax: number): E.Either<MtlError, Float64Array> => {
  const v = Float64Array.from({ length: m }, (_, i) => u[i]! + x[i]!);
  let vMax = uMax;
  for (let i = 0; i < m; i++) vMax = Math.max(vMax, Math.abs(v[i]!));
  const unit = diag * vMax;
  if (!(unit > 0)) return E.right(v);
  let worst = 0;
  for (let i = 0; i < m; i++) {
    let gv = 0;
    for (let j = 0; j < m; j++) gv += g[i * m + j]! * v[j]!;
    worst = Math.max(worst, -gv / unit, (Math.abs(gv) * x[i]!) / (unit * vMax));
  }
  return worst <= 1e-9
    ? E.right(v)
    : E.left(solverFailed(`the dual-cone projection ended with a KKT violation of ${worst.toExponential(2)}.`));
};
