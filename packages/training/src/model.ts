import type { Key, tf } from '@mtlkit/core';
import type { Params } from './params.js';

/**
 * A hard-parameter-sharing (HPS) multi-task model as pure functions of its parameters: a shared
 * encoder x -> z and one head per task z -> output. No hidden state: the same parameters and
 * input give the same outputs.
 */
export interface MultiTaskModel {
  /** Number of tasks (heads). */
  readonly tasks: number;
  /** Shared features z = encoder(shared, x). */
  readonly encode: (shared: readonly tf.Tensor[], x: tf.Tensor) => tf.Tensor;
  /** Output of head `task` (logits or regression values) from the features. */
  readonly head: (task: number, params: readonly tf.Tensor[], z: tf.Tensor) => tf.Tensor;
  /** Fresh parameters drawn from a key. */
  readonly init: (key: Key) => Params;
}

/** Outputs of every task for a batch: (params, x) => [output of task 0, output of task 1, ...]. */
export const forward =
  (model: MultiTaskModel) =>
  (params: Params, x: tf.Tensor): tf.Tensor[] => {
    const z = model.encode(params.shared, x);
    return params.heads.map((h, i) => model.head(i, h, z));
  };
