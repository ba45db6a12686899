import {
  alignedMtl,
  cagrad,
  config,
  constant,
  crMogm,
  dualProj,
  excessMtl,
  fairGrad,
  gradVac,
  graddrop,
  imtlG,
  krum,
  mean,
  mgda,
  mgdaWeighting,
  moco,
  moDo,
  nashMtl,
  pcgrad,
  random,
  sdmGrad,
  sum,
  trimmedMean,
  upgrad,
} from '@mtlkit/aggregators';
import { combine, gramian, Key, parseJacobian, tf, type Aggregation, type Aggregator, type StatefulAggregator, type TaskJacobian } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { medianMs, type Timing } from './timing.js';

/** One benchmarked method: a plain aggregator for this m (stateful ones from a warmed-up state). */
export interface BenchMethod {
  readonly name: string;
  readonly build: (m: number) => Aggregator;
}

const key = Key.fromSeed(1);

/** A stateful method whose warm state is computed once per J, outside the timed calls. */
const warmed =
  <S>(method: StatefulAggregator<S>) =>
  (J: TaskJacobian): Aggregator => {
    const first = method(method.initial, J);
    if (E.isLeft(first)) return () => first;
    first.right[0].direction.dispose();
    const state = first.right[1];
    return (K) => E.map(([aggregation]: readonly [Aggregation, S]) => aggregation)(method(state, K));
  };

/** Methods whose timed call needs a state prepared on J (stateful), keyed by name. */
export const statefulMethods: Readonly<Record<string, () => StatefulAggregator<unknown>>> = {
  gradVac: () => gradVac({ key }) as StatefulAggregator<unknown>,
  moDo: () => moDo() as StatefulAggregator<unknown>,
  sdmGrad: () => sdmGrad() as StatefulAggregator<unknown>,
  moco: () => moco() as StatefulAggregator<unknown>,
  excessMtl: () => excessMtl() as StatefulAggregator<unknown>,
  'crMogm(mgda)': () => crMogm(mgdaWeighting()) as StatefulAggregator<unknown>,
};

/** Stateless methods at their defaults (options that depend on m are filled in). */
export const plainMethods: readonly BenchMethod[] = [
  { name: 'mean', build: () => mean() },
  { name: 'sum', build: () => sum() },
  { name: 'constant', build: (m) => constant({ weights: Array.from({ length: m }, (_, i) => i + 1) }) },
  { name: 'random', build: () => random({ key }) },
  { name: 'mgda', build: () => mgda() },
  { name: 'upgrad', build: () => upgrad() },
  { name: 'dualProj', build: () => dualProj() },
  { name: 'imtlG', build: () => imtlG() },
  { name: 'alignedMtl', build: () => alignedMtl() },
  { name: 'cagrad', build: () => cagrad() },
  { name: 'nashMtl', build: () => nashMtl() },
  { name: 'fairGrad', build: () => fairGrad() },
  { name: 'pcgrad', build: () => pcgrad({ key }) },
  { name: 'graddrop', build: () => graddrop({ key }) },
  { name: 'config', build: () => config() },
  { name: 'krum', build: (m) => krum({ nByzantine: Math.max(0, Math.min(1, m - 3)) }) },
  { name: 'trimmedMean', build: (m) => trimmedMean({ trimNumber: m >= 3 ? 1 : 0 }) },
];

export interface Cell {
  /** Median wall-clock ms per call. */
  readonly ms: number;
  /** Median CPU ms per call (this process). */
  readonly cpuMs: number;
  /** ms over the baseline's ms (one pass over J). */
  readonly ratio: number;
}

export interface SuiteResult {
  readonly rows: readonly { readonly name: string; readonly cells: readonly (Cell | string)[] }[];
  readonly columns: readonly { readonly m: number; readonly d: number; readonly baselineMs: number | null }[];
}

/** Largest m·d benchmarked (J alone takes 4 bytes per entry; the methods need a few copies). */
export const MAX_ENTRIES = 1e8;

type Timed = Timing | string;

/**
 * One call: the aggregation, its direction disposed. WASM ops run synchronously, so the call has
 * finished the work when it returns; the direction stays a tensor (as PyTorch's does), and reading
 * it into JS is its own row ('read the direction back').
 */
const timeAggregator = (aggregator: Aggregator, J: TaskJacobian, runs: number): Timed => {
  let failure: string | null = null;
  const t = medianMs(
    () => {
      const r = aggregator(J);
      if (E.isLeft(r)) {
        failure = `— (${r.left._tag})`;
        return;
      }
      r.right.direction.dispose();
    },
    { runs },
  );
  return failure ?? t;
};

