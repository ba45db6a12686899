import { Key, tf, type MtlError } from '@mtlkit/core';
import { zdt } from '@mtlkit/datasets';
import {
  adam,
  disposeSamplerState,
  initSampler,
  mooSvgdDirection,
  mooSvgdStep,
  mtSgdDirection,
  mtSgdStep,
  objectiveTargets,
  uniformParticles,
  type SamplerState,
} from '@mtlkit/svgd';
import * as E from 'fp-ts/lib/Either.js';
import { command, positiveInts } from './args.js';
import { machineDescription, startSuite } from './environment.js';
import { sampleMs, type Timing } from './timing.js';
import { runPythonScript, torchPython } from './torch.js';

/**
 * The svgd suite of issues 8 and 10: the cost of one step of MT-SGD (one K x K simplex QP for all
 * particles, seed 002) against MOO-SVGD (one QP per particle, Liu, Tong & Liu 2021) as the number
 * of particles M grows, for particles of dimension d; the fit of MT-SGD's cost to a + b·M²d; and
 * the same MT-SGD direction in PyTorch CPU (python/svgd_torch.py) with 1 and 2 threads.
 * Rows: the direction from K fixed random score matrices (`mtSgdDirection` / `mooSvgdDirection`
 * at their defaults: RBF kernel with the median heuristic, eq. (3) matrix, exact QP), and the full
 * ZDT3 step of seed 002 (d = 30: scores by autodiff, direction, Adam lr 5e-4, clip).
 */

export interface SvgdArgs {
  readonly ms: readonly number[];
  readonly ds: readonly number[];
  /** Particle counts of the full ZDT3 step rows (d = 30). */
  readonly zdt3: readonly number[];
  readonly targets: number;
  readonly runs: number;
  readonly torch: boolean;
  readonly python: string | null;
}

export const svgdUsage = `usage: mtlkit-bench svgd [--m 5,10,20,50,100] [--d 30,10000] [--zdt3 5,10,20,50,100] [--targets 2] [--runs 7] [--no-torch] [--python /usr/bin/python3]
  Milliseconds per step (and seconds per 1,000 steps) of the MT-SGD and MOO-SVGD directions for M
  particles of dimension d and K targets (fixed random scores), and of the full ZDT3 step (d = 30);
  MOO-SVGD / MT-SGD; the least-squares fit of MT-SGD's time to a + b·M²d; the same steps in PyTorch
  CPU with 1 and 2 threads (skipped, with how to install it, when python3 cannot import torch).`;

/** Parses the options after `svgd`. */
export const parseSvgdArgs = (argv: readonly string[]): E.Either<string, SvgdArgs> => {
  let ms = [5, 10, 20, 50, 100];
  let ds = [30, 10_000];
  let zdt3 = [5, 10, 20, 50, 100];
  let targets = 2;
  let runs = 7;
  let torch = true;
  let python: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--no-torch') {
      torch = false;
      continue;
    }
    const value = argv[++i];
    if (flag === '--m' || flag === '--d' || flag === '--zdt3' || flag === '--targets' || flag === '--runs') {
      const xs = flag === '--zdt3' && value === 'none' ? E.right([]) : positiveInts(flag, value);
      if (E.isLeft(xs)) return xs;
      if (flag === '--m') ms = xs.right;
      else if (flag === '--d') ds = xs.right;
      else if (flag === '--zdt3') zdt3 = xs.right;
      else if (flag === '--targets') targets = xs.right[0]!;
      else runs = xs.right[0]!;
    } else if (flag === '--python') {
      if (value === undefined) return E.left('--python needs the path of a python3 that can import torch.');
      python = value;
    } else return E.left(`unknown option ${flag}.`);
  }
  return E.right({ ms, ds, zdt3, targets, runs, torch, python });
};

/**
 * Median time per call of `call`: after the warm-up calls, each sample (`sampleMs`) times as many
 * consecutive calls as last about 20 ms (one call of a small step takes well under a millisecond),
 * at least 3 samples, at most `runs`, fewer once the samples took 8 s.
 */
export const perCall = (call: () => void, runs: number, warmupMs = 1000): Timing => {
  // Warm-up: V8 optimises the JavaScript on the path over the first hundreds of calls (a ZDT3 step
  // of 50 particles takes 2 ms per call after 300 calls, 1.35 ms after 800); at least 3 calls and
  // 1 s, at most 1,000 calls.
  const w0 = performance.now();
  for (let i = 0; i < 1000 && (i < 3 || performance.now() - w0 < warmupMs); i++) call();
  const t0 = performance.now();
  call();
  const reps = Math.max(1, Math.floor(20 / Math.max(performance.now() - t0, 1e-3)));
  const t = sampleMs(() => {
    for (let r = 0; r < reps; r++) call();
  }, runs);
  return { wallMs: t.wallMs / reps, cpuMs: t.cpuMs / reps, runs: t.runs };
};

