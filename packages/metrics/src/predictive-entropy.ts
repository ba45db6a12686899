import { invalidArgument, tf, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { parseProbabilities, type Probabilities, type ProbabilityOptions } from './classification.js';

/**
 * How the entropy of a sample is scaled:
 * - `'none'` (default): H_i = −Σ_c p_ic ln p_ic in nats, in [0, ln C];
 * - `'classes'`: H_i / C, the 1/C-normalised form printed in seed 003 (appendix D.2), in [0, ln(C)/C];
 * - `'maximum'`: H_i / ln C, in [0, 1] (0 for C = 1).
 */
export type EntropyNormalisation = 'none' | 'classes' | 'maximum';

export interface PredictiveEntropyOptions extends ProbabilityOptions {
  readonly normalisation?: EntropyNormalisation;
}

/** Entropy of every sample and their mean. */
export interface PredictiveEntropy {
  readonly mean: number;
  readonly perSample: Float64Array;
}

/** Per-sample entropies of row-major N × C probabilities (0 ln 0 = 0), scaled per `normalisation`. */
export const predictiveEntropyOf = (d: Probabilities, options: PredictiveEntropyOptions | undefined): E.Either<MtlError, PredictiveEntropy> => {
  const norm = options?.normalisation ?? 'none';
  if (norm !== 'none' && norm !== 'classes' && norm !== 'maximum') {
    return E.left(invalidArgument(`entropy normalisation must be 'none', 'classes' or 'maximum', got '${String(norm)}'.`));
  }
  const scale = norm === 'none' ? 1 : norm === 'classes' ? 1 / d.classes : d.classes > 1 ? 1 / Math.log(d.classes) : 0;
  const perSample = new Float64Array(d.n);
  let sum = 0;
  for (let i = 0; i < d.n; i++) {
    let h = 0;
    for (let c = 0; c < d.classes; c++) {
      const p = d.probs[i * d.classes + c]!;
      if (p > 0) h -= p * Math.log(p);
    }
    perSample[i] = Math.max(0, h) * scale;
    sum += perSample[i]!;
  }
  return E.right({ mean: sum / d.n, perSample });
};

/**
 * Predictive entropy PE of each sample and the mean over samples (seed 003, appendix D.2: an
 * uncertainty measure, higher on out-of-domain data for a well-calibrated model). Natural log.
 * The seed prints PE = (1/C) Σ_c −p̂_c log p̂_c; that is `{ normalisation: 'classes' }`. The
 * default `'none'` is the plain Shannon entropy in nats (the usual convention, e.g. Malinin &
 * Gales 2018); `'maximum'` divides by ln C.
 */
export const predictiveEntropy = (probs: tf.Tensor2D, options?: PredictiveEntropyOptions): E.Either<MtlError, PredictiveEntropy> => {
  const d = parseProbabilities(probs, options);
  return E.isLeft(d) ? d : predictiveEntropyOf(d.right, options);
};
