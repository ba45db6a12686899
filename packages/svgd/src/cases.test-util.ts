// Test-only (excluded from the build): the random cases of the samplers' property tests and the
// small float64 helpers their oracles share.
import { tf } from '@mtlkit/core';
import { fc } from '@fast-check/vitest';

/** A coordinate on a 1e-3 grid in [−r, r] (no subnormal scales, where float32 has no digits to compare). */
export const grid = (r: number) => fc.integer({ min: -1000 * r, max: 1000 * r }).map((v) => v / 1000);

/** An m x d matrix of grid coordinates in [−r, r]. */
export const rowsArb = (m: number, d: number, r: number) => fc.array(fc.array(grid(r), { minLength: d, maxLength: d }), { minLength: m, maxLength: m });

/** Particles (M x d, coordinates in [−2, 2]) and K score matrices (M x d, in [−3, 3]). */
export const targetsCaseArb = (maxM: number, maxD: number, minK: number, maxK: number) =>
  fc
    .tuple(fc.integer({ min: 1, max: maxM }), fc.integer({ min: 1, max: maxD }), fc.integer({ min: minK, max: maxK }))
    .chain(([m, d, k]) => fc.tuple(rowsArb(m, d, 2), fc.array(rowsArb(m, d, 3), { minLength: k, maxLength: k })));

/** The particles and score matrices of a case as tensors (the caller disposes them). */
export const tensors = (xs: number[][], ss: number[][][]) => [tf.tensor2d(xs), ss.map((s) => tf.tensor2d(s))] as const;

/** A permutation of 0..m−1 by Fisher–Yates, its draws taken from `noise` (e.g. `fc.infiniteStream(fc.nat())`). */
export const permutationFrom = (m: number, noise: Iterable<number>): number[] => {
  const perm = Array.from({ length: m }, (_, i) => i);
  const it = noise[Symbol.iterator]();
  for (let i = m - 1; i > 0; i--) {
    const j = it.next().value! % (i + 1);
    [perm[i], perm[j]] = [perm[j]!, perm[i]!];
  }
  return perm;
};

/** The float32 values the tensors hold, for float64 oracles of the same input. */
export const f32 = (rows: number[][]): number[][] => rows.map((r) => r.map((v) => Math.fround(v)));

/** ‖a − b‖². */
export const sq = (a: readonly number[], b: readonly number[]): number => a.reduce((acc, v, l) => acc + (v - b[l]!) ** 2, 0);

/** ⟨a, b⟩. */
export const dot = (a: readonly number[], b: readonly number[]): number => a.reduce((acc, v, l) => acc + v * b[l]!, 0);
