import type { Gramian } from '@mtlkit/core';
import { trace } from './solvers/dense.js';

/**
 * G / tr(G): the Gramian of J / ‖J‖_F (tr(G) = ‖J‖_F²), or the zero matrix when tr(G) < eps —
 * torchjd's `_utils/gramian.py` `normalize`, used by UPGrad, DualProj and CAGrad. Note that eps
 * is absolute: a Jacobian with ‖J‖_F² < eps is treated as zero. tr(G) = 0 always gives zero.
 */
export const normalizeGramian = (G: Gramian, eps: number): Gramian => {
  const t = trace(G.m, G.values);
  return { m: G.m, values: t < eps || !(t > 0) ? new Float64Array(G.values.length) : G.values.map((v) => v / t) };
};

/** G + eps I — torchjd's `regularize`: makes a positive semi-definite Gramian positive definite. */
export const regularizeGramian = (G: Gramian, eps: number): Gramian => {
  const values = Float64Array.from(G.values);
  for (let i = 0; i < G.m; i++) values[i * G.m + i] = values[i * G.m + i]! + eps;
  return { m: G.m, values };
};

/** D G D with D = diag(1/√Gᵢᵢ) over the rows with Gᵢᵢ > 0: the Gramian of the unit gradients. */
export const correlationGramian = (G: Gramian, rows: readonly number[]): Gramian => {
  const k = rows.length;
  const norms = rows.map((i) => Math.sqrt(G.values[i * G.m + i]!));
  const values = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) values[a * k + b] = a === b ? 1 : G.values[rows[a]! * G.m + rows[b]!]! / (norms[a]! * norms[b]!);
  }
  return { m: k, values };
};

/** Indices of the rows with a positive squared norm Gᵢᵢ. */
export const nonZeroRows = (G: Gramian): number[] => {
  const rows: number[] = [];
  for (let i = 0; i < G.m; i++) if (G.values[i * G.m + i]! > 0) rows.push(i);
  return rows;
};
