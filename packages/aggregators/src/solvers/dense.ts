/**
 * Small dense float64 linear algebra on row-major n x n arrays: the building blocks of the
 * solvers (m x m systems, m = number of tasks). Nothing here allocates tensors.
 */

/** y = A x for an n x n row-major A. */
export const matVec = (n: number, A: ArrayLike<number>, x: ArrayLike<number>): Float64Array => {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += A[i * n + j]! * x[j]!;
    y[i] = s;
  }
  return y;
};

/** xᵀ y. */
export const dot = (x: ArrayLike<number>, y: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
  return s;
};

/** xᵀ A x. */
export const quadraticForm = (n: number, A: ArrayLike<number>, x: ArrayLike<number>): number => dot(x, matVec(n, A, x));

/** The largest |A_ii|. */
export const maxAbsDiagonal = (n: number, A: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < n; i++) s = Math.max(s, Math.abs(A[i * n + i]!));
  return s;
};

/** The trace of A. */
export const trace = (n: number, A: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < n; i++) s += A[i * n + i]!;
  return s;
};

/** The Frobenius norm of A. */
export const frobeniusNorm = (A: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < A.length; i++) s += A[i]! * A[i]!;
  return Math.sqrt(s);
};

/** The sub-matrix A[rows, rows] (k x k, row-major). */
export const principalSubmatrix = (n: number, A: ArrayLike<number>, rows: readonly number[]): Float64Array => {
  const k = rows.length;
  const S = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) S[a * k + b] = A[rows[a]! * n + rows[b]!]!;
  return S;
};

/**
 * Solves A x = b by Gaussian elimination with partial pivoting. Returns null when a pivot is at or
 * below `relativePivot` times the largest entry of A (A numerically singular).
 */
export const luSolve = (n: number, A: ArrayLike<number>, b: ArrayLike<number>, relativePivot = 1e-14): Float64Array | null => {
  const M = Float64Array.from(A as ArrayLike<number>);
  const x = Float64Array.from(b as ArrayLike<number>);
  let scale = 0;
  for (let i = 0; i < M.length; i++) scale = Math.max(scale, Math.abs(M[i]!));
  if (!(scale > 0)) return null;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(M[i * n + k]!) > Math.abs(M[p * n + k]!)) p = i;
    const pivot = M[p * n + k]!;
    if (!(Math.abs(pivot) > relativePivot * scale)) return null;
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = M[k * n + j]!;
        M[k * n + j] = M[p * n + j]!;
        M[p * n + j] = t;
      }
      const t = x[k]!;
      x[k] = x[p]!;
      x[p] = t;
    }
    for (let i = k + 1; i < n; i++) {
      const f = M[i * n + k]! / pivot;
      if (f === 0) continue;
      for (let j = k; j < n; j++) M[i * n + j] = M[i * n + j]! - f * M[k * n + j]!;
      x[i] = x[i]! - f * x[k]!;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let j = i + 1; j < n; j++) s -= M[i * n + j]! * x[j]!;
    x[i] = s / M[i * n + i]!;
  }
  return x;
};

/**
 * The Cholesky factor L (lower triangular, A = L Lᵀ) of a symmetric matrix, or null when a pivot
 * is at or below `relativePivot` times the largest diagonal entry (A not numerically positive
 * definite).
 */
export const cholesky = (n: number, A: ArrayLike<number>, relativePivot = 1e-14): Float64Array | null => {
  const L = new Float64Array(n * n);
  const floor = relativePivot * maxAbsDiagonal(n, A);
  for (let j = 0; j < n; j++) {
    let d = A[j * n + j]!;
    for (let k = 0; k < j; k++) d -= L[j * n + k]! * L[j * n + k]!;
    if (!(d > floor) || !(d > 0)) return null;
    const ljj = Math.sqrt(d);
    L[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = A[i * n + j]!;
      for (let k = 0; k < j; k++) s -= L[i * n + k]! * L[j * n + k]!;
      L[i * n + j] = s / ljj;
    }
  }
  return L;
};

/** Solves (L Lᵀ) x = b given the Cholesky factor L. */
export const choleskySolve = (n: number, L: ArrayLike<number>, b: ArrayLike<number>): Float64Array => {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= L[i * n + k]! * y[k]!;
    y[i] = s / L[i * n + i]!;
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < n; k++) s -= L[k * n + i]! * x[k]!;
    x[i] = s / L[i * n + i]!;
  }
  return x;
};