/** The row timing `dataSync` of a d-vector: what reading a direction into JS would add to a call. */
export const READ_BACK = 'read the direction back (dataSync)';

/** Runs the suite; `log` receives progress lines. */
export const runAggregatorSuite = (ms: readonly number[], ds: readonly number[], runs: number, only: readonly string[] | null, log: (line: string) => void): SuiteResult => {
  const wanted = (name: string): boolean => only === null || only.includes(name);
  const names = ['gramian (core)', 'combine Jᵀw (core)', READ_BACK, ...plainMethods.map((p) => p.name), ...Object.keys(statefulMethods)].filter((n) => n.endsWith('(core)') || n === READ_BACK || wanted(n));
  const cells = new Map<string, (Cell | string)[]>(names.map((n) => [n, []]));
  const columns: { m: number; d: number; baselineMs: number | null }[] = [];
  for (const d of ds) {
    for (const m of ms) {
      if (m * d > MAX_ENTRIES) {
        columns.push({ m, d, baselineMs: null });
        for (const n of names) cells.get(n)!.push(`skipped (J: ${((4 * m * d) / 1e9).toFixed(1)} GB)`);
        continue;
      }
      const J = tf.tidy(() => tf.randomNormal([m, d], 0, 1, 'float32', 7)) as tf.Tensor2D;
      const parsed = parseJacobian(J);
      if (E.isLeft(parsed)) throw new Error(parsed.left.message);
      const Jt = parsed.right;
      const baseline = medianMs(
        () => {
          const s = tf.sum(Jt);
          s.dataSync();
          s.dispose();
        },
        { runs: Math.max(runs, 7) },
      ).wallMs;
      columns.push({ m, d, baselineMs: baseline });
      log(`m = ${m}, d = ${d}: one pass over J (tf.sum) ${baseline.toFixed(2)} ms`);
      const record = (name: string, t: Timed): void => {
        cells.get(name)!.push(typeof t === 'string' ? t : { ms: t.wallMs, cpuMs: t.cpuMs, ratio: t.wallMs / baseline });
        log(`  ${name}: ${typeof t === 'string' ? t : `${t.wallMs.toFixed(2)} ms, CPU ${t.cpuMs.toFixed(2)} ms (${(t.wallMs / baseline).toFixed(1)}x)`}`);
      };
      const w = Float64Array.from({ length: m }, (_, i) => 1 / (i + 1));
      record('gramian (core)', medianMs(() => void gramian(Jt), { runs }));
      const direction = combine(Jt, w);
      record('combine Jᵀw (core)', medianMs(() => combine(Jt, w).dispose(), { runs }));
      record(READ_BACK, medianMs(() => void direction.dataSync(), { runs }));
      direction.dispose();
      for (const p of plainMethods) if (wanted(p.name)) record(p.name, timeAggregator(p.build(m), Jt, runs));
      for (const [name, make] of Object.entries(statefulMethods)) if (wanted(name)) record(name, timeAggregator(warmed(make())(Jt), Jt, runs));
      Jt.dispose();
    }
  }
  return { rows: names.map((name) => ({ name, cells: cells.get(name)! })), columns };
};

/** d as the tables print it: powers of ten from 1e4 as 1e4, 1e6...; others as they are. */
export const sizeLabel = (d: number): string => (d >= 1e4 && Number.isInteger(Math.log10(d)) ? `1e${Math.log10(d)}` : String(d));

/** The result as a markdown table: one column per (m, d), "ms (ratio×)". */
export const renderSuite = (r: SuiteResult): string => {
  const header = `| method | ${r.columns.map((c) => `m = ${c.m}, d = ${sizeLabel(c.d)}`).join(' | ')} |`;
  const rule = `| --- | ${r.columns.map(() => '---:').join(' | ')} |`;
  const base = `| one pass over J (baseline) | ${r.columns.map((c) => (c.baselineMs === null ? '—' : `${c.baselineMs.toFixed(2)} ms`)).join(' | ')} |`;
  const fmt = (c: Cell | string): string => (typeof c === 'string' ? c : `${c.ms < 10 ? c.ms.toFixed(2) : c.ms.toFixed(0)} ms (${c.ratio < 10 ? c.ratio.toFixed(1) : c.ratio.toFixed(0)}×)`);
  return [header, rule, base, ...r.rows.map((row) => `| ${row.name} | ${row.cells.map(fmt).join(' | ')} |`)].join('\n');
};