export type SvgdStepName = 'mt-sgd' | 'moo-svgd' | 'mt-sgd-zdt3' | 'moo-svgd-zdt3';

export interface SvgdRow {
  readonly step: SvgdStepName;
  readonly m: number;
  readonly d: number;
  readonly mtlkit: Timing;
}

/** A PyTorch measurement (python/svgd_torch.py). */
export interface SvgdTorchRow {
  readonly step: SvgdStepName;
  readonly m: number;
  readonly d: number;
  readonly threads: number;
  readonly wall_ms: number;
  readonly cpu_ms: number;
}

export interface SvgdCheck {
  readonly case: number;
  readonly rel_diff: number;
}

const orThrow = <A>(e: E.Either<MtlError, A>, what: string): A => {
  if (E.isLeft(e)) throw new Error(`mtlkit-bench svgd: ${what}: ${e.left.message}`);
  return e.right;
};

/** Fixed particles U(0, 1) and K score matrices N(0, 1) for one shape (seeded). */
const problemOf = (m: number, d: number, targets: number): { X: tf.Tensor2D; S: tf.Tensor2D[] } => {
  const key = Key.fromSeed(1000 * m + d);
  return {
    X: tf.tensor2d(Float32Array.from(Key.uniform(key, m * d)), [m, d]),
    S: Array.from({ length: targets }, (_, i) => tf.tensor2d(Float32Array.from(Key.normal(Key.foldIn(key, i + 1), m * d)), [m, d])),
  };
};

/**
 * One direction call as a step of the suite: fresh score tensors (S times 1 + t·1e-7: a sampler
 * gets new scores at every step, and the WASM backend caches work per operand), the direction,
 * read back, freed. python/svgd_torch.py times the same.
 */
const directionCall = (step: 'mt-sgd' | 'moo-svgd', X: tf.Tensor2D, S: readonly tf.Tensor2D[]) => {
  let scale = 1;
  return () => {
    scale += 1e-7;
    const fresh = S.map((s) => tf.mul(s, scale) as tf.Tensor2D);
    const r: E.Either<MtlError, { readonly direction: tf.Tensor2D }> = step === 'mt-sgd' ? mtSgdDirection(X, fresh) : mooSvgdDirection(X, fresh);
    tf.dispose(fresh);
    const phi = orThrow(r, step).direction;
    phi.dataSync();
    phi.dispose();
  };
};

/** Consecutive full ZDT3 steps of seed 002 (d = 30) from U(0, 1), as one callable; `done` frees the state. */
const zdt3Stepper = (step: 'mt-sgd' | 'moo-svgd', m: number): { call: () => void; done: () => void } => {
  const p = orThrow(zdt(3), 'zdt3');
  const optimizer = adam({ learningRate: 5e-4 });
  const bounds = [1e-6, 1 - 1e-6] as const;
  const targets = objectiveTargets(p.objectivesTensor, 2);
  const x0 = orThrow(uniformParticles(Key.fromSeed(m), m, 30, ...bounds), 'particles');
  let s: SamplerState = orThrow(initSampler(x0, optimizer), 'sampler');
  x0.dispose();
  const next = step === 'mt-sgd' ? mtSgdStep(targets, { optimizer, bounds }) : mooSvgdStep(targets, { optimizer, bounds });
  return {
    call: () => {
      const r = orThrow(next(s) as E.Either<MtlError, { state: SamplerState }>, step);
      disposeSamplerState(s);
      s = r.state;
      s.particles.dataSync();
    },
    done: () => disposeSamplerState(s),
  };
};

/** Runs the mtlkit side of the suite. */
export const runSvgdSuite = (args: Pick<SvgdArgs, 'ms' | 'ds' | 'zdt3' | 'targets' | 'runs'> & { readonly warmupMs?: number }, log: (line: string) => void): SvgdRow[] => {
  const rows: SvgdRow[] = [];
  if ((args.warmupMs ?? 1000) > 0 && args.ms.length > 0 && args.ds.length > 0) {
    // One discarded measurement first: the first cell of a process otherwise pays for compiling
    // every code path the later cells share (0.67 against 0.28 ms for M = 5, d = 30).
    const { X, S } = problemOf(args.ms[0]!, args.ds[0]!, args.targets);
    for (const step of ['mt-sgd', 'moo-svgd'] as const) perCall(directionCall(step, X, S), args.runs, args.warmupMs);
    tf.dispose([X, ...S]);
  }
  for (const d of args.ds) {
    for (const m of args.ms) {
      log(`  M = ${m}, d = ${d}...`);
      const { X, S } = problemOf(m, d, args.targets);
      for (const step of ['mt-sgd', 'moo-svgd'] as const) rows.push({ step, m, d, mtlkit: perCall(directionCall(step, X, S), args.runs, args.warmupMs) });
      tf.dispose([X, ...S]);
    }
  }
  for (const m of args.zdt3) {
    log(`  ZDT3 step, M = ${m}...`);
    for (const step of ['mt-sgd', 'moo-svgd'] as const) {
      const z = zdt3Stepper(step, m);
      rows.push({ step: `${step}-zdt3`, m, d: 30, mtlkit: perCall(z.call, args.runs, args.warmupMs) });
      z.done();
    }
  }
  return rows;
};

