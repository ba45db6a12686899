import type { ConflictPoint } from './conflict-trace.js';

/**
 * What one run of one method with one seed produced, for the report. `--json` prints the contract
 * fields of it (`jsonRun`: method, seed, metrics, deltaM, wallSeconds, hypervolume).
 */
export interface RunResult {
  readonly method: string;
  readonly seed: number;
  /** Test metrics per task name: accuracy, error, brier, ece, loss... */
  readonly metrics: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Δm in percent against the baseline (LS, `mean`) of the same seed (0 for the baseline itself); null without a baseline run. */
  readonly deltaM: number | null;
  readonly wallSeconds: number;
  /** CPU seconds of the run (user + system of the process that ran it). */
  readonly cpuSeconds?: number;
  /** Hypervolume of the final particles (multi-objective datasets). */
  readonly hypervolume?: number;
  /** Per epoch: validation metrics per task, mean train loss per task, mean task weights. */
  readonly history: readonly EpochPoint[];
  /** Reliability-diagram bins of each classification task on the test split. */
  readonly reliability?: Readonly<Record<string, readonly ReliabilityBinData[]>>;
  /** Final particles in objective space (multi-objective datasets). */
  readonly particles?: readonly (readonly number[])[];
  /** Gradient conflict over training (binned steps); empty for ensembles and particle problems. */
  readonly conflict?: readonly ConflictPoint[];
}

export interface EpochPoint {
  readonly epoch: number;
  readonly train: readonly number[];
  readonly validation: readonly Readonly<Record<string, number>>[] | null;
  /** Mean task weights of the epoch's steps (aggregation weights, loss weights, MT-SGD's weights); null if the method has none. */
  readonly weights?: readonly number[] | null;
}

export interface ReliabilityBinData {
  readonly lower: number;
  readonly upper: number;
  readonly confidence: number;
  readonly accuracy: number;
  readonly count: number;
}

export interface Experiment {
  readonly dataset: string;
  readonly tasks: readonly string[];
  /** The metric each task is judged by, and whether higher is better. */
  readonly primary: readonly { readonly metric: string; readonly higherIsBetter: boolean }[];
  readonly runs: readonly RunResult[];
  readonly backend: string;
  readonly startedAt: string;
  /** The true Pareto front, as disconnected segments, for multi-objective datasets. */
  readonly front?: readonly (readonly (readonly [number, number])[])[];
  /** The data and the settings in words (split sizes, epochs, batch size...), for the report. */
  readonly description?: string;
  /** The whole experiment: wall seconds, CPU seconds summed over the worker processes, number of workers. */
  readonly totals?: { readonly wallSeconds: number; readonly cpuSeconds: number; readonly workers: number };
}

/** One run as `--json` prints it: exactly the contract fields. */
export interface JsonRun {
  readonly method: string;
  readonly seed: number;
  readonly metrics: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly deltaM: number | null;
  readonly wallSeconds: number;
  readonly hypervolume?: number;
}

/** The `--json` output: `{ dataset, runs: [{ method, seed, metrics, deltaM, wallSeconds, hypervolume? }] }`. */
export interface JsonOutput {
  readonly dataset: string;
  readonly runs: readonly JsonRun[];
}

export const jsonRun = (r: RunResult): JsonRun => ({
  method: r.method,
  seed: r.seed,
  metrics: r.metrics,
  deltaM: r.deltaM,
  wallSeconds: r.wallSeconds,
  ...(r.hypervolume !== undefined && { hypervolume: r.hypervolume }),
});

export const jsonOutput = (e: Experiment): JsonOutput => ({ dataset: e.dataset, runs: e.runs.map(jsonRun) });
