import { invalidArgument, Key, tf, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { exampleLength, type Dataset, type Target } from './dataset.js';

/**
 * A mini-batch: inputs [b, ...inputShape] and one target tensor per task — the `Batch` of
 * `@mtlkit/training`. Labels are int32 [b] (or float32 one-hot [b, classes]); regression targets
 * float32 [b, width]. The receiver owns the tensors and disposes them (`train` does).
 */
export interface Batch {
  readonly x: tf.Tensor;
  readonly targets: readonly tf.Tensor[];
}

export interface BatchOptions {
  readonly batchSize: number;
  /** Draw the order of the examples from this key (a fresh permutation per key); without it, dataset order. */
  readonly key?: Key;
  /** Leave out the last, smaller batch (default false). */
  readonly dropLast?: boolean;
  /** How labels are carried: 'index' (int32 [b], default) or 'one-hot' (float32 [b, classes]). */
  readonly labels?: 'index' | 'one-hot';
}

/** Batches per pass over `size` examples. */
export const batchCount = (size: number, batchSize: number, dropLast = false): number => (dropLast ? Math.floor(size / batchSize) : Math.ceil(size / batchSize));

const checkOptions = (ds: Dataset, o: BatchOptions): E.Either<MtlError, BatchOptions> => {
  if (!Number.isInteger(o.batchSize) || o.batchSize < 1) return E.left(invalidArgument(`batch size must be a positive integer, got ${o.batchSize}.`));
  if (o.labels !== undefined && o.labels !== 'index' && o.labels !== 'one-hot') return E.left(invalidArgument(`labels must be 'index' or 'one-hot', got ${String(o.labels)}.`));
  if (ds.targets.length === 0) return E.left(invalidArgument('the dataset has no target (task) to batch.'));
  return E.right(o);
};

const targetTensor = (t: Target, rows: Int32Array, labels: 'index' | 'one-hot'): tf.Tensor => {
  const b = rows.length;
  if (t._tag === 'Labels') {
    if (labels === 'index') return tf.tensor1d(Int32Array.from(rows, (r) => t.values[r]!), 'int32');
    const hot = new Float32Array(b * t.classes);
    rows.forEach((r, i) => (hot[i * t.classes + t.values[r]!] = 1));
    return tf.tensor2d(hot, [b, t.classes]);
  }
  const w = t.width;
  const out = new Float32Array(b * w);
  rows.forEach((r, i) => out.set(t.values.subarray(r * w, (r + 1) * w), i * w));
  return tf.tensor2d(out, [b, w]);
};

/** The batch of the examples at `rows` (the caller owns the tensors). */
export const batchOf = (ds: Dataset, rows: Int32Array, labels: 'index' | 'one-hot' = 'index'): Batch => {
  const len = exampleLength(ds);
  const x = new Float32Array(rows.length * len);
  rows.forEach((r, i) => x.set(ds.inputs.subarray(r * len, (r + 1) * len), i * len));
  return { x: tf.tensor(x, [rows.length, ...ds.inputShape]), targets: ds.targets.map((t) => targetTensor(t, rows, labels)) };
};

/**
 * Mini-batches over a dataset as a lazy, re-iterable sequence: each iteration walks the examples
 * in the same order (the key's permutation, or dataset order) and makes the tensors of a batch only
 * when it is reached. Ownership: every yielded batch belongs to the consumer, who disposes
 * `x` and each target (`@mtlkit/training`'s `train` and `evaluate` do); a batch that is never
 * reached is never made, so stopping early leaks nothing.
 */
export const batches = (ds: Dataset, options: BatchOptions): E.Either<MtlError, Iterable<Batch>> =>
  E.map((o: BatchOptions) => {
    const order = o.key === undefined ? Int32Array.from({ length: ds.size }, (_, i) => i) : Key.permutation(o.key, ds.size);
    const n = batchCount(ds.size, o.batchSize, o.dropLast);
    const labels = o.labels ?? 'index';
    return {
      *[Symbol.iterator]() {
        for (let b = 0; b < n; b++) yield batchOf(ds, order.subarray(b * o.batchSize, Math.min((b + 1) * o.batchSize, ds.size)), labels);
      },
    };
  })(checkOptions(ds, options));

/** What `@mtlkit/training`'s `train` takes as `data` (structurally its `TrainData`). */
export interface TrainBatches {
  /** One epoch of training batches, in an order drawn from the key (the loop passes a fresh key per epoch). */
  readonly train: (key: Key) => Iterable<Batch>;
  /** The validation split in order (absent without a validation split). */
  readonly validation?: () => Iterable<Batch>;
  /** The test split in order (absent without a test split). */
  readonly test?: () => Iterable<Batch>;
  readonly batchesPerEpoch: number;
}

export interface TrainBatchesOptions {
  readonly batchSize: number;
  /** Batch size of validation and test (default: `batchSize`). */
  readonly evalBatchSize?: number;
  /** Drop the last, smaller training batch (default false; evaluation never drops). */
  readonly dropLast?: boolean;
  readonly labels?: 'index' | 'one-hot';
}

/**
 * Training, validation and test batches of a split, ready for `train({ data, ... })`: training
 * batches are reshuffled from each epoch's key, evaluation batches come in order.
 */
export const trainBatches = (
  splits: { readonly train: Dataset; readonly validation?: Dataset; readonly test?: Dataset },
  options: TrainBatchesOptions,
): E.Either<MtlError, TrainBatches> => {
  const evalSize = options.evalBatchSize ?? options.batchSize;
  const labels = options.labels ?? 'index';
  const check = batches(splits.train, { batchSize: options.batchSize, labels });
  if (E.isLeft(check)) return check;
  const evalCheck = batches(splits.train, { batchSize: evalSize, labels });
  if (E.isLeft(evalCheck)) return evalCheck;
  const ordered = (ds: Dataset) => () => (batches(ds, { batchSize: evalSize, labels }) as E.Right<Iterable<Batch>>).right;
  return E.right({
    train: (key: Key) => (batches(splits.train, { batchSize: options.batchSize, key, dropLast: options.dropLast, labels }) as E.Right<Iterable<Batch>>).right,
    ...(splits.validation !== undefined && { validation: ordered(splits.validation) }),
    ...(splits.test !== undefined && { test: ordered(splits.test) }),
    batchesPerEpoch: batchCount(splits.train.size, options.batchSize, options.dropLast),
  });
};
