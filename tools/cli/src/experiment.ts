import { deltaM } from '@mtlkit/metrics';
import * as E from 'fp-ts/lib/Either.js';
import type { Display } from './display.js';
import { methodInfo } from './methods.js';
import type { Plan } from './plan.js';
import type { Executor } from './pool.js';
import { primaryMetrics, taskNames, type Problem } from './problem.js';
import type { Job } from './run-job.js';
import type { Experiment, RunResult } from './run-result.js';
import { zdt3Front } from './run-particles.js';
import { runtimeError, type RuntimeError } from './usage.js';

/** The baseline of Δm: linear scalarisation. */
export const BASELINE = 'mean';

/** Relative cost of one run, to start the longest first (so two workers finish together). */
const cost = (job: Job, plan: Plan): number => {
  const kind = methodInfo(job.method)?.kind;
  return kind === 'ensemble' ? 1 + plan.settings.particles : kind === 'sam' ? 2.3 : kind === 'weighting' ? 1.2 : 1;
};

/**
 * Δm in percent of each run against the baseline run of the same seed (LibMTL's convention through
 * `deltaM` of @mtlkit/metrics, a fraction, times 100), over each task's primary metric (accuracy,
 * MSE), or over the hypervolume on particle problems. 0 for the baseline itself; null when the
 * experiment has no baseline.
 */
export const withDeltaM = (runs: readonly RunResult[], problem: Problem): RunResult[] => {
  const primary = primaryMetrics(problem);
  const names = taskNames(problem);
  // Objectives of a particle problem can be negative (ZDT3's f₂), where a relative change flips sign: Δm is taken over the hypervolume there.
  const table = (r: RunResult) =>
    problem._tag === 'Particles'
      ? { front: { hypervolume: r.hypervolume ?? Number.NaN } }
      : Object.fromEntries(names.map((t, i) => [t, { [primary[i]!.metric]: r.metrics[t]?.[primary[i]!.metric] ?? Number.NaN }]));
  const directions = Object.fromEntries(primary.map((p) => [p.metric, p.higherIsBetter ? ('higher' as const) : ('lower' as const)]));
  return runs.map((r) => {
    const base = runs.find((b) => b.method === BASELINE && b.seed === r.seed);
    if (base === undefined) return { ...r, deltaM: null };
    if (base === r) return { ...r, deltaM: 0 };
    const d = deltaM(table(base), table(r), { directions });
    return { ...r, deltaM: E.isRight(d) ? d.right.deltaM * 100 : null };
  });
};

const pct = (v: number | undefined) => (v === undefined ? '-' : `${(v * 100).toFixed(1)}%`);

/** A one-line summary of a finished run for the progress display. */
export const runLine = (r: RunResult, problem: Problem): string => {
  const primary = primaryMetrics(problem);
  const parts = taskNames(problem).map((t, i) => {
    const v = r.metrics[t]?.[primary[i]!.metric];
    return `${t} ${primary[i]!.metric === 'accuracy' ? pct(v) : v === undefined ? '-' : v.toPrecision(4)}`;
  });
  if (r.hypervolume !== undefined) parts.push(`HV ${r.hypervolume.toFixed(3)}`);
  return `${parts.join(', ')} (${r.wallSeconds.toFixed(1)} s, ${(r.cpuSeconds ?? 0).toFixed(1)} s CPU)`;
};

/**
 * Runs every method with every seed on the executor's slots (longest runs first), reports progress,
 * and assembles the experiment in plan order (method, then seed), whatever order the runs finished
 * in. The first failing run stops the experiment with its reason.
 */
export const runExperiment = async (plan: Plan, problem: Problem, executor: Executor, display: Display, backend: string): Promise<E.Either<RuntimeError, Experiment>> => {
  const startedAt = new Date().toISOString();
  const wall = performance.now();
  const jobs: Job[] = plan.methods.flatMap((method) => plan.seeds.map((seed) => ({ method, seed })));
  const order = jobs.map((_, i) => i).sort((a, b) => cost(jobs[b]!, plan) - cost(jobs[a]!, plan) || a - b);
  const results: (RunResult | undefined)[] = jobs.map(() => undefined);
  let failure: string | null = null;
  let next = 0;
  const lane = async (): Promise<void> => {
    while (failure === null && next < order.length) {
      const i = order[next++]!;
      const job = jobs[i]!;
      const label = plan.seeds.length > 1 ? `${job.method} (seed ${job.seed})` : job.method;
      display.start(i, label);
      const r = await executor.run(job, (e) => display.event(i, e));
      if (E.isLeft(r)) {
        failure ??= `${label} failed: ${r.left}`;
        display.done(i, `failed: ${r.left}`);
        return;
      }
      results[i] = r.right;
      display.done(i, runLine(r.right, problem));
    }
  };
  await Promise.all(Array.from({ length: Math.min(executor.slots, jobs.length) }, lane));
  display.close();
  if (failure !== null) return E.left(runtimeError(failure));
  const runs = withDeltaM(results as RunResult[], problem);
  const s = plan.settings;
  const description =
    problem._tag === 'Particles'
      ? `${problem.label}: ${s.particles} particles, ${s.epochs} × ${s.stepsPerEpoch} steps, Adam lr ${s.lr}; hypervolume reference (${problem.reference.join(', ')})`
      : `${problem.label}; ${problem.model._tag === 'Lenet' ? 'HPS LeNet' : 'HPS MLP'}, ${s.epochs} epochs, batch ${s.batchSize}, Adam lr ${s.lr}; ensembles of ${s.particles}; SAM-MTL ρ ${s.samRho} with ${s.samAggregator}`;
  return E.right({
    dataset: plan.dataset,
    tasks: taskNames(problem),
    primary: primaryMetrics(problem),
    runs,
    backend,
    startedAt,
    description,
    totals: { wallSeconds: (performance.now() - wall) / 1000, cpuSeconds: executor.cpuSeconds(), workers: executor.slots },
    ...(problem._tag === 'Particles' && { front: zdt3Front() }),
  });
};
