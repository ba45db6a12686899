import { invalidArgument, Key, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { slice, subset, type Dataset } from './dataset.js';

/** The three splits of an experiment. */
export interface Splits {
  readonly train: Dataset;
  readonly validation: Dataset;
  readonly test: Dataset;
}

export interface SplitOptions {
  /** Shuffle with this key before cutting; without a key the splits follow the dataset's order. */
  readonly key?: Key;
  /** Examples in the validation split. */
  readonly validation: number;
  /** Examples in the test split. */
  readonly test: number;
  /** Examples in the training split (default: all the others). */
  readonly train?: number;
}

/** The dataset in a key-dependent order (a uniformly random permutation: Fisher–Yates on the key's stream). */
export const shuffle = (ds: Dataset, key: Key): Dataset => subset(ds, Key.permutation(key, ds.size));

const count = (name: string, v: number | undefined): E.Either<MtlError, number | undefined> =>
  v === undefined || (Number.isInteger(v) && v >= 0) ? E.right(v) : E.left(invalidArgument(`split size "${name}" must be a non-negative integer, got ${v}.`));

/**
 * Cuts a dataset into train / validation / test: training examples first, then validation, then
 * test, after a seeded shuffle when `key` is given. Sizes are counts; they must fit in the dataset
 * and leave at least one training example. Splits are disjoint copies.
 */
export const splitDataset = (ds: Dataset, options: SplitOptions): E.Either<MtlError, Splits> => {
  const sizes = [count('validation', options.validation), count('test', options.test), count('train', options.train)];
  const bad = sizes.find(E.isLeft);
  if (bad !== undefined) return bad as E.Left<MtlError>;
  const { validation, test } = options;
  const train = options.train ?? ds.size - validation - test;
  if (train < 1) return E.left(invalidArgument(`the training split would be empty: ${ds.size} examples, ${validation} for validation and ${test} for test.`));
  if (train + validation + test > ds.size)
    return E.left(invalidArgument(`split sizes ${train} + ${validation} + ${test} = ${train + validation + test} exceed the ${ds.size} examples of the dataset.`));
  const order = options.key === undefined ? ds : shuffle(ds, options.key);
  return E.right({
    train: slice(order, 0, train),
    validation: slice(order, train, train + validation),
    test: slice(order, train + validation, train + validation + test),
  });
};
