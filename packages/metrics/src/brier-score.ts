import type { MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { classificationMetric, type Classification, type ProbabilityOptions } from './classification.js';

/** Per class c, Σ_i (p_ic − 1[y_i = c])²: the squared errors both Brier scores are made of. */
const squaredErrorsByClass = (d: Classification): number[] => {
  const out = new Array<number>(d.classes).fill(0);
  for (let i = 0; i < d.n; i++) {
    for (let c = 0; c < d.classes; c++) {
      const e = d.probs[i * d.classes + c]! - (d.labels[i] === c ? 1 : 0);
      out[c]! += e * e;
    }
  }
  return out;
};

/**
 * Per class c, the one-vs-rest (binary) Brier score (1/N) Σ_i (p_ic − 1[y_i = c])²: scikit-learn's
 * `brier_score_loss(y == c, p[:, c])`. The C values sum to `brierScore`.
 */
export const brierScoreByClassOf = (d: Classification): E.Either<MtlError, number[]> => E.right(squaredErrorsByClass(d).map((s) => s / d.n));

/**
 * BS = (1/N) Σ_i Σ_c (p_ic − 1[y_i = c])² — exactly as seed 002 (MT-SGD supplementary, "Metrics")
 * and seed 003 (flat-region MTL, appendix D.2) define it, after Brier (1950): summed over the C
 * classes and averaged over the N samples, NOT divided by C. Range [0, 2]; 0 for one-hot correct
 * predictions. (Dividing by C gives the mean of `brierScoreByClass`.)
 */
export const brierScoreOf = (d: Classification): E.Either<MtlError, number> => E.right(squaredErrorsByClass(d).reduce((a, b) => a + b, 0) / d.n);

/** The multi-class Brier score of seeds 002/003 (sum over classes, mean over samples, no 1/C), in [0, 2]. */
export const brierScore = classificationMetric<ProbabilityOptions, number>(brierScoreOf);

/** The one-vs-rest Brier score of each class (scikit-learn's binary `brier_score_loss` per class); they sum to `brierScore`. */
export const brierScoreByClass = classificationMetric<ProbabilityOptions, number[]>(brierScoreByClassOf);