/** Small cases and mtlkit's MT-SGD direction on them, for the PyTorch script to check itself against. */
export const checkCases = (targets: number): { X: number[][]; S: number[][][]; direction: number[][] }[] =>
  [
    [6, 4],
    [9, 30],
  ].map(([m, d]) => {
    const { X, S } = problemOf(m!, d!, targets);
    const phi = orThrow(mtSgdDirection(X, S), 'check').direction;
    const out = { X: X.arraySync(), S: S.map((s) => s.arraySync()), direction: phi.arraySync() };
    tf.dispose([X, ...S, phi]);
    return out;
  });

/** Least squares t ≈ a + b·x; with R². */
export const linearFit = (xs: readonly number[], ts: readonly number[]): { a: number; b: number; r2: number } => {
  const n = xs.length;
  const mx = xs.reduce((s, v) => s + v, 0) / n;
  const mt = ts.reduce((s, v) => s + v, 0) / n;
  let sxx = 0;
  let sxt = 0;
  let stt = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i]! - mx) ** 2;
    sxt += (xs[i]! - mx) * (ts[i]! - mt);
    stt += (ts[i]! - mt) ** 2;
  }
  const b = sxx > 0 ? sxt / sxx : 0;
  const a = mt - b * mx;
  const r2 = stt > 0 ? (b * sxt) / stt : 1;
  return { a, b, r2 };
};

/** The slope of log t against log M between consecutive particle counts (the local growth exponent). */
export const growthExponent = (m1: number, t1: number, m2: number, t2: number): number => Math.log(t2 / t1) / Math.log(m2 / m1);

const fmt = (x: number | undefined, digits = 2): string => (x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits));

/** Markdown tables: per shape, both methods, their ratio, PyTorch and the ratios to it; the M²d fit. */
export const renderSvgd = (rows: readonly SvgdRow[], torch: readonly SvgdTorchRow[], note: string | null): string => {
  const out: string[] = [];
  const torchOf = (step: SvgdStepName, m: number, d: number, threads: number) => torch.find((t) => t.step === step && t.m === m && t.d === d && t.threads === threads);
  const groups: [string, SvgdStepName, SvgdStepName, number[]][] = [];
  for (const d of [...new Set(rows.filter((r) => r.step === 'mt-sgd').map((r) => r.d))]) groups.push([`Direction, d = ${d.toLocaleString('en-US')}`, 'mt-sgd', 'moo-svgd', [d]]);
  if (rows.some((r) => r.step === 'mt-sgd-zdt3')) groups.push(['Full ZDT3 step (d = 30: autodiff scores, direction, Adam, clip)', 'mt-sgd-zdt3', 'moo-svgd-zdt3', [30]]);
  for (const [title, mt, moo, [d]] of groups) {
    const ms = rows.filter((r) => r.step === mt && r.d === d).map((r) => r.m);
    out.push(`### ${title}`, '');
    out.push('| M | MT-SGD ms/step (CPU) | s / 1,000 steps | MOO-SVGD ms/step (CPU) | s / 1,000 steps | MOO-SVGD / MT-SGD | PyTorch MT-SGD 1 thread ms (CPU) | mtlkit / PyTorch 1 thread (CPU) | PyTorch 2 threads ms (wall) | mtlkit / PyTorch 2 threads (wall) | PyTorch MOO-SVGD 1 thread ms (CPU) |');
    out.push('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const m of ms) {
      const a = rows.find((r) => r.step === mt && r.m === m && r.d === d)!.mtlkit;
      const b = rows.find((r) => r.step === moo && r.m === m && r.d === d)?.mtlkit;
      const [t1, t2, o1] = [torchOf(mt, m, d!, 1), torchOf(mt, m, d!, 2), torchOf(moo, m, d!, 1)];
      out.push(
        `| ${m} | ${fmt(a.cpuMs, 3)} | ${fmt(a.cpuMs, 2)} | ${fmt(b?.cpuMs, 3)} | ${fmt(b?.cpuMs, 2)} | ${b === undefined ? '–' : fmt(b.cpuMs / a.cpuMs)} | ` +
          `${fmt(t1?.cpu_ms, 3)} | ${t1 === undefined ? '–' : fmt(a.cpuMs / t1.cpu_ms)} | ${fmt(t2?.wall_ms, 3)} | ${t2 === undefined ? '–' : fmt(a.wallMs / t2.wall_ms)} | ${fmt(o1?.cpu_ms, 3)} |`,
      );
    }
    const mtRows = rows.filter((r) => r.step === mt && r.d === d);
    const fit = linearFit(
      mtRows.map((r) => r.m * r.m * r.d),
      mtRows.map((r) => r.mtlkit.cpuMs),
    );
    const last = mtRows.slice(-2);
    const p = last.length === 2 ? growthExponent(last[0]!.m, last[0]!.mtlkit.cpuMs, last[1]!.m, last[1]!.mtlkit.cpuMs) : Number.NaN;
    out.push('');
    out.push(
      `MT-SGD fit t ≈ a + b·M²d (CPU ms): a = ${fmt(fit.a, 3)} ms, b = ${fmt(fit.b * 1e6, 3)} ms per 10⁶ M²d, R² = ${fmt(fit.r2, 3)}; growth exponent of t in M between M = ${last[0]?.m ?? '–'} and ${last[1]?.m ?? '–'}: ${fmt(p)} (M² scaling: 2).`,
    );
    const torchRows = ms.map((m) => torchOf(mt, m, d!, 1)).filter((t): t is SvgdTorchRow => t !== undefined);
    const torchFit =
      torchRows.length === mtRows.length && torchRows.length >= 2
        ? linearFit(
            torchRows.map((t) => t.m * t.m * t.d),
            torchRows.map((t) => t.cpu_ms),
          )
        : null;
    if (torchFit !== null) {
      out.push(`PyTorch 1 thread, the same fit: a = ${fmt(torchFit.a, 3)} ms, b = ${fmt(torchFit.b * 1e6, 3)} ms per 10⁶ M²d, R² = ${fmt(torchFit.r2, 3)}; ratio of the M²d constants mtlkit / PyTorch = ${fmt(fit.b / torchFit.b)}.`);
    }
    const big = mtRows[mtRows.length - 1];
    const t1 = big === undefined ? undefined : torchOf(mt, big.m, d!, 1);
    if (big !== undefined) out.push(`Target (issue 10): MT-SGD at M = ${big.m} / PyTorch 1 thread = ${t1 === undefined ? 'not measured' : fmt(big.mtlkit.cpuMs / t1.cpu_ms)} (target ≤ 3).`);
    out.push('');
  }
  if (note !== null) out.push(note, '');
  return out.join('\n');
};

