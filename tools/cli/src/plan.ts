import type { CsvSchema } from '@mtlkit/datasets';
import * as E from 'fp-ts/lib/Either.js';
import type { ExperimentConfig } from './config.js';
import { describeSpec, parseDatasetSpec, type DatasetSpec } from './dataset-spec.js';
import { AGGREGATORS, DEFAULT_METHODS, METHOD_NAMES, methodInfo } from './methods.js';
import type { Problem } from './problem.js';
import { defaultsFor, PROBE_EVERY, SAM_AGGREGATOR, SAM_RHO, ZDT3_STEPS_PER_EPOCH, type DataSettings, type Defaults, type RunSettings } from './settings.js';
import { usageError, type UsageError } from './usage.js';

/** An experiment ready to run: every name checked, every default filled in. */
export interface Plan {
  readonly spec: DatasetSpec;
  /** The dataset as typed (`--json`'s `dataset`). */
  readonly dataset: string;
  readonly methods: readonly string[];
  readonly seeds: readonly number[];
  readonly settings: RunSettings;
  readonly data: DataSettings;
  readonly defaults: Defaults;
  readonly csv?: CsvSchema;
  readonly out: string;
  readonly workers: number;
}

export const DEFAULT_DATASET = 'multi-digits';
export const DEFAULT_SEEDS: readonly number[] = [1];
export const DEFAULT_OUT = 'report';
export const DEFAULT_WORKERS = 2;

/** The closest valid name by edit distance, for "did you mean". */
const closest = (name: string, valid: readonly string[]): string | null => {
  const dist = (a: string, b: string) => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++) d[0]![j] = j;
    for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    return d[a.length]![b.length]!;
  };
  const prefixed = valid.filter((v) => v.startsWith(name.toLowerCase()) || v.replace(/-/g, '') === name.toLowerCase().replace(/[-_ ]/g, ''));
  if (prefixed.length === 1) return prefixed[0]!;
  const best = valid.map((v) => [v, dist(name.toLowerCase(), v)] as const).sort((a, b) => a[1] - b[1])[0];
  return best !== undefined && best[1] <= Math.max(1, Math.floor(name.length / 3)) ? best[0] : null;
};

const unknownMethod = (name: string, source: string): UsageError => {
  const guess = closest(name, METHOD_NAMES);
  return usageError(`unknown method "${name}"${source}${guess !== null ? ` (did you mean "${guess}"?)` : ''}; the methods are ${METHOD_NAMES.join(', ')}.`);
};

/** Checks the names of a config (methods, dataset, SAM-MTL's aggregator) and fills in the defaults. */
export const resolvePlan = (config: ExperimentConfig): E.Either<UsageError, Plan> => {
  const dataset = config.dataset ?? DEFAULT_DATASET;
  const spec = parseDatasetSpec(dataset);
  if (E.isLeft(spec)) return spec;
  const methods = config.methods ?? DEFAULT_METHODS;
  if (methods.length === 0) return E.left(usageError('the methods list is empty; give at least one method (see mtlkit methods).'));
  const bad = methods.find((m) => methodInfo(m) === undefined);
  if (bad !== undefined) return E.left(unknownMethod(bad, ''));
  const dup = methods.find((m, i) => methods.indexOf(m) !== i);
  if (dup !== undefined) return E.left(usageError(`method "${dup}" is listed twice.`));
  const seeds = config.seeds ?? DEFAULT_SEEDS;
  if (seeds.length === 0) return E.left(usageError('the seeds list is empty; give at least one seed.'));
  const dupSeed = seeds.find((s, i) => seeds.indexOf(s) !== i);
  if (dupSeed !== undefined) return E.left(usageError(`seed ${dupSeed} is listed twice.`));
  const samAggregator = config.samMtl?.aggregator ?? SAM_AGGREGATOR;
  if (!AGGREGATORS.some((a) => a.info.name === samAggregator)) {
    return E.left(usageError(`samMtl.aggregator "${samAggregator}" is not an aggregator; the aggregators are ${AGGREGATORS.map((a) => a.info.name).join(', ')}.`));
  }
  const defaults = defaultsFor(spec.right);
  return E.right({
    spec: spec.right,
    dataset: describeSpec(spec.right),
    methods,
    seeds,
    settings: {
      epochs: config.epochs ?? defaults.epochs,
      batchSize: config.batchSize ?? defaults.batchSize,
      lr: config.lr ?? defaults.lr,
      particles: config.particles ?? defaults.particles,
      samRho: config.samMtl?.rho ?? SAM_RHO,
      samAggregator,
      ...(config.weights !== undefined && { weights: config.weights }),
      probeEvery: PROBE_EVERY,
      stepsPerEpoch: config.stepsPerEpoch ?? ZDT3_STEPS_PER_EPOCH,
    },
    data: { trainSize: config.trainSize, validationSize: config.validationSize, testSize: config.testSize, dataSeed: config.dataSeed ?? 0 },
    defaults,
    ...(config.csv !== undefined && { csv: config.csv }),
    out: config.out ?? DEFAULT_OUT,
    workers: config.workers ?? DEFAULT_WORKERS,
  });
};

/** Methods that apply to ZDT3's particles: every aggregator (per particle) and the two samplers. */
const particleMethod = (name: string) => {
  const info = methodInfo(name)!;
  return (info.kind === 'aggregator' && name !== 'mgda-ub') || info.kind === 'ensemble';
};

/** Checks the methods against the loaded problem: task counts, weights, what applies to particles. */
export const checkMethods = (plan: Plan, problem: Problem): E.Either<UsageError, null> => {
  const m = problem.tasks.length;
  for (const name of plan.methods) {
    const info = methodInfo(name)!;
    if (problem._tag === 'Particles' && !particleMethod(name)) {
      return E.left(usageError(`method "${name}" does not apply to ${plan.dataset} (particles, no network); the methods for it are ${METHOD_NAMES.filter(particleMethod).join(', ')}.`));
    }
    if (info.minTasks !== undefined && m < info.minTasks) return E.left(usageError(`method "${name}" needs at least ${info.minTasks} tasks; ${plan.dataset} has ${m}.`));
    if (info.needsWeights === true && plan.settings.weights === undefined) return E.left(usageError(`method "${name}" needs "weights" in the config file, one per task (${m}).`));
    if (info.needsWeights === true && plan.settings.weights!.length !== m) return E.left(usageError(`"weights" has ${plan.settings.weights!.length} values; ${plan.dataset} has ${m} tasks.`));
  }
  return E.right(null);
};
