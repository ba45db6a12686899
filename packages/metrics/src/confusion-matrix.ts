import type { MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { classificationMetric, predictedClass, type Classification, type ProbabilityOptions } from './classification.js';

/** C × C counts: rows are true classes, columns predicted classes (argmax). */
export const confusionCounts = (d: Classification): number[][] => {
  const m = Array.from({ length: d.classes }, () => new Array<number>(d.classes).fill(0));
  for (let i = 0; i < d.n; i++) m[d.labels[i]!]![predictedClass(d, i)]!++;
  return m;
};

/** `confusionCounts` as a metric of parsed data (shared by `confusionMatrix` and `ensemble.confusionMatrix`). */
export const confusionMatrixOf = (d: Classification): E.Either<MtlError, number[][]> => E.right(confusionCounts(d));

/**
 * The confusion matrix M[t][p] = #{i : y_i = t, argmax_c p_ic = p}, C × C over all C classes of
 * `probs` (absent classes give zero rows and columns). Rows are true classes and columns
 * predictions, as scikit-learn's `confusion_matrix(y, ŷ, labels=range(C))`.
 */
export const confusionMatrix = classificationMetric<ProbabilityOptions, number[][]>(confusionMatrixOf);
