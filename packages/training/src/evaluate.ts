import { tf } from '@mtlkit/core';
import { forward } from './model.js';
import type { Batch, Objective } from './objective.js';
import type { Params } from './params.js';

/** Metrics of one task from all its outputs and targets of a split (e.g. accuracy, Brier, ECE). */
export type TaskMetrics = (outputs: tf.Tensor, targets: tf.Tensor) => Readonly<Record<string, number>>;

/** Per task: the mean loss over the split and the task's metrics. */
export type Evaluation = readonly Readonly<Record<string, number>>[];

/**
 * Evaluates parameters on a split: outputs of every batch are concatenated per task, so metrics
 * that do not average over batches (ECE, AUC...) see the whole split. Each batch is disposed after
 * use (the loop owns the batches it draws). `loss` is the sample-weighted mean of the batch losses.
 */
export const evaluate = (objective: Objective, params: Params, batches: Iterable<Batch>, metrics: readonly (TaskMetrics | undefined)[] = []): Evaluation => {
  const tasks = objective.model.tasks;
  const outs: tf.Tensor[][] = Array.from({ length: tasks }, () => []);
  const ys: tf.Tensor[][] = Array.from({ length: tasks }, () => []);
  const lossSums = new Float64Array(tasks);
  let count = 0;
  for (const batch of batches) {
    const n = batch.x.shape[0]!;
    const outputs = tf.tidy(() => forward(objective.model)(params, batch.x));
    const losses = tf.tidy(() => tf.stack(outputs.map((o, t) => objective.losses[t]!(o, batch.targets[t]!))));
    const values = losses.dataSync();
    losses.dispose();
    for (let t = 0; t < tasks; t++) {
      lossSums[t] = lossSums[t]! + values[t]! * n;
      outs[t]!.push(outputs[t]!);
      ys[t]!.push(tf.clone(batch.targets[t]!));
    }
    count += n;
    tf.dispose([batch.x, ...batch.targets]);
  }
  return Array.from({ length: tasks }, (_, t) => {
    const record: Record<string, number> = { loss: count === 0 ? Number.NaN : lossSums[t]! / count };
    const metric = metrics[t];
    if (metric !== undefined && count > 0) {
      const o = tf.concat(outs[t]!);
      const y = tf.concat(ys[t]!);
      Object.assign(record, metric(o, y));
      tf.dispose([o, y]);
    }
    tf.dispose([...outs[t]!, ...ys[t]!]);
    return record;
  });
};
