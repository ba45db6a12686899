import { decode, formatError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import type { RunFlags } from './args.js';
import { usageError, type UsageError } from './usage.js';

const positiveInt = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 1, 'a positive integer');
const seed = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 0, 'a non-negative integer');
const positive = t.refinement(t.number, (n) => Number.isFinite(n) && n > 0, 'a positive number');

/** The experiment config file (JSON): every field optional; command-line flags override it. */
export const ExperimentConfigCodec = t.partial(
  {
    dataset: t.string,
    methods: t.array(t.string),
    epochs: positiveInt,
    seeds: t.array(seed),
    batchSize: positiveInt,
    lr: positive,
    trainSize: positiveInt,
    validationSize: positiveInt,
    testSize: positiveInt,
    out: t.string,
    /** For `csv:<file>` datasets: the names of the input and target columns. */
    columns: t.type({ inputs: t.array(t.string), targets: t.array(t.string) }),
    /** SAM-MTL's perturbation radius (ρ_sh = ρ_ns) and the aggregator it decomposes with. */
    samMtl: t.partial({ rho: positive, aggregator: t.string }),
    /** Number of networks (particles) of the MT-SGD and MOO-SVGD ensembles. */
    particles: positiveInt,
  },
  'ExperimentConfig',
);
export type ExperimentConfig = t.TypeOf<typeof ExperimentConfigCodec>;

const known = Object.keys(ExperimentConfigCodec.props);

/** Decodes a config value, rejecting unknown fields by name (a typo must not pass silently). */
export const decodeConfig = (source: string) => (value: unknown): E.Either<UsageError, ExperimentConfig> => {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const unknown = Object.keys(value).filter((k) => !known.includes(k));
    if (unknown.length > 0) return E.left(usageError(`${source}: unknown field "${unknown[0]}"; the fields are ${known.join(', ')}.`));
  }
  return pipe(decode(ExperimentConfigCodec, source)(value), E.mapLeft((e) => usageError(formatError(e).replace(/^InvalidConfig: /, ''))));
};

/** Reads and decodes a config file. */
export const readConfig = async (path: string): Promise<E.Either<UsageError, ExperimentConfig>> => {
  const { readFile } = await import('node:fs/promises');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    return E.left(usageError(`cannot read config file ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}.`));
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return E.left(usageError(`config file ${path} is not valid JSON: ${(e as Error).message}.`));
  }
  return decodeConfig(path)(json);
};

/** The config with the command-line flags applied on top. */
export const withFlags = (config: ExperimentConfig, flags: RunFlags): ExperimentConfig => ({
  ...config,
  ...(flags.dataset !== undefined && { dataset: flags.dataset }),
  ...(flags.methods !== undefined && { methods: [...flags.methods] }),
  ...(flags.epochs !== undefined && { epochs: flags.epochs }),
  ...(flags.seeds !== undefined && { seeds: [...flags.seeds] }),
  ...(flags.out !== undefined && { out: flags.out }),
  ...(flags.batchSize !== undefined && { batchSize: flags.batchSize }),
  ...(flags.lr !== undefined && { lr: flags.lr }),
  ...(flags.trainSize !== undefined && { trainSize: flags.trainSize }),
});
