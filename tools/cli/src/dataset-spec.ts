import * as E from 'fp-ts/lib/Either.js';
import { usageError, type UsageError } from './usage.js';

/** The generated datasets, by name. */
export const DATASET_NAMES = ['multi-digits', 'multi-fashion', 'conflict-regression', 'zdt3'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

/** The file formats a dataset path can be given in, as `<format>:<path>`. */
export const DATASET_FORMATS = ['idx', 'csv', 'npy'] as const;

/** Where a run's data comes from: a generated dataset, or files in one of the formats. */
export type DatasetSpec =
  | { readonly _tag: 'Named'; readonly name: DatasetName }
  /** A directory with MNIST-style IDX files (train-images-idx3-ubyte, train-labels-idx1-ubyte, optionally .gz): Multi-MNIST is composed from them. */
  | { readonly _tag: 'Idx'; readonly path: string }
  /** A CSV/TSV file, read with the `csv` schema of the config (input and target columns). */
  | { readonly _tag: 'Csv'; readonly path: string }
  /** A directory with x.npy (examples × ...) and y.npy (labels, one column per task), or epochs.npy and labels.npy. */
  | { readonly _tag: 'Npy'; readonly path: string };

export const DATASET_HELP = `${DATASET_NAMES.join(', ')}, or a path with its format: ${DATASET_FORMATS.map((f) => `${f}:<${f === 'csv' ? 'file' : 'dir'}>`).join(', ')}`;

/** Reads `--dataset` / the config's `dataset`: a name, or `<format>:<path>`. */
export const parseDatasetSpec = (text: string): E.Either<UsageError, DatasetSpec> => {
  if ((DATASET_NAMES as readonly string[]).includes(text)) return E.right({ _tag: 'Named', name: text as DatasetName });
  const m = /^([a-z0-9]+):(.*)$/i.exec(text);
  if (m !== null && m[1]!.length > 1) {
    const format = m[1]!.toLowerCase();
    const path = m[2]!;
    if (!(DATASET_FORMATS as readonly string[]).includes(format)) return E.left(usageError(`unknown dataset format "${m[1]}" in "${text}"; the formats are ${DATASET_FORMATS.join(', ')} (e.g. idx:./mnist).`));
    if (path.trim() === '') return E.left(usageError(`dataset "${text}" has no path after "${format}:".`));
    return E.right({ _tag: format === 'idx' ? 'Idx' : format === 'csv' ? 'Csv' : 'Npy', path });
  }
  return E.left(usageError(`unknown dataset "${text}"; the datasets are ${DATASET_HELP}.`));
};

export const describeSpec = (s: DatasetSpec): string => (s._tag === 'Named' ? s.name : `${s._tag.toLowerCase()}:${s.path}`);
