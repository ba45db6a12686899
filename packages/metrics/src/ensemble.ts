import { emptyInput, shapeMismatch, tf, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { accuracyOf, topKAccuracyOf } from './accuracy.js';
import { brierScoreByClassOf, brierScoreOf } from './brier-score.js';
import { expectedCalibrationErrorOf, maximumCalibrationErrorOf } from './calibration-error.js';
import { parseLabels, parseProbabilities, type Classification, type Probabilities, type ProbabilityOptions } from './classification.js';
import { cohenKappaOf } from './cohen-kappa.js';
import { confusionMatrixOf } from './confusion-matrix.js';
import { negativeLogLikelihoodOf } from './negative-log-likelihood.js';
import { precisionRecallF1Of, precisionRecallF1PerClassOf } from './precision-recall-f1.js';
import { predictiveEntropyOf, type PredictiveEntropy, type PredictiveEntropyOptions } from './predictive-entropy.js';

/**
 * p̄_ic = (1/K) Σ_k p^(k)_ic in float64, after checking each member as `probs` is checked
 * (N × C, finite, rows on the simplex) and that all K ≥ 1 members share one shape.
 */
const averageMembers = (members: readonly tf.Tensor2D[], options: ProbabilityOptions | undefined): E.Either<MtlError, Probabilities> => {
  if (members.length === 0) return E.left(emptyInput('an ensemble needs at least one member probability matrix.'));
  const first = members[0]!;
  let sum: Float64Array | null = null;
  for (let k = 0; k < members.length; k++) {
    const t = members[k]!;
    if (!t.isDisposed && (t.shape[0] !== first.shape[0] || t.shape[1] !== first.shape[1])) {
      return E.left(shapeMismatch(`ensemble member ${k} has shape [${t.shape.join(', ')}] but member 0 has [${first.shape.join(', ')}]; all members must be N × C alike.`));
    }
    const p = parseProbabilities(t, options, `ensemble member ${k}`);
    if (E.isLeft(p)) return p;
    if (sum === null) sum = new Float64Array(p.right.probs.length);
    for (let j = 0; j < sum.length; j++) sum[j]! += p.right.probs[j]!;
  }
  const K = members.length;
  const probs = sum!.map((s) => s / K);
  return E.right({ n: first.shape[0], classes: first.shape[1], probs });
};

/**
 * The ensemble's averaged probabilities p̄ = (1/K) Σ_k p^(k) as a new float32 N × C tensor (the
 * caller disposes it): the predictive distribution of particles (SVGD, MT-SGD, seed 002) or of
 * models trained with different seeds. Every metric of this package applies to it.
 */
export const averageProbabilities = (members: readonly tf.Tensor2D[], options?: ProbabilityOptions): E.Either<MtlError, tf.Tensor2D> =>
  E.map((p: Probabilities) => tf.tensor2d(Float32Array.from(p.probs), [p.n, p.classes], 'float32'))(averageMembers(members, options));

/** Averages the members, then checks the labels against the ensemble's N and C. */
const parseEnsemble = (members: readonly tf.Tensor2D[], labels: tf.Tensor1D, options: ProbabilityOptions | undefined): E.Either<MtlError, Classification> => {
  const avg = averageMembers(members, options);
  if (E.isLeft(avg)) return avg;
  return E.map((y: Int32Array) => ({ ...avg.right, labels: y }))(parseLabels(labels, avg.right.n, avg.right.classes));
};

/** Lifts a metric of parsed data to the ensemble signature `(members, labels, options?)`. */
const ensembleMetric =
  <O extends ProbabilityOptions, A>(compute: (d: Classification, options: O | undefined) => E.Either<MtlError, A>) =>
  (members: readonly tf.Tensor2D[], labels: tf.Tensor1D, options?: O): E.Either<MtlError, A> => {
    const d = parseEnsemble(members, labels, options);
    return E.isLeft(d) ? d : compute(d.right, options);
  };

/**
 * The classification and calibration metrics of an ensemble, computed on its averaged member
 * probabilities p̄ = (1/K) Σ_k p^(k) (float64 average): `ensemble.accuracy(members, labels)`,
 * `ensemble.brierScore(...)`, `ensemble.expectedCalibrationError(members, labels, { bins: 10 })`...
 * Same definitions, options and results as the single-model functions.
 */
export const ensemble = {
  accuracy: ensembleMetric(accuracyOf),
  topKAccuracy: ensembleMetric(topKAccuracyOf),
  confusionMatrix: ensembleMetric(confusionMatrixOf),
  precisionRecallF1: ensembleMetric(precisionRecallF1Of),
  precisionRecallF1PerClass: ensembleMetric(precisionRecallF1PerClassOf),
  cohenKappa: ensembleMetric(cohenKappaOf),
  negativeLogLikelihood: ensembleMetric(negativeLogLikelihoodOf),
  brierScore: ensembleMetric(brierScoreOf),
  brierScoreByClass: ensembleMetric(brierScoreByClassOf),
  expectedCalibrationError: ensembleMetric(expectedCalibrationErrorOf),
  maximumCalibrationError: ensembleMetric(maximumCalibrationErrorOf),
  predictiveEntropy: (members: readonly tf.Tensor2D[], options?: PredictiveEntropyOptions): E.Either<MtlError, PredictiveEntropy> => {
    const p = averageMembers(members, options);
    return E.isLeft(p) ? p : predictiveEntropyOf(p.right, options);
  },
} as const;
