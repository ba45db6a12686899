import { invalidArgument, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { classificationMetric, type Classification, type ProbabilityOptions } from './classification.js';

export interface NegativeLogLikelihoodOptions extends ProbabilityOptions {
  /** Probabilities are clipped below at `eps` before the log (default 1e-15, scikit-learn ≤ 1.2's `log_loss`). */
  readonly eps?: number;
}

/** NLL = −(1/N) Σ_i ln max(p_{i,y_i}, eps), in nats. */
export const negativeLogLikelihoodOf = (d: Classification, options: NegativeLogLikelihoodOptions | undefined): E.Either<MtlError, number> => {
  const eps = options?.eps ?? 1e-15;
  if (!(eps > 0 && eps < 1)) return E.left(invalidArgument(`eps must be in (0, 1), got ${eps}.`));
  let sum = 0;
  for (let i = 0; i < d.n; i++) sum -= Math.log(Math.max(d.probs[i * d.classes + d.labels[i]!]!, eps));
  return E.right(sum / d.n);
};

/**
 * The negative log-likelihood (cross-entropy, log loss) of the labels under `probs`, in nats,
 * ≥ 0 and at most −ln eps. scikit-learn's `log_loss`, without its row renormalisation (rows are
 * already checked to sum to 1 within the tolerance).
 */
export const negativeLogLikelihood = classificationMetric(negativeLogLikelihoodOf);
