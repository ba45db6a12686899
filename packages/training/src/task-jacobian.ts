import { parseJacobian, shapeMismatch, tf, type MtlError, type TaskJacobian } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { lossGradients, type TaskLossGradients } from './loss-gradients.js';
import type { Batch, Objective } from './objective.js';
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

/** Checks that a batch is not empty and has one target per task, as the objective has one loss per task. */
export const checkBatch = (objective: Objective, batch: Batch): E.Either<MtlError, Batch> =>
  batch.targets.length !== objective.model.tasks || objective.losses.length !== objective.model.tasks
    ? E.left(shapeMismatch(`the model has ${objective.model.tasks} tasks but the batch has ${batch.targets.length} targets and the objective ${objective.losses.length} losses.`))
    : batch.x.shape[0] === 0
      ? E.left(shapeMismatch('the batch is empty.'))
      : E.right(batch);

export { checkLosses, type TaskLossGradients } from './loss-gradients.js';


/**
 * The gradients of every task's loss with respect to `xs` (tensors among the parameters) from ONE
 * forward pass: the encoder runs once, each head once, and core's `vjps` back-propagates the
 * recorded pass once per task with the cotangent 1 on Lᵢ and nothing on the other losses — so sweep
 * i visits head i and the part of the encoder between `xs` and z only (reverse mode, Griewank &
 * Walther 2008, ch. 3; what LibMTL and torchjd do with `retain_graph`). Equal to one
 * `tf.valueAndGrads` of Lᵢ per task, which would run the encoder forward m times. Left on a batch
 * that does not match the tasks or a non-finite loss (nothing allocated is kept then).
 */
export const taskLossGradients = (objective: Objective, params: Params, batch: Batch, xs: readonly tf.Tensor[]): E.Either<MtlError, TaskLossGradients> => {
  const checked = checkBatch(objective, batch);
  if (E.isLeft(checked)) return checked;
  const { model } = objective;
  return lossGradients(
    () => {
      const z = model.encode(params.shared, batch.x);
      return params.heads.map((h, i) => objective.losses[i]!(model.head(i, h, z), batch.targets[i]!));
    },
    params.heads.length,
    xs,
  );
};

/**
 * The task Jacobian of a batch with respect to the shared parameters, and each head's gradient of
 * its own loss: one forward pass and one backward sweep per task (`taskLossGradients`). Left if a
 * loss is not finite. The caller disposes the result (`disposeTaskGradients`).
 */
export const taskJacobian =
  (objective: Objective) =>
  (params: Params, batch: Batch): E.Either<MtlError, TaskGradients> => {
    const { shared, heads } = params;
    const s = shared.length;
    const r = taskLossGradients(objective, params, batch, [...shared, ...heads.flat()]);
    if (E.isLeft(r)) return r;
    const { losses, grads } = r.right;
    // Head i's tensors sit after the shared ones and heads 0..i-1 in xs.
    const starts = heads.map((_, i) => s + heads.slice(0, i).reduce((n, h) => n + h.length, 0));
    const J = tf.tidy(() => tf.stack(grads.map((g) => flatten(shared.map((t, k) => g[k] ?? tf.zerosLike(t))))) as tf.Tensor2D);
    const headGrads = heads.map((h, i) => h.map((t, k) => grads[i]![starts[i]! + k] ?? tf.zerosLike(t)));
    const kept = new Set(headGrads.flat());
    tf.dispose(grads.flat().filter((g): g is tf.Tensor => g !== null && !kept.has(g)));
    const parsed = parseJacobian(J);
    if (E.isLeft(parsed)) {
      tf.dispose([J, ...headGrads.flat()]);
      return parsed;
    }
    return E.right({ jacobian: parsed.right, heads: headGrads, losses });
  };
