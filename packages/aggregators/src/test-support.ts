/**
 * Helpers for this package's own tests (not exported from the index): float64 Gramians, task
 * Jacobians from plain rows, random matrices, reference solvers.
 */
import { parseJacobian, tf, type Gramian, type TaskJacobian } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { luSolve, matVec } from './solvers/dense.js';
import { symmetricEigen } from './solvers/symmetric-eigen.js';

/** G = J Jᵀ in float64 from plain rows. */
export const gramianOf = (rows: readonly (readonly number[])[]): Gramian => {
  const m = rows.length;
  const values = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let k = 0; k < rows[i]!.length; k++) s += rows[i]![k]! * rows[j]![k]!;
      values[i * m + j] = s;
    }
  }
  return { m, values };
};

/** Jᵀ w in float64. */
export const combineRows = (rows: readonly (readonly number[])[], w: ArrayLike<number>): Float64Array => {
  const d = rows[0]!.length;
  const out = new Float64Array(d);
  rows.forEach((r, i) => r.forEach((v, k) => (out[k] = out[k]! + w[i]! * v)));
  return out;
};

/** A float32 task Jacobian from rows; throws on rows parseJacobian rejects (tests only). */
export const jacobian = (rows: readonly (readonly number[])[]): TaskJacobian => {
  const t = tf.tensor2d(rows.map((r) => [...r]), [rows.length, rows[0]!.length], 'float32');
  const J = parseJacobian(t);
  if (E.isLeft(J)) throw new Error(J.left.message);
  return J.right;
};

/** The largest |aᵢ − bᵢ|. */
export const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s = Math.max(s, Math.abs(a[i]! - b[i]!));
  return s;
};

/** The largest |aᵢ|. */
export const maxAbs = (a: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s = Math.max(s, Math.abs(a[i]!));
  return s;
};

/** A float32 in [−1, 1]; magnitudes below 1e-20 become 0 (squares of subnormals underflow in float32). */
const entryArb = fc.float({ min: -1, max: 1, noNaN: true, noDefaultInfinity: true }).map((v) => (Math.abs(v) < 1e-20 ? 0 : v));

/** Rows of an m x d matrix with float32-representable entries in [−1, 1]. */
export const rowsArb = (m: number, d: number): fc.Arbitrary<number[][]> =>
  fc.array(fc.array(entryArb, { minLength: d, maxLength: d }), {
    minLength: m,
    maxLength: m,
  });

/** Rows of an m x d matrix for m in [mMin, mMax], d in [dMin, dMax]. */
export const matrixArb = (mMin: number, mMax: number, dMin: number, dMax: number): fc.Arbitrary<number[][]> =>
  fc.tuple(fc.integer({ min: mMin, max: mMax }), fc.integer({ min: dMin, max: dMax })).chain(([m, d]) => rowsArb(m, d));

/** `matrixArb` with each row multiplied by 10^k, k in [−kMax, kMax], and some rows possibly zero. */
export const degenerateMatrixArb = (mMin: number, mMax: number, dMin: number, dMax: number, kMax = 3): fc.Arbitrary<number[][]> =>
  matrixArb(mMin, mMax, dMin, dMax).chain((rows) =>
    fc
      .array(fc.oneof(fc.integer({ min: -kMax, max: kMax }), fc.constant(Number.NEGATIVE_INFINITY)), {
        minLength: rows.length,
        maxLength: rows.length,
      })
      .map((ks) => rows.map((r, i) => r.map((v) => Math.fround(v * (ks[i] === Number.NEGATIVE_INFINITY ? 0 : 10 ** ks[i]!))))),
  );

/**
 * Tolerance for an aggregator run on a float32 tensor against a float64 reference: relative to
 * ‖expected‖∞, 2e-6 ≈ 17 float32 ulps (2⁻²³ ≈ 1.2e-7). The float32 path rounds J once (½ ulp per
 * entry), accumulates G = J Jᵀ over d terms and the combination Jᵀw over m terms in float32; the
 * largest deviation measured over the 16 reference cases is 7e-7.
 */
export const FLOAT32_RTOL = 2e-6;

/**
 * argmin { vᵀGv : v ≥ u } by brute force (an independent check of `projectWeights`): for every
 * choice of the free set F, v_F solves G_FF v_F = −G_FA u_A with v_A = u_A; the answer is the
 * candidate that satisfies the KKT conditions (v ≥ u, (Gv)_A ≥ 0), unique for positive definite G.
 */
export const projectionByEnumeration = (G: Gramian, u: ArrayLike<number>): Float64Array => {
  const m = G.m;
  const scale = Math.max(...Array.from(u as ArrayLike<number>, Math.abs)) * Math.max(...Array.from(G.values, Math.abs));
  for (let mask = 0; mask < 1 << m; mask++) {
    const F = Array.from({ length: m }, (_, i) => i).filter((i) => (mask >> i) & 1);
    const v = Float64Array.from(u);
    if (F.length > 0) {
      const A = new Float64Array(F.length * F.length);
      const b = new Float64Array(F.length);
      F.forEach((i, a) => {
        F.forEach((j, c) => (A[a * F.length + c] = G.values[i * m + j]!));
        let s = 0;
        for (let j = 0; j < m; j++) if (!F.includes(j)) s -= G.values[i * m + j]! * u[j]!;
        b[a] = s;
      });
      const x = luSolve(F.length, A, b, 1e-13);
      if (x === null) continue;
      F.forEach((i, a) => (v[i] = x[a]!));
    }
    if (F.some((i) => v[i]! < u[i]!)) continue;
    const gv = matVec(m, G.values, v);
    if (gv.some((g, i) => !F.includes(i) && g < -1e-12 * scale)) continue;
    return v;
  }
  throw new Error('no KKT point found');
};

/** λ_min / λ_max of G = J Jᵀ (float64 Jacobi), 0 for a zero matrix: the squared condition of J's rows. */
export const inverseCondition = (G: Gramian): number => {
  const e = symmetricEigen(G.m, G.values);
  if (E.isLeft(e)) throw new Error(e.left.message);
  const top = e.right.values[0]!;
  return top > 0 ? e.right.values[G.m - 1]! / top : 0;
};
