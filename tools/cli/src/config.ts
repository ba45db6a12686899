import { describeDecodeErrors } from '@mtlkit/core';
import { CsvSchemaCodec } from '@mtlkit/datasets';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { RunFlags } from './args.js';
import { usageError, type UsageError } from './usage.js';

const positiveInt = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 1, 'a positive integer');
const seed = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 0, 'a non-negative integer');
const positive = t.refinement(t.number, (n) => Number.isFinite(n) && n > 0, 'a positive number');
const nonNegative = t.refinement(t.number, (n) => Number.isFinite(n) && n >= 0, 'a non-negative number');

/** The experiment config file (JSON): every field optional; command-line flags override it. */
export const ExperimentConfigCodec = t.partial(
  {
    /** A dataset name or `<format>:<path>` (see `mtlkit datasets`). */
    dataset: t.string,
    methods: t.array(t.string),
    epochs: positiveInt,
    seeds: t.array(seed),
    batchSize: positiveInt,
    lr: positive,
    trainSize: positiveInt,
    validationSize: positiveInt,
    testSize: positiveInt,
    /** The seed of the data (generation and split); the run seeds change initialisation and batch order only. */
    dataSeed: seed,
    out: t.string,
    /** Worker processes running methods in parallel (default 2; 1 runs them in this process). */
    workers: positiveInt,
    /** For `csv:<file>` datasets: the columns (`@mtlkit/datasets`' CSV schema). */
    csv: CsvSchemaCodec,
    /** One weight per task, for the `constant` and `fixed` methods. */
    weights: t.array(nonNegative),
    /** SAM-MTL's perturbation radius (ρ_sh = ρ_ns) and the aggregator it decomposes with. */
    samMtl: t.partial({ rho: positive, aggregator: t.string }),
    /** Number of networks (particles) of the MT-SGD and MOO-SVGD ensembles, or particles on zdt3. */
    particles: positiveInt,
    /** zdt3: sampler steps per epoch (default 1,000). */
    stepsPerEpoch: positiveInt,
  },
  'ExperimentConfig',
);
export type ExperimentConfig = t.TypeOf<typeof ExperimentConfigCodec>;

const join = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);

/** The first field of `value` that `codec` does not declare, with its path and the fields allowed there. */
const unknownField = (codec: t.Mixed, value: unknown, path: string): { readonly path: string; readonly known: readonly string[] } | null => {
  if (codec instanceof t.RefinementType || codec instanceof t.ReadonlyType) return unknownField(codec.type as t.Mixed, value, path);
  if (codec instanceof t.ArrayType || codec instanceof t.ReadonlyArrayType) {
    if (!Array.isArray(value)) return null;
    for (let i = 0; i < value.length; i++) {
      const u = unknownField(codec.type as t.Mixed, value[i], `${path}[${i}]`);
      if (u !== null) return u;
    }
    return null;
  }
  const props = propsOf(codec);
  if (props === null || typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const known = Object.keys(props);
  for (const [k, v] of Object.entries(value)) {
    if (!known.includes(k)) return { path: join(path, k), known };
    const u = unknownField(props[k]!, v, join(path, k));
    if (u !== null) return u;
  }
  return null;
};

/** The declared properties of an object codec (type, partial, or an intersection of them). */
const propsOf = (codec: t.Mixed): Record<string, t.Mixed> | null => {
  if (codec instanceof t.InterfaceType || codec instanceof t.PartialType) return codec.props as Record<string, t.Mixed>;
  if (codec instanceof t.IntersectionType) {
    const parts = (codec.types as t.Mixed[]).map(propsOf);
    return parts.every((p) => p !== null) ? Object.assign({}, ...parts) : null;
  }
  return null;
};

/** Decodes a config value, rejecting unknown fields at any depth by path (a typo must not pass silently). */
export const decodeConfig =
  (source: string) =>
  (value: unknown): E.Either<UsageError, ExperimentConfig> => {
    const unknown = unknownField(ExperimentConfigCodec, value, '');
    if (unknown !== null) return E.left(usageError(`${source}: unknown field "${unknown.path}"; the fields ${unknown.path.includes('.') ? 'there ' : ''}are ${unknown.known.join(', ')}.`));
    const r = ExperimentConfigCodec.decode(value);
    if (E.isRight(r)) return r;
    const lines = [...new Set(describeDecodeErrors(r.left))];
    return E.left(usageError(`${source}: ${lines.slice(0, 2).join('; ')}${lines.length > 2 ? ` (and ${lines.length - 2} more)` : ''}.`));
  };

/** Reads and decodes a config file. */
export const readConfig = async (path: string): Promise<E.Either<UsageError, ExperimentConfig>> => {
  const { readFile } = await import('node:fs/promises');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return E.left(usageError(`cannot read config file ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message}.`));
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
  ...(flags.workers !== undefined && { workers: flags.workers }),
});
