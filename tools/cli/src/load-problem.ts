import { Key, type MtlError } from '@mtlkit/core';
import { conflictRegression, eegFromNpy, multiDigits, multiFashion, multiMnistFromIdx, readCsv, splitDataset, zdt, type CsvSchema, type Dataset, type Splits } from '@mtlkit/datasets';
import * as E from 'fp-ts/lib/Either.js';
import type { DatasetSpec } from './dataset-spec.js';
import { withReference, type ModelSpec, type Problem, type TaskSpec } from './problem.js';
import type { DataSettings, Defaults } from './settings.js';
import { runtimeError, usageError, type CliError } from './usage.js';

const fromMtl =
  (what: string) =>
  (e: MtlError): CliError =>
    runtimeError(`${what}: ${e.message}`);

const tasksOf = (ds: Dataset): TaskSpec[] => ds.targets.map((t) => (t._tag === 'Labels' ? { name: t.name, kind: 'classification', classes: t.classes } : { name: t.name, kind: 'regression', width: t.width }));

const withCommas = (n: number) => n.toLocaleString('en-US');

/** The sizes of the three splits: given, or the dataset's defaults, or (files) 10 % each for validation and test. */
const sizesFor = (available: number | null, data: DataSettings, defaults: Defaults) => {
  const tenth = available === null ? 1 : Math.max(1, Math.floor(available / 10));
  const validation = data.validationSize ?? defaults.validationSize ?? tenth;
  const test = data.testSize ?? defaults.testSize ?? tenth;
  const train = data.trainSize ?? (available === null ? defaults.trainSize! : defaults.trainSize !== undefined ? Math.min(defaults.trainSize, available - validation - test) : available - validation - test);
  return { train, validation, test };
};

const split = (ds: Dataset, data: DataSettings, defaults: Defaults, source: string): E.Either<CliError, Splits> => {
  const s = sizesFor(ds.size, data, defaults);
  if (s.train < 1 || s.train + s.validation + s.test > ds.size) {
    return E.left(usageError(`${source} has ${withCommas(ds.size)} examples: too few for ${withCommas(Math.max(s.train, 1))} training, ${withCommas(s.validation)} validation and ${withCommas(s.test)} test examples (set trainSize, validationSize, testSize).`));
  }
  return E.mapLeft(fromMtl(source))(splitDataset(ds, { key: Key.foldIn(Key.fromSeed(data.dataSeed), 1), train: s.train, validation: s.validation, test: s.test }));
};

const label = (name: string, s: Splits) => `${name} (${withCommas(s.train.size)} train / ${withCommas(s.validation.size)} validation / ${withCommas(s.test.size)} test)`;

const modelFor = (ds: Dataset): ModelSpec => {
  const shape = ds.inputShape;
  if (shape.length === 3 && shape[2]! <= 4 && shape[0]! >= 16 && shape[1]! >= 16) return { _tag: 'Lenet', inputShape: [shape[0]!, shape[1]!, shape[2]!] };
  return { _tag: 'Mlp', input: shape.reduce((a, b) => a * b, 1), hidden: [64, 64] };
};

const supervised = (name: string, ds: Dataset, data: DataSettings, defaults: Defaults, model?: ModelSpec): E.Either<CliError, Problem> =>
  E.map((s: Splits) => ({ _tag: 'Supervised' as const, label: label(name, s), tasks: tasksOf(ds), splits: s, model: model ?? modelFor(ds) }))(split(ds, data, defaults, name));

/** What is at a path: 'file', 'dir', or null when nothing is there. */
const kindOf = async (path: string): Promise<'file' | 'dir' | null> => {
  const { stat } = await import('node:fs/promises');
  try {
    const s = await stat(path);
    return s.isDirectory() ? 'dir' : 'file';
  } catch {
    return null;
  }
};

/** The first of `names` present in `dir`. */
const firstPresent = async (dir: string, names: readonly string[]): Promise<string | null> => {
  const { join } = await import('node:path');
  for (const n of names) if ((await kindOf(join(dir, n))) === 'file') return join(dir, n);
  return null;
};

const needDir = async (format: string, path: string): Promise<E.Either<CliError, string>> => {
  const kind = await kindOf(path);
  if (kind === null) return E.left(usageError(`${format}:${path}: no such directory.`));
  if (kind !== 'dir') return E.left(usageError(`${format}:${path} is a file; give the directory that holds the ${format === 'idx' ? 'IDX' : 'NPY'} files.`));
  return E.right(path);
};

