import { Key, parseJacobian, tf } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { plainMethods, sizeLabel, type Cell, type SuiteResult } from './aggregators-suite.js';
import { runPythonScript } from './torch.js';

/**
 * The PyTorch side of the aggregators suite: python/aggregators_torch.py computes the Gramian-based
 * methods the way torchjd does (Gramian and combination by float32 matMuls in torch, the m × m
 * problem in float64 numpy) on the suite's shapes, in one process per thread count, after checking
 * its directions against mtlkit's on small matrices.
 */

/** Suite rows with a PyTorch twin, and the twin's step name in the python script. */
export const torchSteps: Readonly<Record<string, string>> = {
  'gramian (core)': 'gramian',
  'combine Jᵀw (core)': 'combine',
  mean: 'mean',
  mgda: 'mgda',
  upgrad: 'upgrad',
  dualProj: 'dualProj',
  imtlG: 'imtlG',
  alignedMtl: 'alignedMtl',
  cagrad: 'cagrad',
};

/** The methods the script computes (the rows of `torchSteps` that are aggregators). */
export const torchMethods: readonly string[] = Object.values(torchSteps).filter((s) => s !== 'gramian' && s !== 'combine');

/** Largest relative difference of the script's directions from mtlkit's that counts as agreement. */
export const CHECK_TOLERANCE = 1e-4;

export interface TorchTiming {
  readonly step: string;
  readonly m: number;
  readonly d: number;
  readonly threads: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  /** Median CPU ms of the float64 solve alone (methods with one), on a precomputed Gramian. */
  readonly solveMs: number | null;
}

export interface TorchCheck {
  readonly method: string;
  readonly case: number;
  /** max |d_torch − d_mtlkit| / max |d_mtlkit|. */
  readonly relDiff: number;
}

export interface TorchRun {
  readonly timings: readonly TorchTiming[];
  readonly checks: readonly TorchCheck[];
}

/** One small Jacobian and mtlkit's directions of `methods` on it (defaults as in the suite). */
export interface CheckCase {
  readonly J: number[][];
  readonly directions: Record<string, number[]>;
}

const rows = (m: number, d: number, seed: number, scales: readonly number[]): number[][] => {
  const x = Key.normal(Key.fromSeed(seed), m * d);
  // Rounded to float32 first, so that both sides start from the same numbers.
  return Array.from({ length: m }, (_, i) => Array.from(Float32Array.from(x.subarray(i * d, (i + 1) * d), (v) => v * scales[i % scales.length]!)));
};

/**
 * The check matrices: 5 × 7 standard normal rows (active constraints in MGDA's and UPGrad's
 * problems), and 4 × 6 rows of norms ×1, ×10, ×0.1, ×3 (the normalisations).
 */
export const checkCases = (methods: readonly string[]): CheckCase[] =>
  [rows(5, 7, 101, [1]), rows(4, 6, 102, [1, 10, 0.1, 3])].map((J) => {
    const directions: Record<string, number[]> = {};
    const t = tf.tensor2d(J);
    const parsed = parseJacobian(t);
    if (E.isLeft(parsed)) throw new Error(parsed.left.message);
    for (const name of methods) {
      const method = plainMethods.find((p) => p.name === name);
      if (method === undefined) continue;
      const r = method.build(J.length)(parsed.right);
      if (E.isLeft(r)) throw new Error(`${name} failed on a check matrix: ${r.left.message}`);
      directions[name] = Array.from(r.right.direction.dataSync());
      r.right.direction.dispose();
    }
    t.dispose();
    return { J, directions };
  });

const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** Parses the JSON lines of python/aggregators_torch.py; Left with the first line it cannot read. */
export const parseAggregatorTorchLines = (stdout: string): E.Either<string, TorchRun> => {
  const timings: TorchTiming[] = [];
  const checks: TorchCheck[] = [];
  for (const line of stdout.split('\n').filter((l) => l.trim() !== '')) {
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return E.left(`unexpected line from the PyTorch script: ${line}`);
    }
    if (typeof o['check'] === 'string' && isNumber(o['case']) && typeof o['rel_diff'] === 'number') {
      checks.push({ method: o['check'], case: o['case'], relDiff: o['rel_diff'] });
    } else if (typeof o['step'] === 'string' && isNumber(o['m']) && isNumber(o['d']) && isNumber(o['threads']) && isNumber(o['wall_ms']) && isNumber(o['cpu_ms'])) {
      const solve = o['solve_ms'];
      timings.push({ step: o['step'], m: o['m'], d: o['d'], threads: o['threads'], wallMs: o['wall_ms'], cpuMs: o['cpu_ms'], solveMs: isNumber(solve) ? solve : null });
    } else return E.left(`unexpected line from the PyTorch script: ${line}`);
  }
  return E.right({ timings, checks });
};

/**
 * Runs python/aggregators_torch.py on `methods` (those of `torchMethods` it lists; null: all)
 * once per thread count (1, 2), each in its own process with
 * its OpenMP/OpenBLAS/MKL pools at that count; the checks run in the first. Left with the error of
 * the first run that failed.
 */
