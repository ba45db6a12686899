import * as E from 'fp-ts/lib/Either.js';
import type { Problem } from './problem.js';
import type { RunResult } from './run-result.js';
import { runParticles, type ParticleRun } from './run-particles.js';
import { runSupervised, type SupervisedRun } from './run-supervised.js';
import type { RunSettings } from './settings.js';

/** One run of an experiment: a method with a seed. */
export interface Job {
  readonly method: string;
  readonly seed: number;
}

/** What a run reports while it trains (sent from the worker to the parent's progress display). */
export type ProgressEvent =
  | { readonly _tag: 'Batch'; readonly epoch: number; readonly epochs: number; readonly batch: number; readonly batches: number }
  | {
      readonly _tag: 'Epoch';
      readonly epoch: number;
      readonly epochs: number;
      readonly train: readonly number[];
      readonly validation: readonly Readonly<Record<string, number>>[] | null;
      readonly seconds: number;
    };

export type RunProgress = (e: ProgressEvent) => void;

/** CPU seconds (user + system) this process has used: the runs' CPU time is measured per worker process. */
export const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/**
 * Runs one job to its `RunResult` (Δm is filled in by the parent, which sees the baseline). The
 * result depends only on the problem, the settings, the method and the seed: not on which worker
 * runs it or in what order.
 */
export const runJob = async (problem: Problem, settings: RunSettings, job: Job, progress: RunProgress): Promise<E.Either<string, RunResult>> => {
  const wall = performance.now();
  const cpu = cpuSeconds();
  const stamp = () => ({ wallSeconds: (performance.now() - wall) / 1000, cpuSeconds: cpuSeconds() - cpu });
  if (problem._tag === 'Particles') {
    const r = await runParticles(settings, job.method, job.seed, progress);
    return E.map((p: ParticleRun) => ({
      method: job.method,
      seed: job.seed,
      metrics: p.metrics,
      deltaM: null,
      hypervolume: p.hypervolume,
      history: p.history,
      particles: p.particles,
      conflict: [],
      ...stamp(),
    }))(r);
  }
  const r = await runSupervised(problem, settings, job.method, job.seed, progress);
  return E.map((s: SupervisedRun) => ({
    method: job.method,
    seed: job.seed,
    metrics: s.metrics,
    deltaM: null,
    history: s.history,
    reliability: s.reliability,
    conflict: [...s.conflict],
    ...stamp(),
  }))(r);
};
