import { solverFailed, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';

/** Eigenvalues in decreasing order and the matching orthonormal eigenvectors (columns of `vectors`). */
export interface SymmetricEigen {
  readonly n: number;
  /** λ₁ ≥ λ₂ ≥ … ≥ λₙ. */
  readonly values: Float64Array;
  /** n x n row-major; column k is the unit eigenvector of `values[k]`. */
  readonly vectors: Float64Array;
}

const MAX_SWEEPS = 60;

/**
 * Eigendecomposition A = V diag(λ) Vᵀ of a symmetric n x n matrix (row-major; only the upper
 * triangle is read) by the cyclic Jacobi method (Golub & Van Loan, Matrix Computations, §8.5.2,
 * Algorithm 8.5.3), in float64. A rotation is skipped when |a_pq| ≤ ε·√|a_pp a_qq| (the relative
 * criterion of Demmel & Veselić 1992, which keeps small eigenvalues of positive semi-definite
 * matrices accurate to high relative precision); the method stops after a sweep with no rotation.
 * Left `SolverFailed` if that has not happened after 60 sweeps (Jacobi converges quadratically,
 * typically in under 10).
 */
export const symmetricEigen = (n: number, A: ArrayLike<number>): E.Either<MtlError, SymmetricEigen> => {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      a[i * n + j] = A[i * n + j]!;
      a[j * n + i] = A[i * n + j]!;
    }
  }
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let norm = 0;
  for (let i = 0; i < a.length; i++) norm += a[i]! * a[i]!;
  // Entries below this are zero at float64 resolution of the whole matrix.
  const negligible = Number.EPSILON * Number.EPSILON * Math.sqrt(norm);
  let converged = false;
  for (let sweep = 0; sweep < MAX_SWEEPS && !converged; sweep++) {
    converged = true;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        const app = a[p * n + p]!;
        const aqq = a[q * n + q]!;
        if (Math.abs(apq) <= Number.EPSILON * Math.sqrt(Math.abs(app * aqq)) || Math.abs(apq) <= negligible) {
          a[p * n + q] = 0;
          a[q * n + p] = 0;
          continue;
        }
        converged = false;
        // tan of the rotation angle, the smaller root of t² + 2θt − 1 = 0 (|angle| ≤ π/4).
        const theta = (aqq - app) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        a[p * n + p] = app - t * apq;
        a[q * n + q] = aqq + t * apq;
        a[p * n + q] = 0;
        a[q * n + p] = 0;
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  if (!converged) return E.left(solverFailed(`the Jacobi eigensolver did not converge in ${MAX_SWEEPS} sweeps on a ${n} x ${n} matrix.`));
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j * n + j]! - a[i * n + i]! || i - j);
  const values = Float64Array.from(order, (i) => a[i * n + i]!);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    for (let k = 0; k < n; k++) vectors[k * n + dst] = v[k * n + src]!;
  });
  return E.right({ n, values, vectors });
};

/**
 * The Moore–Penrose pseudo-inverse of a symmetric matrix from its eigendecomposition:
 * A⁺ = Σ_{|λₖ| > rtol·max|λ|} vₖ vₖᵀ / λₖ. For a symmetric matrix the singular values are the |λₖ|,
 * so this is `numpy.linalg.pinv(A, rcond=rtol)` / `torch.linalg.pinv(A, rtol=rtol)`.
 */
export const pseudoInverseFromEigen = (eig: SymmetricEigen, rtol: number): Float64Array => {
  const { n, values, vectors } = eig;
  let top = 0;
  for (const l of values) top = Math.max(top, Math.abs(l));
  const P = new Float64Array(n * n);
  if (!(top > 0)) return P;
  for (let k = 0; k < n; k++) {
    const l = values[k]!;
    if (!(Math.abs(l) > rtol * top)) continue;
    for (let i = 0; i < n; i++) {
      const vi = vectors[i * n + k]! / l;
      if (vi === 0) continue;
      for (let j = 0; j < n; j++) P[i * n + j] = P[i * n + j]! + vi * vectors[j * n + k]!;
    }
  }
  return P;
};

/** The pseudo-inverse of a symmetric matrix (see `pseudoInverseFromEigen`). */
export const symmetricPseudoInverse = (n: number, A: ArrayLike<number>, rtol: number): E.Either<MtlError, Float64Array> =>
  E.map((eig: SymmetricEigen) => pseudoInverseFromEigen(eig, rtol))(symmetricEigen(n, A));
