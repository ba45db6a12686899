import { dataFormat, invalidArgument, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { readCsv } from './csv.js';
import { slice, type Dataset, type Target } from './dataset.js';
import type { Splits } from './split.js';

/** SARCOS columns: 7 joint positions, 7 velocities, 7 accelerations, then the 7 joint torques (the tasks). */
export const SARCOS_INPUTS = 21;
export const SARCOS_TASKS = 7;

export interface SarcosOptions {
  /** Rows of the training file kept for validation, taken from its start (default ⌊rows / 10⌋: 4,448 of 44,484). */
  readonly validation?: number;
  /**
   * 'quantile' (default): divide each torque, in every split, by its 0.9-quantile over the training
   * split (numpy's linear interpolation), as the MT-SGD code does; 'none': raw torques.
   */
  readonly targetScaling?: 'quantile' | 'none';
}

export interface Sarcos {
  readonly splits: Splits;
  /** The divisor of each task's targets (1 each with targetScaling 'none'). */
  readonly targetScale: Float64Array;
}

/** The q-quantile of values with linear interpolation between order statistics (numpy's default, `method='linear'`). */
export const quantile = (values: ArrayLike<number>, q: number): number => {
  const sorted = Float64Array.from(values).sort();
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
};

const scaleTargets = (ds: Dataset, scale: Float64Array): Dataset => ({
  ...ds,
  targets: ds.targets.map((t, k): Target => (t._tag === 'Values' ? { ...t, values: t.values.map((v) => v / scale[k]!) } : t)),
});

/**
 * The SARCOS inverse-dynamics benchmark (Vijayakumar & Schaal 2000; files `sarcos_inv` with 44,484
 * rows and `sarcos_inv_test` with 4,449, from gaussianprocess.org/gpml/data, converted to CSV or
 * TSV without a header: 28 numeric columns), 21 inputs and 7 regression tasks (torques
 * "torque 1".."torque 7"), split as in seed 002 (MT-SGD, §2.1.3) and its code (`sarcos/data.py`):
 * the first 4,448 training rows are the validation split, the other 40,036 the training split, and
 * the test file the test split; targets divided by their training 0.9-quantile. Inputs are left raw
 * (use `standardizeSplits` to standardise them on the training split).
 */
export const sarcos = async (trainPath: string, testPath: string, options: SarcosOptions = {}): Promise<E.Either<MtlError, Sarcos>> => {
  const columns = Array.from({ length: SARCOS_INPUTS + SARCOS_TASKS }, (_, j) => j);
  const schema = { inputs: columns.slice(0, SARCOS_INPUTS), targets: columns.slice(SARCOS_INPUTS), header: false };
  const [trainFile, testFile] = await Promise.all([readCsv(trainPath, schema), readCsv(testPath, schema)]);
  if (E.isLeft(trainFile)) return trainFile;
  if (E.isLeft(testFile)) return testFile;
  const named = (ds: Dataset): Dataset => ({ ...ds, targets: ds.targets.map((t, k) => ({ ...t, name: `torque ${k + 1}` })) });
  const all = named(trainFile.right);
  const test = named(testFile.right);
  const validation = options.validation ?? Math.floor(all.size / 10);
  if (!Number.isInteger(validation) || validation < 0 || validation >= all.size)
    return E.left(invalidArgument(`validation must be an integer in 0..${all.size - 1} (the rows of ${trainPath}), got ${validation}.`));
  const train = slice(all, validation, all.size);
  const valid = slice(all, 0, validation);
  const scale = new Float64Array(SARCOS_TASKS).fill(1);
  if ((options.targetScaling ?? 'quantile') === 'quantile') {
    for (let k = 0; k < SARCOS_TASKS; k++) {
      scale[k] = quantile(train.targets[k]!.values, 0.9);
      if (!(scale[k]! > 0))
        return E.left(dataFormat(`${trainPath}: the 0.9-quantile of torque ${k + 1} (column ${SARCOS_INPUTS + k}) over the training rows is ${scale[k]}; it must be positive to scale by it (use targetScaling: 'none').`));
    }
  }
  return E.right({ splits: { train: scaleTargets(train, scale), validation: scaleTargets(valid, scale), test: scaleTargets(test, scale) }, targetScale: scale });
};
