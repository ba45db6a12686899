import { nonFinite, parseJacobian, shapeMismatch, tf, type MtlError, type TaskJacobian } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import type { Batch, Objective } from './objective.js';
import { taskLoss } from './objective.js';
import { flatten, type Params } from './params.js';

/** Per-task gradients of one batch: the task Jacobian over the shared parameters, and each head's own gradient. */
export interface TaskGradients {
  /** m × d: row i = ∇_shared L_i, flattened in the order of `params.shared`. */
  readonly jacobian: TaskJacobian;
  /** heads[i] = ∇_{head i} L_i, shaped as `params.heads[i]`. */
  readonly heads: readonly (readonly tf.Tensor[])[];
  /** L_i of the batch. */
  readonly losses: Float64Array;
}

export const disposeTaskGradients = (g: TaskGradients): void => tf.dispose([g.jacobian, ...g.heads.flat()]);

/** Checks that a batch has one target per task and that the losses are finite. */
export const checkBatch = (objective: Objective, batch: Batch): E.Either<MtlError, Batch> =>
  batch.targets.length !== objective.model.tasks || objective.losses.length !== objective.model.tasks
    ? E.left(shapeMismatch(`the model has ${objective.model.tasks} tasks but the batch has ${batch.targets.length} targets and the objective ${objective.losses.length} losses.`))
    : batch.x.shape[0] === 0
      ? E.left(shapeMismatch('the batch is empty.'))
      : E.right(batch);

export const checkLosses = (losses: Float64Array): E.Either<MtlError, Float64Array> => {
  const bad = losses.findIndex((l) => !Number.isFinite(l));
  return bad >= 0 ? E.left(nonFinite(`the loss of task ${bad} is ${losses[bad]}; training diverged or the data holds NaN.`)) : E.right(losses);
};

/**
 * The task Jacobian of a batch: for each task i one forward-backward pass of L_i with respect to
 * the shared parameters and head i (m passes). Left if a loss is not finite. The caller disposes
 * the result (`disposeTaskGradients`).
 */
export const taskJacobian =
  (objective: Objective) =>
  (params: Params, batch: Batch): E.Either<MtlError, TaskGradients> => {
    const checked = checkBatch(objective, batch);
    if (E.isLeft(checked)) return checked;
    const s = params.shared.length;
    const per = params.heads.map((head, i) =>
      tf.tidy(() => {
        const { value, grads } = tf.valueAndGrads((...ps: tf.Tensor[]) => taskLoss(objective, i, ps.slice(0, s), ps.slice(s), batch))([...params.shared, ...head]);
        return { value, row: flatten(grads.slice(0, s)), head: grads.slice(s) };
      }),
    );
    const losses = Float64Array.from(per, (p) => p.value.dataSync()[0]!);
    const J = tf.tidy(() => tf.stack(per.map((p) => p.row)) as tf.Tensor2D);
    tf.dispose(per.flatMap((p) => [p.value, p.row]));
    const heads = per.map((p) => p.head);
    const parsed = E.chain(() => parseJacobian(J))(checkLosses(losses));
    if (E.isLeft(parsed)) {
      tf.dispose([J, ...heads.flat()]);
      return parsed;
    }
    return E.right({ jacobian: parsed.right, heads, losses });
  };
