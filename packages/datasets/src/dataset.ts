import { emptyInput, invalidArgument, shapeMismatch, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';

/**
 * The targets of one task, one row per example:
 * - `Labels`: class indices 0..classes-1 (classification); batches carry them as an int32 vector.
 * - `Values`: `width` real numbers per example (regression); batches carry a float32 [b, width] matrix.
 */
export type Target =
  | { readonly _tag: 'Labels'; readonly name: string; readonly values: Int32Array; readonly classes: number }
  | { readonly _tag: 'Values'; readonly name: string; readonly values: Float32Array; readonly width: number };

/**
 * A multi-task dataset held in plain typed arrays (garbage-collected; nothing to dispose).
 * `inputs` holds `size` examples of `inputShape` each, row-major (images NHWC). Tensors are made
 * only by the batch iterator (`batches`), and whoever receives a batch disposes it.
 */
export interface Dataset {
  readonly size: number;
  readonly inputs: Float32Array;
  readonly inputShape: readonly number[];
  readonly targets: readonly Target[];
}

/**
 * A two-task image dataset (multi-digits, multi-fashion, Multi-MNIST from IDX files): a `Dataset`
 * whose `images` and `labels` are the same arrays as `inputs` and `targets[t].values`, under the
 * names of the Multi-MNIST contract. Images are N × H × W × 1 (NHWC) in [0, 1]; task 1 is the
 * top-left item, task 2 the bottom-right one.
 */
export interface ImageDataset extends Dataset {
  readonly images: Float32Array;
  readonly shape: readonly [number, number, number, number];
  readonly labels: readonly [Int32Array, Int32Array];
}

/** Values per example: the product of the input shape. */
export const exampleLength = (ds: Pick<Dataset, 'inputShape'>): number => ds.inputShape.reduce((a, b) => a * b, 1);

/** Values per example of a target (1 for labels). */
export const targetWidth = (t: Target): number => (t._tag === 'Labels' ? 1 : t.width);

/** A two-task image dataset from N × H × W × 1 images and the labels of the two tasks. */
export const imageDataset = (
  images: Float32Array,
  shape: readonly [number, number, number, number],
  labels: readonly [Int32Array, Int32Array],
  names: readonly [string, string] = ['top-left', 'bottom-right'],
  classes = 10,
): ImageDataset => ({
  size: shape[0],
  inputs: images,
  inputShape: shape.slice(1),
  targets: labels.map((values, t) => ({ _tag: 'Labels', name: names[t]!, values, classes }) as const),
  images,
  shape,
  labels,
});

/**
 * Checks that a dataset is consistent: array lengths match the size and shapes, labels lie in
 * 0..classes-1, every value is finite. Loaders and generators build consistent datasets; use this
 * on datasets built by hand.
 */
export const checkDataset = (ds: Dataset): E.Either<MtlError, Dataset> => {
  if (!Number.isInteger(ds.size) || ds.size < 0) return E.left(invalidArgument(`dataset size must be a non-negative integer, got ${ds.size}.`));
  if (ds.inputShape.some((d) => !Number.isInteger(d) || d < 1)) return E.left(invalidArgument(`input shape must hold positive integers, got [${ds.inputShape.join(', ')}].`));
  const len = exampleLength(ds);
  if (ds.inputs.length !== ds.size * len)
    return E.left(shapeMismatch(`inputs hold ${ds.inputs.length} values; ${ds.size} examples of shape [${ds.inputShape.join(', ')}] need ${ds.size * len}.`));
  const badInput = ds.inputs.findIndex((v) => !Number.isFinite(v));
  if (badInput >= 0) return E.left(invalidArgument(`input value ${badInput} (example ${Math.floor(badInput / len)}) is ${ds.inputs[badInput]}; inputs must be finite.`));
  if (ds.targets.length === 0) return E.left(emptyInput('a dataset needs at least one target (task).'));
  for (const t of ds.targets) {
    const w = targetWidth(t);
    if (t.values.length !== ds.size * w) return E.left(shapeMismatch(`target "${t.name}" holds ${t.values.length} values; ${ds.size} examples need ${ds.size * w}.`));
    if (t._tag === 'Labels') {
      const bad = t.values.findIndex((v) => v < 0 || v >= t.classes);
      if (bad >= 0) return E.left(invalidArgument(`target "${t.name}": label of example ${bad} is ${t.values[bad]}; labels must lie in 0..${t.classes - 1}.`));
    } else {
      const bad = t.values.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) return E.left(invalidArgument(`target "${t.name}": value ${bad} is ${t.values[bad]}; targets must be finite.`));
    }
  }
  return E.right(ds);
};

/** The examples at `indices`, in that order (copies; the source is unchanged). */
export const subset = (ds: Dataset, indices: ArrayLike<number>): Dataset => {
  const len = exampleLength(ds);
  const n = indices.length;
  const inputs = new Float32Array(n * len);
  for (let i = 0; i < n; i++) inputs.set(ds.inputs.subarray(indices[i]! * len, (indices[i]! + 1) * len), i * len);
  const targets = ds.targets.map((t): Target => {
    const w = targetWidth(t);
    const values = t._tag === 'Labels' ? new Int32Array(n * w) : new Float32Array(n * w);
    for (let i = 0; i < n; i++) values.set(t.values.subarray(indices[i]! * w, (indices[i]! + 1) * w), i * w);
    return t._tag === 'Labels' ? { ...t, values: values as Int32Array } : { ...t, values: values as Float32Array };
  });
  return { size: n, inputs, inputShape: ds.inputShape, targets };
};

/** The examples from `start` (inclusive) to `end` (exclusive), in order. */
export const slice = (ds: Dataset, start: number, end: number): Dataset =>
  subset(ds, Int32Array.from({ length: Math.max(0, Math.min(end, ds.size) - start) }, (_, i) => start + i));
