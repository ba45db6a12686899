/** What one run of one method with one seed produced: the contract of `--json` and of the report. */
export interface RunResult {
  readonly method: string;
  readonly seed: number;
  /** Test metrics per task name: accuracy, error, brier, ece, loss... */
  readonly metrics: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Δm% against the baseline method (LS, `mean`) of the same seed; null for the baseline itself or without it. */
  readonly deltaM: number | null;
  readonly wallSeconds: number;
  /** Hypervolume of the final particles (multi-objective datasets). */
  readonly hypervolume?: number;
  /** Per epoch: validation metrics per task, mean train loss per task, share of conflicting steps. */
  readonly history: readonly EpochPoint[];
  /** Reliability-diagram bins of each classification task on the test split. */
  readonly reliability?: Readonly<Record<string, readonly ReliabilityBinData[]>>;
  /** Final particles in objective space (multi-objective datasets). */
  readonly particles?: readonly (readonly number[])[];
}

export interface EpochPoint {
  readonly epoch: number;
  readonly train: readonly number[];
  readonly validation: readonly Readonly<Record<string, number>>[] | null;
  readonly conflict: number | null;
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
}
