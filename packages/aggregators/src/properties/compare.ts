import { fails, holds, type PropertyResult } from './evaluate.js';
import { show, worstDifference } from './vectors.js';

/** Tolerances of the comparing checkers: |actual − expected|∞ ≤ rtol · scale + atol · ρ. */
export interface Tolerance {
  /** Relative to the size of the outputs compared (default 1e-4, torchjd's). */
  readonly rtol?: number;
  /**
   * Float32 noise floor relative to the largest row norm ρ of the inputs (default 1e-5): sums of
   * rows that cancel leave float32 noise of about 1e-7 ρ, and a Gramian-based solve on a nearly
   * degenerate J (strongly conflicting rows) amplifies the 1e-7 rounding of G by its conditioning.
   * torchjd's own checks use 1e-4 on matrices of norm about 1.
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
  { rtol = 1e-4, atol = 1e-5 }: Tolerance,
): PropertyResult => {
  const worst = worstDifference(actual, expected);
  const allowed = rtol * scale + atol * rho;
  return worst.value <= allowed
    ? holds
    : fails(`${what}: entry ${worst.index} is ${show(actual[worst.index]!)}, expected ${show(expected[worst.index]!)} (difference ${show(worst.value)} > ${show(allowed)})`);
};
