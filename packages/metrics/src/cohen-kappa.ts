import { invalidArgument, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { classificationMetric, type Classification, type ProbabilityOptions } from './classification.js';
import { confusionCounts } from './confusion-matrix.js';

export interface CohenKappaOptions extends ProbabilityOptions {
  /** Disagreement weights w_tp: `'none'` (default) 1[t ≠ p], `'linear'` |t − p|, `'quadratic'` (t − p)². */
  readonly weights?: 'none' | 'linear' | 'quadratic';
}

const weightOf = (kind: 'none' | 'linear' | 'quadratic', t: number, p: number): number =>
  kind === 'none' ? (t === p ? 0 : 1) : kind === 'linear' ? Math.abs(t - p) : (t - p) * (t - p);

/**
 * κ = 1 − Σ w_tp O_tp / Σ w_tp E_tp with O the confusion matrix and E_tp = (Σ_p' O_tp')(Σ_t' O_t'p) / N
 * the counts expected by chance (Cohen 1960; weighted: Cohen 1968). Unweighted it is
 * (p_o − p_e)/(1 − p_e). Class indices 0..C−1 are the weight positions, as scikit-learn's
 * `cohen_kappa_score(y, ŷ, labels=range(C), weights=...)`.
 */
export const cohenKappaOf = (d: Classification, options: CohenKappaOptions | undefined): E.Either<MtlError, number> => {
  const kind = options?.weights ?? 'none';
  if (kind !== 'none' && kind !== 'linear' && kind !== 'quadratic') {
    return E.left(invalidArgument(`kappa weights must be 'none', 'linear' or 'quadratic', got '${String(kind)}'.`));
  }
  const m = confusionCounts(d);
  const rows = m.map((r) => r.reduce((a, b) => a + b, 0));
  const cols = m[0]!.map((_, p) => m.reduce((a, r) => a + r[p]!, 0));
  let observed = 0;
  let expected = 0;
  for (let t = 0; t < d.classes; t++) {
    for (let p = 0; p < d.classes; p++) {
      const w = weightOf(kind, t, p);
      observed += w * m[t]![p]!;
      expected += (w * rows[t]! * cols[p]!) / d.n;
    }
  }
  if (expected === 0) {
    return E.left(invalidArgument("Cohen's kappa is undefined here: labels and predictions all fall in one class, so agreement by chance is 1 (0/0)."));
  }
  return E.right(1 - observed / expected);
};

/**
 * Cohen's kappa of the argmax predictions against the labels, in [−1, 1] (1: perfect agreement,
 * 0: chance level): the usual score of EEG motor-imagery decoding (BCI Competition IV 2a/2b,
 * MixNet's datasets). `{ weights }` default `'none'`. Left when it is undefined (one class only).
 */
export const cohenKappa = classificationMetric(cohenKappaOf);