/**
 * Loads or generates the data of an experiment. Errors in what was typed (unknown path, missing
 * files, too few examples for the splits, no CSV schema) are usage errors (exit 2); a file that
 * cannot be parsed is a runtime error naming it (exit 1).
 */
export const loadProblem = async (spec: DatasetSpec, data: DataSettings, defaults: Defaults, csv?: CsvSchema): Promise<E.Either<CliError, Problem>> => {
  const key = Key.fromSeed(data.dataSeed);
  switch (spec._tag) {
    case 'Named': {
      if (spec.name === 'zdt3') {
        return E.bimap(fromMtl('zdt3'), ({ variables, reference }: { variables: number; reference: readonly [number, number] }) => ({
          _tag: 'Particles' as const,
          label: `ZDT3 (${variables} variables)`,
          tasks: [
            { name: 'f1', kind: 'regression' as const, width: 1 },
            { name: 'f2', kind: 'regression' as const, width: 1 },
          ],
          reference,
        }))(E.chain(withReference)(zdt(3)));
      }
      if (spec.name === 'conflict-regression') {
        const s = sizesFor(null, data, defaults);
        const ds = conflictRegression({ key, angle: (2 * Math.PI) / 3, tasks: 2, inputs: 16, count: s.train + s.validation + s.test, scales: [1, 4] });
        return E.isLeft(ds) ? E.left(fromMtl(spec.name)(ds.left)) : supervised(spec.name, ds.right, data, defaults);
      }
      const s = sizesFor(null, data, defaults);
      const generate = spec.name === 'multi-fashion' ? multiFashion : multiDigits;
      const ds = generate({ key, count: s.train + s.validation + s.test });
      return E.isLeft(ds) ? E.left(fromMtl(spec.name)(ds.left)) : supervised(spec.name, ds.right, data, defaults);
    }
    case 'Idx': {
      const dir = await needDir('idx', spec.path);
      if (E.isLeft(dir)) return dir;
      const images = await firstPresent(spec.path, ['train-images-idx3-ubyte', 'train-images-idx3-ubyte.gz', 'train-images.idx3-ubyte']);
      const labels = await firstPresent(spec.path, ['train-labels-idx1-ubyte', 'train-labels-idx1-ubyte.gz', 'train-labels.idx1-ubyte']);
      if (images === null || labels === null) {
        return E.left(usageError(`idx:${spec.path}: found no ${images === null ? 'train-images-idx3-ubyte[.gz]' : 'train-labels-idx1-ubyte[.gz]'} in ${spec.path} (the MNIST file names).`));
      }
      const s = sizesFor(null, data, defaults);
      const ds = await multiMnistFromIdx(images, labels, { key, count: s.train + s.validation + s.test });
      return E.isLeft(ds) ? E.left(fromMtl(`idx:${spec.path}`)(ds.left)) : supervised(`Multi-MNIST from ${spec.path}`, ds.right, data, defaults);
    }
    case 'Csv': {
      const kind = await kindOf(spec.path);
      if (kind === null) return E.left(usageError(`csv:${spec.path}: no such file.`));
      if (kind === 'dir') return E.left(usageError(`csv:${spec.path} is a directory; give the CSV file.`));
      if (csv === undefined) return E.left(usageError(`csv:${spec.path} needs a "csv" schema in the config file, e.g. { "csv": { "inputs": "rest", "targets": ["y1", "y2"], "classification": ["y1"] } } (mtlkit run --config file.json).`));
      const ds = await readCsv(spec.path, csv);
      return E.isLeft(ds) ? E.left(fromMtl(`csv:${spec.path}`)(ds.left)) : supervised(spec.path, ds.right, data, defaults);
    }
    case 'Npy': {
      const dir = await needDir('npy', spec.path);
      if (E.isLeft(dir)) return dir;
      const pairs = [
        ['x.npy', 'y.npy'],
        ['epochs.npy', 'labels.npy'],
      ] as const;
      for (const [xs, ys] of pairs) {
        const x = await firstPresent(spec.path, [xs]);
        const y = await firstPresent(spec.path, [ys]);
        if (x !== null && y !== null) {
          const ds = await eegFromNpy(x, y);
          return E.isLeft(ds) ? E.left(fromMtl(`npy:${spec.path}`)(ds.left)) : supervised(spec.path, ds.right, data, defaults, { _tag: 'Mlp', input: ds.right.inputShape.reduce((a, b) => a * b, 1), hidden: [64, 64] });
        }
      }
      return E.left(usageError(`npy:${spec.path}: found neither x.npy and y.npy nor epochs.npy and labels.npy in ${spec.path}.`));
    }
  }
};
