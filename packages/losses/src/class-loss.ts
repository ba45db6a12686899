import { tf, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { classTargetCheck, classTargetShape, denseTargets } from './class-targets.js';
import { reductionCheck } from './elementwise.js';
import { allOf, makeLoss, nonEmpty, reduceTo, type CheckedTaskLoss, type CheckedUnreducedLoss, type Reduction } from './task-loss.js';

/**
 * A loss of an output [..., C] (classes on the last axis) against class targets, sparse labels
 * [...] or per-class values [..., C] (see `classTargetCheck`): `perSample(output, y)` with y the
 * dense float32 targets gives one value per sample (shape [...]), then 'mean' over samples, 'sum',
 * or 'none'. Checks, in order: the option values, the reduction, a non-empty output, the target.
 */
export const classLoss = (
  name: string,
  perSample: (output: tf.Tensor, y: tf.Tensor) => tf.Tensor,
  reduction: Reduction,
  options: E.Either<MtlError, null> = E.right(null),
): CheckedTaskLoss | CheckedUnreducedLoss => {
  const opts = allOf(
    () => options,
    () => reductionCheck(name, reduction),
  );
  const base = (output: tf.Tensor) =>
    allOf(
      () => opts,
      () => nonEmpty(name, 'output', output),
    );
  return makeLoss(
    name,
    (o, t) => allOf(() => base(o), () => classTargetCheck(name, o, t)),
    (o, t) => allOf(() => base(o), () => classTargetShape(name, o, t)),
    (output: tf.Tensor, target: tf.Tensor) =>
      tf.tidy(() => {
        const values = perSample(output, denseTargets(output, target));
        return reduction === 'none' ? values : reduceTo(values, reduction);
      }),
  ) as CheckedTaskLoss | CheckedUnreducedLoss;
};
