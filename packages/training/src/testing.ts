import { Key, tf } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { hpsMlp } from './mlp.js';
import type { Batch, Objective } from './objective.js';
import { disposeTrainState, type Step, type StepReport, type TrainState } from './train-state.js';

/** Test fixtures shared by this package's tests (not exported from the package). */

/** Two linear regression tasks y_t = x·w_t + noise whose gradients partly conflict. */
export const regressionBatch = (key: Key, n = 32, inputs = 4): Batch => {
  const [kx, kn] = Key.split(key, 2) as [Key, Key];
  const x = Key.normal(kx, n * inputs);
  const noise = Key.normal(kn, 2 * n, 0, 0.05);
  const w = [
    [1, -0.5, 0.3, 0],
    [-0.8, 0.6, 0, 0.4],
  ];
  const targets = w.map((wt, t) => tf.tensor2d(Float32Array.from({ length: n }, (_, i) => wt.reduce((s, v, k) => s + v * x[i * inputs + k]!, 0) + noise[t * n + i]!), [n, 1]));
  return { x: tf.tensor2d(Float32Array.from(x), [n, inputs]), targets };
};

export const disposeBatch = (b: Batch): void => tf.dispose([b.x, ...b.targets]);

export const mse = (out: tf.Tensor, y: tf.Tensor) => tf.mean(tf.square(tf.sub(out, y))) as tf.Scalar;

export const regressionObjective = (): Objective => ({
  model: hpsMlp({ input: 4, hidden: [8], heads: [{ output: 1 }, { output: 1 }], activation: 'tanh' }),
  losses: [mse, mse],
});

/**
 * A classification task and a regression task on the same inputs: task 0's label is the argmax of
 * x·W over 3 classes (int32), task 1 is y = x·w + noise.
 */
export const mixedBatch = (key: Key, n = 32, inputs = 4): Batch => {
  const [kx, kn] = Key.split(key, 2) as [Key, Key];
  const x = Key.normal(kx, n * inputs);
  const noise = Key.normal(kn, n, 0, 0.05);
  const W = [
    [1, -1, 0.5],
    [0.5, 1, -1],
    [-1, 0.3, 0.8],
    [0.2, -0.6, 0.4],
  ];
  const w = [0.7, -0.4, 0.2, 0.5];
  const row = (i: number) => Array.from({ length: inputs }, (_, k) => x[i * inputs + k]!);
  const labels = Int32Array.from({ length: n }, (_, i) => {
    const scores = [0, 1, 2].map((c) => row(i).reduce((s, v, k) => s + v * W[k]![c]!, 0));
    return scores.indexOf(Math.max(...scores));
  });
  const y = Float32Array.from({ length: n }, (_, i) => row(i).reduce((s, v, k) => s + v * w[k]!, 0) + noise[i]!);
  return { x: tf.tensor2d(Float32Array.from(x), [n, inputs]), targets: [tf.tensor1d(labels, 'int32'), tf.tensor2d(y, [n, 1])] };
};

/**
 * Runs `steps` steps from `state` on the batches `batchAt(from)`, `batchAt(from + 1)`, ..., disposing
 * every intermediate state (not `state` itself); throws on a Left. The last state and every report.
 */
export const runSteps = <S>(step: Step<S>, state: TrainState<S>, steps: number, batchAt: (k: number) => Batch, from = 0): { state: TrainState<S>; reports: StepReport[] } => {
  const reports: StepReport[] = [];
  let s = state;
  for (let k = 0; k < steps; k++) {
    const r = step(s, batchAt(from + k));
    if (E.isLeft(r)) throw new Error(r.left.message);
    if (s !== state) disposeTrainState(s);
    s = r.right[0];
    reports.push(r.right[1]);
  }
  return { state: s, reports };
};
