import type { Experiment, RunResult } from './run-result.js';

export interface Stat {
  readonly mean: number;
  readonly std: number;
}

export interface MethodSummary {
  readonly method: string;
  readonly seeds: number;
  readonly metrics: Readonly<Record<string, Readonly<Record<string, Stat>>>>;
  readonly deltaM: Stat | null;
  readonly hypervolume: Stat | null;
  readonly wallSeconds: Stat;
}

/** Mean and sample standard deviation (0 for one value). */
export const stat = (xs: readonly number[]): Stat => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const std = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean, std };
};

const statOf = (runs: readonly RunResult[], pick: (r: RunResult) => number | null | undefined): Stat | null => {
  const xs = runs.map(pick).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return xs.length === 0 ? null : stat(xs);
};

/** One row per method, in the order methods first appear, with mean ± std over seeds. */
export const summarise = (e: Experiment): MethodSummary[] =>
  [...new Set(e.runs.map((r) => r.method))].map((method) => {
    const runs = e.runs.filter((r) => r.method === method);
    const metrics = Object.fromEntries(
      e.tasks.map((task) => {
        const names = [...new Set(runs.flatMap((r) => Object.keys(r.metrics[task] ?? {})))];
        return [task, Object.fromEntries(names.map((n) => [n, statOf(runs, (r) => r.metrics[task]?.[n])!]).filter(([, s]) => s !== null))];
      }),
    );
    return {
      method,
      seeds: runs.length,
      metrics,
      deltaM: statOf(runs, (r) => r.deltaM),
      hypervolume: statOf(runs, (r) => r.hypervolume),
      wallSeconds: statOf(runs, (r) => r.wallSeconds)!,
    };
  });

const pm = (s: Stat | null | undefined, digits: number, scale = 1) =>
  s == null ? '–' : s.std > 0 ? `${(s.mean * scale).toFixed(digits)}±${(s.std * scale).toFixed(digits)}` : (s.mean * scale).toFixed(digits);

/**
 * The results table for a terminal: per task the primary metric (accuracy as %, or error), then
 * Brier and ECE where present, Δm% against LS, hypervolume for particle methods, and wall time.
 */
export const resultsTable = (e: Experiment): string => {
  const rows = summarise(e);
  const cols: { readonly head: string; readonly cell: (r: MethodSummary) => string }[] = [{ head: 'method', cell: (r) => r.method }];
  e.tasks.forEach((task, t) => {
    const { metric } = e.primary[t]!;
    const pct = metric === 'accuracy';
    cols.push({ head: `${task} ${pct ? 'acc%' : metric}`, cell: (r) => pm(r.metrics[task]?.[metric], pct ? 2 : 4, pct ? 100 : 1) });
    for (const extra of ['brier', 'ece']) {
      if (rows.some((r) => r.metrics[task]?.[extra] !== undefined)) cols.push({ head: `${task} ${extra}`, cell: (r) => pm(r.metrics[task]?.[extra], 4) });
    }
  });
  if (rows.some((r) => r.deltaM !== null)) cols.push({ head: 'Δm%', cell: (r) => pm(r.deltaM, 2) });
  if (rows.some((r) => r.hypervolume !== null)) cols.push({ head: 'HV', cell: (r) => pm(r.hypervolume, 4) });
  cols.push({ head: 'wall s', cell: (r) => pm(r.wallSeconds, 1) });
  const cells = [cols.map((c) => c.head), ...rows.map((r) => cols.map((c) => c.cell(r)))];
  const widths = cols.map((_, j) => Math.max(...cells.map((row) => row[j]!.length)));
  const line = (row: string[]) => row.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  ');
  return [line(cells[0]!), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
};
