import * as tf from '@tensorflow/tfjs-core';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { nonFinite, shapeMismatch, type MtlError } from './error.js';
import { gramian, type Gramian } from './gramian.js';
import type { TaskJacobian } from './task-jacobian.js';

/**
 * What an aggregator returns: the combined update direction (length d, owned by the caller,
 * who disposes it) and, when the method is a weighting of the task gradients, the weights w with
 * direction = Jᵀ w.
 */
export interface Aggregation {
  readonly direction: tf.Tensor1D;
  readonly weights: Float64Array | null;
}

/** A pure function from a task Jacobian to one combined gradient. Left only for a solver failure. */
export type Aggregator = (J: TaskJacobian) => E.Either<MtlError, Aggregation>;

/** A method that needs only the Gramian G = J Jᵀ: G -> weights (length m, float64). */
export type Weighting = (G: Gramian) => E.Either<MtlError, Float64Array>;

/**
 * An aggregator with memory (GradVac, Nash-MTL warm start, EMA wrappers...): the state goes in and
 * comes out, nothing is mutated, so a run can be replayed and checkpointed.
 */
export type StatefulAggregator<S> = ((state: S, J: TaskJacobian) => E.Either<MtlError, readonly [Aggregation, S]>) & {
  readonly initial: S;
};

/** A stateful aggregator from its step function and initial state. */
export const statefulAggregator = <S>(
  initial: S,
  step: (state: S, J: TaskJacobian) => E.Either<MtlError, readonly [Aggregation, S]>,
): StatefulAggregator<S> => Object.assign((s: S, J: TaskJacobian) => step(s, J), { initial });

/** Jᵀ w: the combination of the task gradients with the given weights (one matMul). */
export const combine = (J: TaskJacobian, weights: ArrayLike<number>): tf.Tensor1D =>
  tf.tidy(() => {
    const m = J.shape[0];
    const w = tf.tensor2d(Float32Array.from(weights as ArrayLike<number>), [1, m]);
    return tf.reshape(tf.matMul(w, J), [J.shape[1]]);
  });

/** Checks that a weighting returned m finite weights. */
export const checkWeights = (m: number, weights: Float64Array): E.Either<MtlError, Float64Array> => {
  if (weights.length !== m) return E.left(shapeMismatch(`a weighting returned ${weights.length} weights for ${m} tasks.`));
  const bad = weights.findIndex((v) => !Number.isFinite(v));
  return bad >= 0 ? E.left(nonFinite(`weight ${bad} is ${weights[bad]}; weights must be finite.`)) : E.right(weights);
};

/**
 * Lifts a Gramian weighting to an aggregator, as torchjd does: G = J Jᵀ (one matMul, solved in
 * float64), then direction = Jᵀ w (one matMul).
 */
export const fromWeighting =
  (weighting: Weighting): Aggregator =>
  (J) =>
    pipe(
      weighting(gramian(J)),
      E.chain((w) => checkWeights(J.shape[0], w)),
      E.map((weights) => ({ direction: combine(J, weights), weights })),
    );
