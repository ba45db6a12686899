import { emptyInput, invalidArgument, nonFinite, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';

/** Whether a larger value of a metric is better. */
export type Direction = 'higher' | 'lower';

/** Metric values per task: `{ taskName: { metricName: value } }`. */
export type MetricTable = Readonly<Record<string, Readonly<Record<string, number>>>>;

export interface DeltaMOptions {
  /** Direction per metric name, for every task (overrides the built-in names). */
  readonly directions?: Readonly<Record<string, Direction>>;
  /** Direction per task and metric (LibMTL's per-task `weight`; overrides `directions`). */
  readonly taskDirections?: Readonly<Record<string, Readonly<Record<string, Direction>>>>;
}

/** Δm, with the per-task and per-metric relative changes it averages (all fractions, not %). */
export interface DeltaM {
  readonly deltaM: number;
  readonly perTask: Readonly<Record<string, number>>;
  readonly perMetric: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

const HIGHER = ['accuracy', 'acc', 'top5', 'f1', 'precision', 'recall', 'kappa', 'auc', 'r2', 'miou', 'pixacc', '11.25', '22.5', '30', 'hypervolume', 'hv'];
const LOWER = ['loss', 'error', 'err', 'mse', 'mae', 'rmse', 'nll', 'brier', 'ece', 'mce', 'abs_err', 'rel_err', 'mean', 'median', 'entropy'];

/**
 * The direction of a metric known by name (case-insensitive): accuracy, f1, precision, recall,
 * kappa, auc, r2, mIoU, pixAcc, the NYUv2 angle thresholds 11.25/22.5/30 and hypervolume are
 * better higher; loss, error, mse, mae, rmse, nll, brier, ece, mce, abs_err, rel_err, the NYUv2
 * mean/median angle errors and entropy are better lower. undefined for other names.
 */
export const knownDirection = (metric: string): Direction | undefined => {
  const m = metric.toLowerCase();
  return HIGHER.includes(m) ? 'higher' : LOWER.includes(m) ? 'lower' : undefined;
};

/**
 * Δm, the average relative improvement of a method over a baseline (single-task learning or
 * linear scalarisation), with LibMTL's convention (`LibMTL/utils.py`, `count_improvement`;
 * Maninis et al. 2019, Lin & Zhang 2023):
 *   Δm = (1/T) Σ_t (1/M_t) Σ_m (−1)^{w_tm} (B_tm − N_tm) / B_tm,
 * w_tm = 1 if higher is better, 0 if lower is better; B the baseline, N the new method. Metrics are
 * averaged within each task first, then tasks are averaged. A FRACTION (LibMTL returns it so too):
 * multiply by 100 for the Δm% of papers. Positive is better. Every task and metric of the
 * baseline must appear in the result (extra result entries are ignored); each metric needs a
 * direction (options, or a known name); a baseline value of 0 is a Left (relative change undefined).
 */
export const deltaM = (baseline: MetricTable, result: MetricTable, options?: DeltaMOptions): E.Either<MtlError, DeltaM> => {
  const tasks = Object.keys(baseline);
  if (tasks.length === 0) return E.left(emptyInput('the baseline has no task; Δm needs at least one task with one metric.'));
  const perTask: Record<string, number> = {};
  const perMetric: Record<string, Record<string, number>> = {};
  let total = 0;
  for (const task of tasks) {
    const metrics = Object.keys(baseline[task]!);
    if (metrics.length === 0) return E.left(emptyInput(`baseline task '${task}' has no metric.`));
    const got = result[task];
    if (got === undefined) return E.left(invalidArgument(`the result has no task '${task}', which the baseline has.`));
    perMetric[task] = {};
    let sum = 0;
    for (const metric of metrics) {
      const b = baseline[task]![metric]!;
      const n = got[metric];
      if (n === undefined) return E.left(invalidArgument(`the result has no metric '${metric}' for task '${task}', which the baseline has.`));
      if (!Number.isFinite(b)) return E.left(nonFinite(`baseline ${task}/${metric} is ${b}; values must be finite.`));
      if (!Number.isFinite(n)) return E.left(nonFinite(`result ${task}/${metric} is ${n}; values must be finite.`));
      if (b === 0) return E.left(invalidArgument(`baseline ${task}/${metric} is 0: the relative change (B − N)/B is undefined.`));
      const dir = options?.taskDirections?.[task]?.[metric] ?? options?.directions?.[metric] ?? knownDirection(metric);
      if (dir === undefined) {
        return E.left(invalidArgument(`metric '${metric}' of task '${task}' has no known direction; pass { directions: { '${metric}': 'higher' | 'lower' } }.`));
      }
      if (dir !== 'higher' && dir !== 'lower') return E.left(invalidArgument(`direction of ${task}/${metric} must be 'higher' or 'lower', got '${String(dir)}'.`));
      const rel = ((dir === 'higher' ? -1 : 1) * (b - n)) / b;
      perMetric[task]![metric] = rel;
      sum += rel;
    }
    perTask[task] = sum / metrics.length;
    total += perTask[task]!;
  }
  return E.right({ deltaM: total / tasks.length, perTask, perMetric });
};
