import { fails, holds, type PropertyResult } from './evaluate.js';
import { show, worstDifference } from './vectors.js';

/** Tolerances of the comparing checkers: |actual − expected|∞ ≤ rtol · scale + atol · ρ. */
export interface Tolerance {
  /** Relative to the size of the outputs compared (default 1e-4, torchjd's). */
  readonly rtol?: number;
  /**
   * Float32 noise floor relative to the largest row norm ρ of the inputs (default 1e-6): float32
   * sums of rows that cancel leave noise of that size, whatever the method.
   */
  readonly atol?: number;
}

/** Compares two directions entry by entry under the tolerance model above. */
export const closeDirections = (
  what: string,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  scale: number,
  rho: number,
  { rtol = 1e-4, atol = 1e-6 }: Tolerance,
): PropertyResult => {
  const worst = worstDifference(actual, expected);
  const allowed = rtol * scale + atol * rho;
  return worst.value <= allowed
    ? holds
    : fails(`${what}: entry ${worst.index} is ${show(actual[worst.index]!)}, expected ${show(expected[worst.index]!)} (difference ${show(worst.value)} > ${show(allowed)})`);
};
