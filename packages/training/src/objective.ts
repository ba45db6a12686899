import type { tf } from '@mtlkit/core';
import type { MultiTaskModel } from './model.js';

/** A mini-batch: inputs and one target tensor per task. The producer of a batch disposes it. */
export interface Batch {
  readonly x: tf.Tensor;
  readonly targets: readonly tf.Tensor[];
  /**
   * A validation batch paired with this training step, for steps whose `needs.validationBatch`
   * is true (gradient blending's per-step schedule). `train` attaches one from
   * `data.validationBatches` (or cycles through `data.validation`) and disposes it after the step.
   */
  readonly validation?: Batch;
}

/** The loss of one task: (model output, target) -> scalar (e.g. `crossEntropy` of @mtlkit/losses). */
export type TaskLoss = (output: tf.Tensor, target: tf.Tensor) => tf.Scalar;

/** What is trained: a model and one loss per task. */
export interface Objective {
  readonly model: MultiTaskModel;
  readonly losses: readonly TaskLoss[];
}

/** The loss of task i at the given shared and head parameters. */
export const taskLoss = (objective: Objective, i: number, shared: readonly tf.Tensor[], head: readonly tf.Tensor[], batch: Batch): tf.Scalar =>
  objective.losses[i]!(objective.model.head(i, head, objective.model.encode(shared, batch.x)), batch.targets[i]!);
