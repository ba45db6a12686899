import { emptyInput, invalidArgument, nonFinite, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import type { MetricTable } from './delta-m.js';

/** Mean, sample standard deviation (n − 1; 0 for one run), extremes and number of runs. */
export interface MetricSummary {
  readonly mean: number;
  readonly std: number;
  readonly min: number;
  readonly max: number;
  readonly n: number;
}

/** The summary of one or more values (also the per-radius figures of `perturbationCurve`). */
export const summarise = (xs: readonly number[]): MetricSummary => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const ss = xs.reduce((a, b) => a + (b - mean) ** 2, 0);
  return { mean, std: xs.length > 1 ? Math.sqrt(ss / (xs.length - 1)) : 0, min: Math.min(...xs), max: Math.max(...xs), n: xs.length };
};

/** Per task and metric, the summary over runs. */
export type MetricSummaryTable = Readonly<Record<string, Readonly<Record<string, MetricSummary>>>>;

/**
 * Per-task table over runs (seeds): for every task and metric met in any run, the mean, sample
 * standard deviation, min, max and the number n of runs that report it. Tasks and metrics keep
 * the order of first appearance. Left on no run or a non-finite value.
 */
export const metricTable = (runs: readonly MetricTable[]): E.Either<MtlError, MetricSummaryTable> => {
  if (runs.length === 0) return E.left(emptyInput('a metric table needs at least one run.'));
  const values: Record<string, Record<string, number[]>> = {};
  for (let r = 0; r < runs.length; r++) {
    for (const [task, metrics] of Object.entries(runs[r]!)) {
      values[task] ??= {};
      for (const [metric, v] of Object.entries(metrics)) {
        if (!Number.isFinite(v)) return E.left(nonFinite(`run ${r}, ${task}/${metric} is ${v}; values must be finite.`));
        (values[task]![metric] ??= []).push(v);
      }
    }
  }
  const table: Record<string, Record<string, MetricSummary>> = {};
  for (const [task, metrics] of Object.entries(values)) {
    table[task] = {};
    for (const [metric, xs] of Object.entries(metrics)) table[task]![metric] = summarise(xs);
  }
  return E.right(table);
};

/**
 * A Markdown table of a summary table: one row per task, one column per metric, cells
 * `mean ± std` with `digits` decimals (default 4); `–` where a task lacks a metric.
 */
export const formatMetricTable = (table: MetricSummaryTable, digits = 4): E.Either<MtlError, string> => {
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) return E.left(invalidArgument(`digits must be an integer in [0, 20], got ${digits}.`));
  const tasks = Object.keys(table);
  const metrics = [...new Set(tasks.flatMap((t) => Object.keys(table[t]!)))];
  const cell = (s: MetricSummary | undefined) => (s === undefined ? '–' : s.n > 1 ? `${s.mean.toFixed(digits)} ± ${s.std.toFixed(digits)}` : s.mean.toFixed(digits));
  const lines = [
    `| task | ${metrics.join(' | ')} |`,
    `| --- |${metrics.map(() => ' ---: |').join('')}`,
    ...tasks.map((t) => `| ${t} | ${metrics.map((m) => cell(table[t]![m])).join(' | ')} |`),
  ];
  return E.right(lines.join('\n'));
};
