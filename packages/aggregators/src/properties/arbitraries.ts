import fc from 'fast-check';
import { sampleFromRows, type JacobianSample } from './sample.js';

/** A size: exactly n, or any integer in [min, max]. */
export type Size = number | { readonly min: number; readonly max: number };

export interface ShapeOptions {
  /** Number of tasks (rows), default { min: 1, max: 5 }. */
  readonly m?: Size;
  /** Number of parameters (columns), default { min: 1, max: 8 }. */
  readonly d?: Size;
}

const sizeArb = (s: Size): fc.Arbitrary<number> => (typeof s === 'number' ? fc.constant(s) : fc.integer({ min: s.min, max: s.max }));

/**
 * An entry of J: a multiple of 2⁻¹⁸ in [−4, 4], so it is exact in float32 and shrinks towards 0
 * (shrinking produces zero rows, equal rows and rank-deficient matrices on its own).
 */
const entry: fc.Arbitrary<number> = fc.integer({ min: -(2 ** 20), max: 2 ** 20 }).map((k) => k / 2 ** 18);

const maxOf = (s: Size): number => (typeof s === 'number' ? s : s.max);

/** The size with its lower end raised to `min` (a RangeError if nothing is left). */
const atLeast = (s: Size, min: number): Size => {
  if (maxOf(s) < min) throw new RangeError(`this arbitrary needs at least ${min} rows, but m is at most ${maxOf(s)}.`);
  return typeof s === 'number' ? s : { min: Math.max(s.min, min), max: s.max };
};

const shape = (options: ShapeOptions, minM = 1): fc.Arbitrary<readonly [number, number]> =>
  fc.tuple(sizeArb(atLeast(options.m ?? { min: 1, max: 5 }, minM)), sizeArb(options.d ?? { min: 1, max: 8 }));

const matrix = (m: number, d: number): fc.Arbitrary<number[][]> =>
  fc.array(fc.array(entry, { minLength: d, maxLength: d }), { minLength: m, maxLength: m });

/** Jacobians with entries in [−4, 4] (m in [1, 5], d in [1, 8] unless given) (torchjd's normal sampler, in fast-check's terms). */
export const jacobians = (options: ShapeOptions = {}): fc.Arbitrary<JacobianSample> =>
  shape(options).chain(([m, d]) => matrix(m, d)).map(sampleFromRows);

/**
 * Strongly conflicting Jacobians (torchjd's `StrongSampler`): some positive combination of the
 * rows vanishes, vᵀJ = 0 with v > 0, so every direction that helps one task hurts another unless
 * it is orthogonal to all of them. Built as J = A − v (vᵀA)/‖v‖² (m ≥ 2; rank ≤ m − 1).
 */
export const conflictingJacobians = (options: ShapeOptions = {}): fc.Arbitrary<JacobianSample> =>
  shape(options, 2)
    .chain(([m, d]) => fc.tuple(matrix(m, d), fc.array(fc.integer({ min: 1, max: 64 }), { minLength: m, maxLength: m })))
    .map(([A, v]) => {
      const vv = v.reduce((s, x) => s + x * x, 0);
      const vA = A[0]!.map((_, j) => A.reduce((s, row, i) => s + v[i]! * row[j]!, 0));
      return sampleFromRows(A.map((row, i) => row.map((x, j) => x - (v[i]! * vA[j]!) / vv)));
    });

export interface ScaledOptions extends ShapeOptions {
  /** Rows are multiplied by 10^k with k in [−orders, orders] (default 6: from 1e-6 to 1e6). */
  readonly orders?: number;
}

/** Jacobians whose rows are scaled over many orders of magnitude (torchjd's scaled sampler). */
export const scaledJacobians = (options: ScaledOptions = {}): fc.Arbitrary<JacobianSample> => {
  const orders = options.orders ?? 6;
  return shape(options)
    .chain(([m, d]) => fc.tuple(matrix(m, d), fc.array(fc.integer({ min: -orders, max: orders }), { minLength: m, maxLength: m })))
    .map(([A, k]) => sampleFromRows(A.map((row, i) => row.map((x) => x * 10 ** k[i]!))));
};

/** Jacobians with at least one zero row (a task whose gradient vanishes). */
export const jacobiansWithZeroRows = (options: ShapeOptions = {}): fc.Arbitrary<JacobianSample> =>
  shape(options)
    .chain(([m, d]) => fc.tuple(matrix(m, d), fc.array(fc.boolean(), { minLength: m, maxLength: m }), fc.nat(m - 1)))
    .map(([A, zero, forced]) => sampleFromRows(A.map((row, i) => (zero[i] || i === forced ? row.map(() => 0) : row))));

/** Any of the above (conflicting ones only where m ≥ 2): the default input of property tests. */
export const anyJacobians = (options: ScaledOptions = {}): fc.Arbitrary<JacobianSample> =>
  maxOf(options.m ?? 5) >= 2
    ? fc.oneof(jacobians(options), conflictingJacobians(options), scaledJacobians(options), jacobiansWithZeroRows(options))
    : fc.oneof(jacobians(options), scaledJacobians(options), jacobiansWithZeroRows(options));
