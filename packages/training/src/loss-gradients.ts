import { nonFinite, tf, vjps, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';

/** Left naming the first task whose loss is not finite. */
export const checkLosses = (losses: Float64Array): E.Either<MtlError, Float64Array> => {
  const bad = losses.findIndex((l) => !Number.isFinite(l));
  return bad >= 0 ? E.left(nonFinite(`the loss of task ${bad} is ${losses[bad]}; training diverged or the data holds NaN.`)) : E.right(losses);
};

/** Every task's loss Lᵢ (float64) and, for each task, ∂Lᵢ/∂xs (null where Lᵢ does not reach that tensor). */
export interface TaskLossGradients {
  readonly losses: Float64Array;
  /** grads[i][k] = ∂Lᵢ/∂xs[k], owned by the caller; null where Lᵢ does not depend on xs[k] (another task's head). */
  readonly grads: readonly (readonly (tf.Tensor | null)[])[];
}

/**
 * The m scalar losses of `f` (one recorded forward pass) read to float64, and for each loss Lᵢ its
 * gradients ∂Lᵢ/∂xs: core's `vjps` with the cotangent 1 on Lᵢ and nothing on the other losses, so
 * sweep i visits only the part of the graph between `xs` and Lᵢ. Left on a non-finite loss
 * (nothing allocated is kept then). grads[i][k] is owned by the caller; null where Lᵢ does not
 * reach xs[k]. Shared by `taskLossGradients` and `ensembleScores` (not exported from the package).
 */
export const lossGradients = (f: () => tf.Tensor[], m: number, xs: readonly tf.Tensor[]): E.Either<MtlError, TaskLossGradients> => {
  const one = tf.scalar(1);
  let r: ReturnType<typeof vjps>;
  try {
    r = vjps(f, xs, Array.from({ length: m }, (_, i) => Array.from({ length: m }, (_, j) => (i === j ? one : null))));
  } finally {
    one.dispose();
  }
  if (E.isLeft(r)) return r;
  const losses = Float64Array.from(r.right.values, (v) => v.dataSync()[0]!);
  tf.dispose([...r.right.values]);
  const ok = checkLosses(losses);
  if (E.isLeft(ok)) {
    tf.dispose(r.right.grads.flat().filter((g): g is tf.Tensor => g !== null));
    return ok;
  }
  return E.right({ losses, grads: r.right.grads });
};
