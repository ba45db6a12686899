import { emptyInput, nonFinite, shapeMismatch, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';

/** Points in objective space, one row per point (minimisation). */
export type Points = readonly (readonly number[])[];

/** p weakly dominates q (minimisation): p_j ≤ q_j for every objective j. */
export const weaklyDominates = (p: readonly number[], q: readonly number[]): boolean => {
  for (let j = 0; j < p.length; j++) if (p[j]! > q[j]!) return false;
  return true;
};

/** Lexicographic order on objective vectors (a canonical order, so equal sets give equal sums). */
export const lexicographic = (a: readonly number[], b: readonly number[]): number => {
  for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) return a[j]! - b[j]!;
  return 0;
};

/**
 * The non-dominated points of a set, duplicates removed, in lexicographic order: a point is kept
 * unless another point weakly dominates it (ties keep the first in that order). O(n² d).
 */
export const nondominated = (points: Points): number[][] => {
  const sorted = [...points].map((p) => [...p]).sort(lexicographic);
  const out: number[][] = [];
  // After a lexicographic sort a point can only be weakly dominated by an earlier one.
  for (const p of sorted) if (!out.some((q) => weaklyDominates(q, p))) out.push(p);
  return out;
};

/**
 * Checks that every row has finite entries and the dimension of `dim` (named by `dimFrom`), or of
 * the first row; returns the dimension.
 */
export const checkPoints = (points: Points, what: string, dim?: number, dimFrom = 'the reference point'): E.Either<MtlError, number> => {
  const d = dim ?? points[0]?.length ?? 0;
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    if (p.length !== d) return E.left(shapeMismatch(`${what} ${i} has ${p.length} objectives but ${dim === undefined ? `${what} 0` : dimFrom} has ${d}.`));
    for (let j = 0; j < d; j++) {
      if (!Number.isFinite(p[j]!)) return E.left(nonFinite(`${what} ${i}, objective ${j} is ${p[j]}; objectives must be finite.`));
    }
  }
  if (d === 0) return E.left(emptyInput(`${what}s need at least one objective.`));
  return E.right(d);
};
