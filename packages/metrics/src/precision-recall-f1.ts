import { invalidArgument, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { classificationMetric, type Classification, type ProbabilityOptions } from './classification.js';
import { confusionCounts } from './confusion-matrix.js';

/** Precision, recall and F1 of one average. */
export interface PrecisionRecallF1 {
  readonly f1: number;
  readonly precision: number;
  readonly recall: number;
}

/** Per-class scores over all C classes, with each class's support (number of true samples). */
export interface PerClassScores {
  readonly precision: readonly number[];
  readonly recall: readonly number[];
  readonly f1: readonly number[];
  readonly support: readonly number[];
  /** Whether the class occurs among the labels or the predictions (the classes averages run over). */
  readonly present: readonly boolean[];
}

export type Average = 'macro' | 'micro' | 'weighted';

export interface PrecisionRecallF1Options extends ProbabilityOptions {
  /** How per-class scores are combined (default `'macro'`). */
  readonly average?: Average;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/**
 * Per class c, from the confusion matrix: tp_c = M[c][c], fp_c = Σ_t M[t][c] − tp_c,
 * fn_c = Σ_p M[c][p] − tp_c; P_c = tp/(tp+fp), R_c = tp/(tp+fn), F1_c = 2 P R/(P+R), each 0 when
 * its denominator is 0 (scikit-learn's `zero_division=0`).
 */
export const perClassOf = (d: Classification): PerClassScores => {
  const m = confusionCounts(d);
  const precision: number[] = [];
  const recall: number[] = [];
  const f1: number[] = [];
  const support: number[] = [];
  const present: boolean[] = [];
  for (let c = 0; c < d.classes; c++) {
    const tp = m[c]![c]!;
    let predicted = 0;
    let actual = 0;
    for (let k = 0; k < d.classes; k++) {
      predicted += m[k]![c]!;
      actual += m[c]![k]!;
    }
    const p = ratio(tp, predicted);
    const r = ratio(tp, actual);
    precision.push(p);
    recall.push(r);
    f1.push(p + r === 0 ? 0 : (2 * p * r) / (p + r));
    support.push(actual);
    present.push(predicted + actual > 0);
  }
  return { precision, recall, f1, support, present };
};

const microOf = (d: Classification): PrecisionRecallF1 => {
  const m = confusionCounts(d);
  let tp = 0;
  for (let c = 0; c < d.classes; c++) tp += m[c]![c]!;
  // Σfp = Σfn = N − Σtp for single-label data, so P = R = F1 = Σtp / N.
  const v = tp / d.n;
  return { f1: v, precision: v, recall: v };
};

/**
 * Averages over the classes present in the labels or the predictions (scikit-learn's default
 * label set): macro = unweighted mean of P_c, R_c, F1_c; weighted = mean weighted by support;
 * micro = P, R, F1 of the pooled counts Σtp, Σfp, Σfn, which for single-label data all equal
 * the accuracy.
 */
export const precisionRecallF1Of = (d: Classification, options: PrecisionRecallF1Options | undefined): E.Either<MtlError, PrecisionRecallF1> => {
  const average = options?.average ?? 'macro';
  if (average !== 'macro' && average !== 'micro' && average !== 'weighted') {
    return E.left(invalidArgument(`average must be 'macro', 'micro' or 'weighted', got '${String(average)}'.`));
  }
  if (average === 'micro') return E.right(microOf(d));
  const s = perClassOf(d);
  let wSum = 0;
  let p = 0;
  let r = 0;
  let f = 0;
  for (let c = 0; c < d.classes; c++) {
    if (!s.present[c]) continue;
    const w = average === 'macro' ? 1 : s.support[c]!;
    wSum += w;
    p += w * s.precision[c]!;
    r += w * s.recall[c]!;
    f += w * s.f1[c]!;
  }
  return E.right({ f1: f / wSum, precision: p / wSum, recall: r / wSum });
};

/**
 * Precision, recall and F1 (`{ average: 'macro' | 'micro' | 'weighted' }`, default macro) of the
 * argmax predictions, each in [0, 1]. Seed 000 (MixNet) reports macro F1 in %. Follows
 * scikit-learn's `precision_recall_fscore_support(y, ŷ, average=..., zero_division=0)`: averages
 * run over the classes that occur among labels or predictions, F1 is averaged per class (not
 * the F1 of the averaged P and R).
 */
export const precisionRecallF1 = classificationMetric(precisionRecallF1Of);

/** `perClassOf` as a metric of parsed data (shared by `precisionRecallF1PerClass` and its ensemble form). */
export const precisionRecallF1PerClassOf = (d: Classification): E.Either<MtlError, PerClassScores> => E.right(perClassOf(d));

/** Precision, recall, F1 and support of every one of the C classes (0 where undefined). */
export const precisionRecallF1PerClass = classificationMetric<ProbabilityOptions, PerClassScores>(precisionRecallF1PerClassOf);