export const runAggregatorTorch = (
  python: string,
  shapes: readonly (readonly [number, number])[],
  methods: readonly string[] | null,
  runs: number,
  log: (line: string) => void,
): E.Either<string, TorchRun> => {
  const wanted = torchMethods.filter((m) => methods === null || methods.includes(m));
  let all: TorchRun = { timings: [], checks: [] };
  for (const threads of [1, 2]) {
    log(`PyTorch (${python}), ${threads} thread${threads > 1 ? 's' : ''}...`);
    const checks = threads === 1 ? checkCases(wanted) : [];
    const r = E.chain(parseAggregatorTorchLines)(runPythonScript(python, 'aggregators_torch.py', threads, { runs, shapes, methods: wanted, checks }));
    if (E.isLeft(r)) return r;
    all = { timings: [...all.timings, ...r.right.timings], checks: [...all.checks, ...r.right.checks] };
  }
  return E.right(all);
};

/** Milliseconds and ratios: two decimals below 10, one above. */
const num = (x: number): string => (x < 10 ? x.toFixed(2) : x.toFixed(1));

/** The (m, d) cell of mtlkit's row `name`, if it was timed. */
const mtlkitCell = (suite: SuiteResult, name: string, m: number, d: number): Cell | null => {
  const col = suite.columns.findIndex((c) => c.m === m && c.d === d);
  const cell = suite.rows.find((r) => r.name === name)?.cells[col];
  return cell === undefined || typeof cell === 'string' ? null : cell;
};

/**
 * The comparison as a markdown table, one row per (m, d, method): mtlkit's wall and CPU ms and
 * ratio to one pass over J, PyTorch's with 1 thread (CPU ms, and the solve's share) and 2 threads
 * (wall), and the ratios mtlkit / PyTorch (CPU over CPU for 1 thread, wall over wall for 2).
 * Then issue 10's target line (m = 10, d = 1e6) and the checks.
 */
export const renderTorchComparison = (suite: SuiteResult, torch: TorchRun): string => {
  const out = [
    '| m | d | method | mtlkit ms (CPU) | × pass | PyTorch 1 thread ms (CPU; solve) | mtlkit / PyTorch 1 thread (CPU) | PyTorch 2 threads ms (wall) | mtlkit / PyTorch 2 threads (wall) |',
    '| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const target: string[] = [];
  for (const { m, d, baselineMs } of suite.columns) {
    if (baselineMs === null) continue;
    for (const [name, step] of Object.entries(torchSteps)) {
      const cell = mtlkitCell(suite, name, m, d);
      const t1 = torch.timings.find((t) => t.step === step && t.m === m && t.d === d && t.threads === 1);
      const t2 = torch.timings.find((t) => t.step === step && t.m === m && t.d === d && t.threads === 2);
      if (cell === null && t1 === undefined) continue;
      const r1 = cell !== null && t1 !== undefined ? cell.cpuMs / t1.cpuMs : null;
      out.push(
        `| ${m} | ${sizeLabel(d)} | ${name} | ${cell === null ? '–' : `${num(cell.ms)} (${num(cell.cpuMs)})`} | ${cell === null ? '–' : num(cell.ratio)} | ` +
          `${t1 === undefined ? '–' : `${num(t1.wallMs)} (${num(t1.cpuMs)}${t1.solveMs === null ? '' : `; ${num(t1.solveMs)}`})`} | ${r1 === null ? '–' : `**${num(r1)}**`} | ` +
          `${t2 === undefined ? '–' : num(t2.wallMs)} | ${cell === null || t2 === undefined ? '–' : num(cell.ms / t2.wallMs)} |`,
      );
      if (m === 10 && d === 1e6 && r1 !== null && torchMethods.includes(step)) target.push(`${name} ${num(r1)}${r1 <= 1 ? '' : ' (missed)'}`);
    }
  }
  out.push('');
  out.push(
    target.length === 0
      ? 'Target of issue 10 (Gramian-based aggregators at m = 10, d = 1e6 no slower than PyTorch 1 thread): not measured in this run.'
      : `Target of issue 10 (Gramian-based aggregators at m = 10, d = 1e6 no slower than PyTorch 1 thread), mtlkit / PyTorch CPU time: ${target.join(', ')}.`,
  );
  const worst = new Map<string, number>();
  for (const c of torch.checks) worst.set(c.method, Math.max(worst.get(c.method) ?? 0, c.relDiff));
  if (worst.size > 0) {
    const bad = [...worst].filter(([, v]) => !(v <= CHECK_TOLERANCE));
    out.push(
      `PyTorch directions vs mtlkit's on ${new Set(torch.checks.map((c) => c.case)).size} check matrices, max |Δ| / max |d|: ${[...worst].map(([k, v]) => `${k} ${v.toExponential(1)}`).join(', ')}` +
        (bad.length === 0 ? ` (all within ${CHECK_TOLERANCE}).` : ` — DISAGREE beyond ${CHECK_TOLERANCE}: ${bad.map(([k]) => k).join(', ')}; their PyTorch timings compute something else.`),
    );
  }
  return out.join('\n');
};
