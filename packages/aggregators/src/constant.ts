import { combine, nonFinite, shapeMismatch, type Aggregator, type MtlError, type Weighting } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';

export interface ConstantOptions {
  /** One finite weight per task. */
  readonly weights: ArrayLike<number>;
}

const checked = (weights: ArrayLike<number>, m: number): E.Either<MtlError, Float64Array> => {
  if (weights.length !== m) return E.left(shapeMismatch(`constant weighting has ${weights.length} weights for ${m} tasks.`));
  const w = Float64Array.from(weights);
  const bad = w.findIndex((v) => !Number.isFinite(v));
  return bad >= 0 ? E.left(nonFinite(`constant weight ${bad} is ${w[bad]}; weights must be finite.`)) : E.right(w);
};

/** The given weights, whatever the Gramian (torchjd `ConstantWeighting`). */
export const constantWeighting =
  ({ weights }: ConstantOptions): Weighting =>
  (G) =>
    checked(weights, G.m);

/**
 * Fixed linear scalarisation d = Σᵢ wᵢ gᵢ = Jᵀw with user-chosen weights (torchjd's `Constant`;
 * LibMTL's EW with `loss_weight`). Left `ShapeMismatch` if the number of weights is not m, Left
 * `NonFinite` for a non-finite weight. No Gramian is computed: one matMul.
 */
export const constant =
  (options: ConstantOptions): Aggregator =>
  (J) =>
    E.map((weights: Float64Array) => ({ direction: combine(J, weights), weights }))(checked(options.weights, J.shape[0]));
