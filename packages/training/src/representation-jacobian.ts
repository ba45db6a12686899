import { parseJacobian, tf, type MtlError, type TaskJacobian } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import type { Batch, Objective } from './objective.js';
import { flatten, type Params } from './params.js';
import { checkBatch, checkLosses } from './task-jacobian.js';

/** Per-task gradients with respect to the shared features z (MGDA-UB's representation mode). */
export interface RepresentationGradients {
  /** m × (batch · features): row i = ∇_z L_i, flattened. */
  readonly jacobian: TaskJacobian;
  readonly heads: readonly (readonly tf.Tensor[])[];
  readonly losses: Float64Array;
  /**
   * Back-propagates a direction in feature space (length batch · features, e.g. the aggregation of
   * `jacobian`) through the encoder: the gradient for the shared parameters, shaped as them.
   */
  readonly backward: (direction: tf.Tensor1D) => tf.Tensor[];
}

export const disposeRepresentationGradients = (g: RepresentationGradients): void => tf.dispose([g.jacobian, ...g.heads.flat()]);

/**
 * Sener & Koltun (2018), "Multi-task learning as multi-objective optimization", §3.3 (MGDA-UB):
 * the task Jacobian with respect to the shared representation z = encoder(x) instead of the
 * shared parameters. One encoder forward, one backward pass per task through its head only, then
 * `backward` runs one forward-backward pass of the encoder with the aggregated feature gradient.
 */
export const representationJacobian =
  (objective: Objective) =>
  (params: Params, batch: Batch): E.Either<MtlError, RepresentationGradients> => {
    const checked = checkBatch(objective, batch);
    if (E.isLeft(checked)) return checked;
    const { model } = objective;
    const z = tf.tidy(() => model.encode(params.shared, batch.x));
    const per = params.heads.map((head, i) =>
      tf.tidy(() => {
        const { value, grads } = tf.valueAndGrads((zz: tf.Tensor, ...hp: tf.Tensor[]) => objective.losses[i]!(model.head(i, hp, zz), batch.targets[i]!))([z, ...head]);
        return { value, row: flatten([grads[0]!]), head: grads.slice(1) };
      }),
    );
    const zShape = z.shape;
    z.dispose();
    const losses = Float64Array.from(per, (p) => p.value.dataSync()[0]!);
    const J = tf.tidy(() => tf.stack(per.map((p) => p.row)) as tf.Tensor2D);
    tf.dispose(per.flatMap((p) => [p.value, p.row]));
    const heads = per.map((p) => p.head);
    const parsed = E.chain(() => parseJacobian(J))(checkLosses(losses));
    if (E.isLeft(parsed)) {
      tf.dispose([J, ...heads.flat()]);
      return parsed;
    }
    const backward = (direction: tf.Tensor1D): tf.Tensor[] =>
      tf.tidy(() => tf.grads((...s: tf.Tensor[]) => model.encode(s, batch.x))([...params.shared], tf.reshape(direction, zShape)));
    return E.right({ jacobian: parsed.right, heads, losses, backward });
  };
