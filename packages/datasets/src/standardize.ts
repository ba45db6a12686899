import { emptyInput, shapeMismatch, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { exampleLength, type Dataset, type Target } from './dataset.js';
import type { Splits } from './split.js';

/** Per-feature mean and standard deviation (float64). */
export interface Moments {
  readonly mean: Float64Array;
  readonly std: Float64Array;
}

/** What `fitStandardizer` learnt on a training split: input moments and, per task, target moments (null when not standardised). */
export interface Standardizer {
  readonly inputs: Moments | null;
  readonly targets: readonly (Moments | null)[];
}

export interface StandardizeOptions {
  /** 'per-feature' (default): each input value position gets its own mean and std; 'global': one for all; 'none'. */
  readonly inputs?: 'per-feature' | 'global' | 'none';
  /** Standardise regression targets (`Values`) per column too (default false). Labels are never touched. */
  readonly targets?: boolean;
}

/**
 * Mean and population standard deviation (divide by n, as scikit-learn's StandardScaler) of each of
 * `width` columns, two-pass in float64. A constant column gets std 1 (as StandardScaler), so it maps
 * to 0 instead of dividing by zero.
 */
const moments = (values: ArrayLike<number>, n: number, width: number): Moments => {
  const mean = new Float64Array(width);
  const std = new Float64Array(width);
  for (let i = 0; i < n; i++) for (let j = 0; j < width; j++) mean[j] = mean[j]! + values[i * width + j]!;
  for (let j = 0; j < width; j++) mean[j] = mean[j]! / n;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < width; j++) {
      const d = values[i * width + j]! - mean[j]!;
      std[j] = std[j]! + d * d;
    }
  for (let j = 0; j < width; j++) {
    const s = Math.sqrt(std[j]! / n);
    std[j] = s > 1e-12 * Math.max(1, Math.abs(mean[j]!)) ? s : 1;
  }
  return { mean, std };
};

/** Fits the standardisation on a (training) dataset: fit on train only, then apply to every split. */
export const fitStandardizer = (train: Dataset, options: StandardizeOptions = {}): E.Either<MtlError, Standardizer> => {
  if (train.size === 0) return E.left(emptyInput('cannot fit a standardisation on an empty training set.'));
  const mode = options.inputs ?? 'per-feature';
  const len = exampleLength(train);
  const inputs = mode === 'none' ? null : mode === 'global' ? moments(train.inputs, train.inputs.length, 1) : moments(train.inputs, train.size, len);
  const targets = train.targets.map((t) => (options.targets === true && t._tag === 'Values' ? moments(t.values, train.size, t.width) : null));
  return E.right({ inputs, targets });
};

const apply = (values: Float32Array, m: Moments): Float32Array => {
  const w = m.mean.length;
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = (values[i]! - m.mean[i % w]!) / m.std[i % w]!;
  return out;
};

/** (x − mean) / std with a fitted standardiser; the dataset must have the shapes it was fitted on. */
export const standardize =
  (s: Standardizer) =>
  (ds: Dataset): E.Either<MtlError, Dataset> => {
    const len = exampleLength(ds);
    if (s.inputs !== null && s.inputs.mean.length !== 1 && s.inputs.mean.length !== len)
      return E.left(shapeMismatch(`the standardiser was fitted on examples of ${s.inputs.mean.length} values; this dataset has ${len}.`));
    if (s.targets.length !== ds.targets.length) return E.left(shapeMismatch(`the standardiser was fitted on ${s.targets.length} tasks; this dataset has ${ds.targets.length}.`));
    const targets: Target[] = [];
    for (let k = 0; k < ds.targets.length; k++) {
      const t = ds.targets[k]!;
      const m = s.targets[k];
      if (m === null || m === undefined) targets.push(t);
      else if (t._tag !== 'Values' || t.width !== m.mean.length)
        return E.left(shapeMismatch(`task ${k} ("${t.name}") does not have the ${m.mean.length} target columns the standardiser was fitted on.`));
      else targets.push({ ...t, values: apply(t.values, m) });
    }
    return E.right({ ...ds, inputs: s.inputs === null ? ds.inputs : apply(ds.inputs, s.inputs), targets });
  };

/** Undoes the target standardisation of task `task` on predictions (float64 out). */
export const unstandardizeTarget = (s: Standardizer, task: number, values: ArrayLike<number>): Float64Array => {
  const m = s.targets[task] ?? null;
  const out = Float64Array.from(values);
  if (m === null) return out;
  const w = m.mean.length;
  for (let i = 0; i < out.length; i++) out[i] = out[i]! * m.std[i % w]! + m.mean[i % w]!;
  return out;
};

/** Fits on `splits.train` only and standardises all three splits with it. */
export const standardizeSplits = (splits: Splits, options: StandardizeOptions = {}): E.Either<MtlError, { readonly splits: Splits; readonly standardizer: Standardizer }> =>
  E.chain((s: Standardizer) => {
    const f = standardize(s);
    const [train, validation, test] = [f(splits.train), f(splits.validation), f(splits.test)];
    if (E.isLeft(train)) return train;
    if (E.isLeft(validation)) return validation;
    if (E.isLeft(test)) return test;
    return E.right({ splits: { train: train.right, validation: validation.right, test: test.right }, standardizer: s });
  })(fitStandardizer(splits.train, options));
