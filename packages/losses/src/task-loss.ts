import { invalidArgument, shapeMismatch, tf, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';

/**
 * The loss of one task: (model output, target) -> scalar tensor. Structurally the same type as
 * `@mtlkit/training`'s `TaskLoss`, so every loss of this package plugs into a training objective.
 */
export type TaskLoss = (output: tf.Tensor, target: tf.Tensor) => tf.Scalar;

/** A loss without reduction: (output, target) -> a tensor of per-element or per-sample values. */
export type UnreducedLoss = (output: tf.Tensor, target: tf.Tensor) => tf.Tensor;

/** How per-sample (or per-element) values are reduced: their mean, their sum, or not at all. */
export type Reduction = 'mean' | 'sum' | 'none';

/**
 * What every loss of this package carries besides being callable:
 * - `lossName`: its name in messages and reports;
 * - `check(output, target)`: validates the shapes, dtypes, options and (for class labels) the label
 *   range without computing the loss, as an `Either` naming what is wrong. Call it once on the
 *   first batch; calling the loss itself on input that `check` rejects throws with the same
 *   sentence (inside a gradient tape there is no other way out).
 */
export interface LossInfo {
  readonly lossName: string;
  readonly check: (output: tf.Tensor, target: tf.Tensor) => E.Either<MtlError, null>;
}

export type CheckedTaskLoss = TaskLoss & LossInfo;
export type CheckedUnreducedLoss = UnreducedLoss & LossInfo;

/** Calls a loss after its `check`: Left with the check's sentence instead of a throw. */
export const safeLoss =
  <L extends LossInfo & ((output: tf.Tensor, target: tf.Tensor) => tf.Tensor)>(loss: L) =>
  (output: tf.Tensor, target: tf.Tensor): E.Either<MtlError, ReturnType<L>> => {
    const checked = loss.check(output, target);
    return E.isLeft(checked) ? checked : E.right(loss(output, target) as ReturnType<L>);
  };

const shapeText = (s: readonly number[]): string => `[${s.join(', ')}]`;

/** Left unless both shapes are equal (no silent broadcasting of [N, 1] against [N]). */
export const sameShape = (name: string, output: tf.Tensor, target: tf.Tensor): E.Either<MtlError, null> =>
  shapeText(output.shape) === shapeText(target.shape)
    ? E.right(null)
    : E.left(shapeMismatch(`${name}: the output has shape ${shapeText(output.shape)} but the target has shape ${shapeText(target.shape)}; they must be equal.`));

/** Left unless the tensor has at least one element and is not disposed. */
export const nonEmpty = (name: string, what: string, t: tf.Tensor): E.Either<MtlError, null> =>
  t.isDisposed
    ? E.left(invalidArgument(`${name}: the ${what} tensor has been disposed.`))
    : t.size === 0
      ? E.left(shapeMismatch(`${name}: the ${what} is empty (shape ${shapeText(t.shape)}).`))
      : E.right(null);

/** Runs checks in order and keeps the first Left. */
export const allOf = (...checks: readonly (() => E.Either<MtlError, null>)[]): E.Either<MtlError, null> => {
  for (const c of checks) {
    const r = c();
    if (E.isLeft(r)) return r;
  }
  return E.right(null);
};

/** A check of an option value, made once when the loss is built. */
export const optionCheck = (ok: boolean, message: () => string): E.Either<MtlError, null> => (ok ? E.right(null) : E.left(invalidArgument(message())));

/**
 * Builds a loss value: the function throws the check's sentence when its shape check fails, so a
 * wrong call inside a gradient tape stops with a clear message rather than a broadcast result.
 */
export const makeLoss = <F extends (output: tf.Tensor, target: tf.Tensor) => tf.Tensor>(
  lossName: string,
  check: (output: tf.Tensor, target: tf.Tensor) => E.Either<MtlError, null>,
  shapeCheck: (output: tf.Tensor, target: tf.Tensor) => E.Either<MtlError, null>,
  compute: F,
): F & LossInfo => {
  const run = ((output: tf.Tensor, target: tf.Tensor) => {
    const ok = shapeCheck(output, target);
    if (E.isLeft(ok)) throw new Error(`${ok.left._tag}: ${ok.left.message}`);
    return compute(output, target);
  }) as F;
  return Object.assign(run, { lossName, check });
};

/** Mean or sum of a tensor of per-sample values, as a scalar. */
export const reduceTo = (values: tf.Tensor, reduction: 'mean' | 'sum'): tf.Scalar => (reduction === 'sum' ? tf.sum(values) : tf.mean(values));

/** Targets as float32 (labels given as int32 become numbers). */
export const asFloat = (t: tf.Tensor): tf.Tensor => (t.dtype === 'float32' ? t : tf.cast(t, 'float32'));

/** Left unless every value is an integer class index in [0, classes). Reads the values. */
export const classLabels = (name: string, labels: tf.Tensor, classes: number): E.Either<MtlError, null> => {
  const values = labels.dataSync();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= classes) {
      return E.left(invalidArgument(`${name}: label ${v} at position ${i} is not a class index in [0, ${classes - 1}].`));
    }
  }
  return E.right(null);
};

export { shapeText };
