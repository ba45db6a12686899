import { shapeMismatch, tf, type Aggregation, type MtlError, type TaskJacobian } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';

/**
 * Task Jacobians of the same tasks and parameters on independent mini-batches, for the methods
 * whose guarantees rest on double sampling (MoDo, SDMGrad): the weights come from the cross
 * Gramian A = first · secondᵀ (an unbiased estimate of the true Gramian, unlike J Jᵀ of one
 * batch) and the direction is updateᵀ w. Passing the same J three times is the single-batch variant.
 */
export interface SampledJacobians {
  readonly first: TaskJacobian;
  readonly second: TaskJacobian;
  readonly update: TaskJacobian;
}

/** A stateful method fed with independent samples instead of one Jacobian. */
export type SampledAggregator<S> = ((state: S, samples: SampledJacobians) => E.Either<MtlError, readonly [Aggregation, S]>) & {
  readonly initial: S;
};

/** A sampled aggregator from its step function and initial state. */
export const sampledAggregator = <S>(initial: S, step: (state: S, samples: SampledJacobians) => E.Either<MtlError, readonly [Aggregation, S]>): SampledAggregator<S> =>
  Object.assign((s: S, samples: SampledJacobians) => step(s, samples), { initial });

/** The three samples of the same J. */
export const singleSample = (J: TaskJacobian): SampledJacobians => ({ first: J, second: J, update: J });

/**
 * A = first · secondᵀ (m × m, row-major float64; one matMul, float32) after checking that the
 * three Jacobians have the same shape. Left `ShapeMismatch` naming the shapes otherwise.
 */
export const crossGramian = (samples: SampledJacobians): E.Either<MtlError, Float64Array> => {
  const { first, second, update } = samples;
  const shapes = [first.shape, second.shape, update.shape];
  if (shapes.some((s) => s[0] !== first.shape[0] || s[1] !== first.shape[1])) {
    return E.left(shapeMismatch(`the sampled Jacobians must share one shape, got ${shapes.map((s) => `[${s.join(', ')}]`).join(', ')}.`));
  }
  const a = tf.matMul(first, second, false, true);
  const values = Float64Array.from(a.dataSync());
  a.dispose();
  return E.right(values);
};
