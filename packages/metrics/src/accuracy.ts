import { invalidArgument, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { classificationMetric, predictedClass, type Classification, type ProbabilityOptions } from './classification.js';

/** acc = (1/N) Σ_i 1[argmax_c p_ic = y_i], ties broken towards the first class (numpy's argmax). */
export const accuracyOf = (d: Classification): E.Either<MtlError, number> => {
  let correct = 0;
  for (let i = 0; i < d.n; i++) if (predictedClass(d, i) === d.labels[i]) correct++;
  return E.right(correct / d.n);
};

/**
 * Accuracy: the share of samples whose most probable class is the label, in [0, 1].
 * `probs` N × C, `labels` N int32. Seed 000 (MixNet, Tables S1-S3) reports it in %;
 * scikit-learn's `accuracy_score` of the argmax predictions.
 */
export const accuracy = classificationMetric<ProbabilityOptions, number>(accuracyOf);

export interface TopKOptions extends ProbabilityOptions {
  /** How many of the most probable classes may contain the label, an integer ≥ 1 (default 5, clipped to C). */
  readonly k?: number;
}

/**
 * (1/N) Σ_i 1[rank_i < k] with rank_i = #{c : p_ic > p_iy} + #{c < y : p_ic = p_iy}: the label is
 * among the k most probable classes, ties broken towards the lower class index as in `accuracy`,
 * so k = 1 is exactly `accuracy` and k ≥ C gives 1.
 */
export const topKAccuracyOf = (d: Classification, options: TopKOptions | undefined): E.Either<MtlError, number> => {
  const k = options?.k ?? 5;
  if (!Number.isInteger(k) || k < 1) return E.left(invalidArgument(`top-k accuracy needs an integer k ≥ 1, got ${k}.`));
  let hits = 0;
  for (let i = 0; i < d.n; i++) {
    const base = i * d.classes;
    const y = d.labels[i]!;
    const py = d.probs[base + y]!;
    let rank = 0;
    for (let c = 0; c < d.classes; c++) {
      const p = d.probs[base + c]!;
      if (p > py || (p === py && c < y)) rank++;
    }
    if (rank < k) hits++;
  }
  return E.right(hits / d.n);
};

/**
 * Top-k accuracy (`{ k }`, default 5): the share of samples whose label is among the k most
 * probable classes, in [0, 1]. scikit-learn's `top_k_accuracy_score` (equal on inputs without ties).
 */
export const topKAccuracy = classificationMetric(topKAccuracyOf);
