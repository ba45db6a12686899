import { invalidArgument, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { classificationMetric, predictedClass, type Classification, type ProbabilityOptions } from './classification.js';

/** One bin of a reliability diagram: (lower, upper], its sample count, accuracy and mean confidence. */
export interface ReliabilityBin {
  readonly lower: number;
  readonly upper: number;
  readonly count: number;
  /** acc(B_m) = (1/|B_m|) Σ_{i∈B_m} 1[ŷ_i = y_i]; null for an empty bin. */
  readonly accuracy: number | null;
  /** conf(B_m) = (1/|B_m|) Σ_{i∈B_m} max_c p_ic; null for an empty bin. */
  readonly confidence: number | null;
}

export interface CalibrationOptions extends ProbabilityOptions {
  /** Number of equal-width confidence bins M, an integer ≥ 1 (default 10, as in seeds 002 and 003). */
  readonly bins?: number;
}

/** ECE and the bins it was computed from. */
export interface ExpectedCalibrationError {
  readonly ece: number;
  readonly bins: readonly ReliabilityBin[];
}

/** MCE and the bins it was computed from. */
export interface MaximumCalibrationError {
  readonly mce: number;
  readonly bins: readonly ReliabilityBin[];
}

/**
 * The bin m ∈ {1..M} with (m−1)/M < conf ≤ m/M, comparing against the float64 edges m/M
 * themselves (ceil(conf·M) alone misplaces values such as 0.3, where 0.3·10 = 3.0000000000000004).
 */
export const binOf = (conf: number, M: number): number => {
  let m = Math.min(M, Math.max(1, Math.ceil(conf * M)));
  while (m > 1 && conf <= (m - 1) / M) m--;
  while (m < M && conf > m / M) m++;
  return m;
};

/**
 * The reliability diagram of seeds 002/003 (after Guo et al. 2017 and Naeini et al. 2015):
 * M equal-width bins B_m = {i : (m−1)/M < max_c p_ic ≤ m/M}, each with |B_m|, acc(B_m), conf(B_m).
 */
export const reliabilityBinsOf = (d: Classification, options: CalibrationOptions | undefined): E.Either<MtlError, ReliabilityBin[]> => {
  const M = options?.bins ?? 10;
  if (!Number.isInteger(M) || M < 1) return E.left(invalidArgument(`the number of calibration bins must be an integer ≥ 1, got ${M}.`));
  const count = new Float64Array(M);
  const correct = new Float64Array(M);
  const conf = new Float64Array(M);
  for (let i = 0; i < d.n; i++) {
    const yHat = predictedClass(d, i);
    const p = d.probs[i * d.classes + yHat]!;
    const m = binOf(p, M) - 1;
    count[m]! += 1;
    conf[m]! += p;
    if (yHat === d.labels[i]) correct[m]! += 1;
  }
  return E.right(
    Array.from({ length: M }, (_, m) => ({
      lower: m / M,
      upper: (m + 1) / M,
      count: count[m]!,
      accuracy: count[m]! > 0 ? correct[m]! / count[m]! : null,
      confidence: count[m]! > 0 ? conf[m]! / count[m]! : null,
    })),
  );
};

const gap = (b: ReliabilityBin): number => (b.count > 0 ? Math.abs(b.accuracy! - b.confidence!) : 0);

/** ECE = Σ_m (|B_m|/N) |acc(B_m) − conf(B_m)| (seed 002 "Metrics", seed 003 D.2). */
export const expectedCalibrationErrorOf = (d: Classification, options: CalibrationOptions | undefined): E.Either<MtlError, ExpectedCalibrationError> =>
  E.map((bins: ReliabilityBin[]) => ({ ece: bins.reduce((s, b) => s + (b.count / d.n) * gap(b), 0), bins }))(reliabilityBinsOf(d, options));

/** MCE = max over non-empty bins of |acc(B_m) − conf(B_m)| (Naeini et al. 2015). */
export const maximumCalibrationErrorOf = (d: Classification, options: CalibrationOptions | undefined): E.Either<MtlError, MaximumCalibrationError> =>
  E.map((bins: ReliabilityBin[]) => ({ mce: bins.reduce((s, b) => Math.max(s, gap(b)), 0), bins }))(reliabilityBinsOf(d, options));

/**
 * Expected calibration error `{ ece, bins }` (`{ bins: M }`, default 10 as in seeds 002/003):
 * ECE = Σ_m (|B_m|/N) |acc(B_m) − conf(B_m)| over M equal-width confidence bins
 * (m−1)/M < conf ≤ m/M, confidence = max_c p_ic, in [0, 1]; `bins` is the reliability diagram used.
 * Follows the seeds' definition (Guo et al. 2017's binning, top-label confidence).
 */
export const expectedCalibrationError = classificationMetric(expectedCalibrationErrorOf);

/** Maximum calibration error `{ mce, bins }`: the largest |acc − conf| over non-empty bins, in [0, 1]. */
export const maximumCalibrationError = classificationMetric(maximumCalibrationErrorOf);
