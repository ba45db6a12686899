import { invalidArgument, tf, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { allOf, makeLoss, nonEmpty, reduceTo, sameShape, type CheckedTaskLoss, type CheckedUnreducedLoss, type Reduction } from './task-loss.js';

const REDUCTIONS: readonly Reduction[] = ['mean', 'sum', 'none'];

/** Left unless the reduction is one of 'mean' | 'sum' | 'none' (a value from a config file may be anything). */
export const reductionCheck = (name: string, reduction: unknown, allowed: readonly Reduction[] = REDUCTIONS): E.Either<MtlError, null> =>
  allowed.includes(reduction as Reduction)
    ? E.right(null)
    : E.left(invalidArgument(`${name}: reduction must be one of ${allowed.map((r) => `'${r}'`).join(', ')}, got ${JSON.stringify(reduction)}.`));

/**
 * A loss computed element by element on an output and a target of the same shape, then reduced:
 * 'mean' over every element (the default, as torch.nn and LibMTL), 'sum', or 'none' (a tensor of
 * the output's shape).
 */
export const elementwiseLoss = (
  name: string,
  perElement: (output: tf.Tensor, target: tf.Tensor) => tf.Tensor,
  reduction: Reduction,
  options: E.Either<MtlError, null>,
): CheckedTaskLoss | CheckedUnreducedLoss => {
  const opts = allOf(
    () => options,
    () => reductionCheck(name, reduction),
  );
  const shapes = (output: tf.Tensor, target: tf.Tensor) =>
    allOf(
      () => opts,
      () => nonEmpty(name, 'output', output),
      () => nonEmpty(name, 'target', target),
      () => sameShape(name, output, target),
    );
  return makeLoss(name, shapes, shapes, (output: tf.Tensor, target: tf.Tensor) =>
    tf.tidy(() => {
      const values = perElement(output, target);
      return reduction === 'none' ? values : reduceTo(values, reduction);
    }),
  ) as CheckedTaskLoss | CheckedUnreducedLoss;
};
