import { emptyInput, invalidArgument, nonFinite, shapeMismatch, tf, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';

/** Per-task values of a regression error and their mean over tasks (under the metric's name). */
export type RegressionScore<K extends string> = { readonly [P in K]: number } & { readonly perTask: readonly number[] };

interface Columns {
  readonly n: number;
  readonly tasks: number;
  readonly pred: Float64Array;
  readonly target: Float64Array;
}

const read = (t: tf.Tensor, what: string): E.Either<MtlError, Float64Array> => {
  if (t.isDisposed) return E.left(invalidArgument(`${what} has been disposed.`));
  if (t.dtype !== 'float32' && t.dtype !== 'int32') return E.left(invalidArgument(`${what} must be float32, got dtype ${t.dtype}.`));
  const v = Float64Array.from(t.dataSync());
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i]!)) return E.left(nonFinite(`${what} entry ${i} is ${v[i]}; values must be finite.`));
  }
  return E.right(v);
};

/**
 * Checks predictions and targets: equal shapes, rank 1 (N, one task) or 2 (N × T, one task per
 * column), N ≥ 1, finite values; reads both once in float64.
 */
const parseColumns = (predictions: tf.Tensor, targets: tf.Tensor): E.Either<MtlError, Columns> => {
  if (predictions.rank !== 1 && predictions.rank !== 2) {
    return E.left(shapeMismatch(`predictions must be N (one task) or N × T (one task per column), got shape [${predictions.shape.join(', ')}].`));
  }
  if (predictions.rank !== targets.rank || predictions.shape.some((s, i) => s !== targets.shape[i])) {
    return E.left(shapeMismatch(`predictions have shape [${predictions.shape.join(', ')}] but targets have [${targets.shape.join(', ')}]; they must match.`));
  }
  const n = predictions.shape[0]!;
  const tasks = predictions.rank === 2 ? predictions.shape[1]! : 1;
  if (n === 0 || tasks === 0) return E.left(emptyInput(`regression metrics need at least one sample and one task, got shape [${predictions.shape.join(', ')}].`));
  const pred = read(predictions, 'predictions');
  if (E.isLeft(pred)) return pred;
  const target = read(targets, 'targets');
  if (E.isLeft(target)) return target;
  return E.right({ n, tasks, pred: pred.right, target: target.right });
};

/** Per task t: (1/N) Σ_i f(ŷ_it − y_it). */
const perTaskMean = (c: Columns, f: (e: number) => number): number[] => {
  const out = new Array<number>(c.tasks).fill(0);
  for (let i = 0; i < c.n; i++) for (let t = 0; t < c.tasks; t++) out[t]! += f(c.pred[i * c.tasks + t]! - c.target[i * c.tasks + t]!);
  return out.map((s) => s / c.n);
};

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

const regressionMetric =
  <K extends string>(name: K, perTask: (c: Columns) => number[]) =>
  (predictions: tf.Tensor, targets: tf.Tensor): E.Either<MtlError, RegressionScore<K>> =>
    E.map((c: Columns) => {
      const values = perTask(c);
      return { [name]: mean(values), perTask: values } as RegressionScore<K>;
    })(parseColumns(predictions, targets));

/**
 * Mean squared error per task, MSE_t = (1/N) Σ_i (ŷ_it − y_it)², and `mse` = their mean over the
 * T tasks (columns of an N × T input; a 1-D input is one task). scikit-learn's
 * `mean_squared_error(y, ŷ, multioutput='raw_values')` / `'uniform_average'`.
 */
export const mse = regressionMetric('mse', (c) => perTaskMean(c, (e) => e * e));

/** Mean absolute error per task, MAE_t = (1/N) Σ_i |ŷ_it − y_it|, and `mae` = their mean over tasks. */
export const mae = regressionMetric('mae', (c) => perTaskMean(c, Math.abs));

/**
 * Root mean squared error per task, RMSE_t = √MSE_t, and `rmse` = the mean of the per-task RMSEs
 * (not √ of the mean MSE), as scikit-learn's `mean_squared_error(..., squared=False)`.
 */
export const rmse = regressionMetric('rmse', (c) => perTaskMean(c, (e) => e * e).map(Math.sqrt));