/** `mtlkit-bench svgd [options]`: runs the suite and prints the tables; returns the exit code. */
export const runSvgdCommand = command(parseSvgdArgs, svgdUsage, async (args) => {
  const backend = await startSuite('svgd');
  const { py, note: skipped } = torchPython(args.torch, args.python);
  let note = skipped;
  let torchRows: SvgdTorchRow[] = [];
  const checks: SvgdCheck[] = [];
  if (py !== null) {
    const config = { runs: args.runs, targets: args.targets, shapes: args.ds.flatMap((d) => args.ms.map((m) => [m, d])), zdt3: args.zdt3, steps: ['mt-sgd', 'moo-svgd'], checks: checkCases(args.targets) };
    for (const threads of [1, 2]) {
      console.error(`  PyTorch (${py}, ${threads} thread${threads > 1 ? 's' : ''})...`);
      const r = runPythonScript(py, 'svgd_torch.py', threads, threads === 1 ? config : { ...config, checks: [] });
      if (E.isLeft(r)) {
        note = `PyTorch failed: ${r.left}`;
        break;
      }
      for (const line of r.right.split('\n').filter((l) => l.trim() !== '')) {
        const o = JSON.parse(line) as Partial<SvgdTorchRow & SvgdCheck & { check: string }>;
        if (o.check !== undefined) checks.push({ case: o.case!, rel_diff: o.rel_diff! });
        else torchRows = [...torchRows, o as SvgdTorchRow];
      }
    }
  }
  const rows = runSvgdSuite(args, (line) => console.error(line));
  const checkNote = checks.length === 0 ? '' : ` The PyTorch MT-SGD direction agreed with mtlkit's on ${checks.length} small cases to ${Math.max(...checks.map((c) => c.rel_diff)).toExponential(1)} (max relative difference).`;
  console.log(
    `\nSVGD samplers: milliseconds per step (median of ${args.runs} samples, each averaging enough consecutive steps to last 20 ms), K = ${args.targets} targets, ${new Date().toISOString().slice(0, 10)}, ${backend}, Node ${process.version}${py === null ? '' : `, PyTorch via ${py}`}, ${machineDescription()}.`,
  );
  console.log(`Ratios to PyTorch 1 thread use CPU time (both single-threaded); the 2-thread ratio uses wall time.${checkNote}\n`);
  console.log(renderSvgd(rows, torchRows, note));
  return 0;
});
