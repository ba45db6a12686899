import type { CsvSchema } from '@mtlkit/datasets';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import type { DatasetSpec } from './dataset-spec.js';
import type { Problem } from './problem.js';
import { cpuSeconds, runJob, type Job, type ProgressEvent, type RunProgress } from './run-job.js';
import type { RunResult } from './run-result.js';
import type { DataSettings, Defaults, RunSettings } from './settings.js';

/** Runs jobs: in this process (one at a time), or on worker processes (one job per worker at a time). */
export interface Executor {
  readonly slots: number;
  /** Runs a job on a free slot (the caller never runs more than `slots` at once). */
  readonly run: (job: Job, progress: RunProgress) => Promise<E.Either<string, RunResult>>;
  /** CPU seconds used so far by the processes that run jobs (loading data included). */
  readonly cpuSeconds: () => number;
  readonly close: () => Promise<void>;
}

/** In this process: for `--workers 1` and tests. */
export const inlineExecutor = (problem: Problem, settings: RunSettings): Executor => {
  const start = cpuSeconds();
  return {
    slots: 1,
    run: (job, progress) => runJob(problem, settings, job, progress),
    cpuSeconds: () => cpuSeconds() - start,
    close: async () => undefined,
  };
};

/** What a worker needs to rebuild the problem and run jobs: it loads (or generates) the same data itself. */
export interface WorkerInit {
  readonly spec: DatasetSpec;
  readonly data: DataSettings;
  readonly defaults: Defaults;
  readonly csv?: CsvSchema;
  readonly settings: RunSettings;
}

export type ToWorker = { readonly _tag: 'Init'; readonly init: WorkerInit } | { readonly _tag: 'Run'; readonly id: number; readonly job: Job };

export type FromWorker =
  | { readonly _tag: 'Ready'; readonly cpuSeconds: number }
  | { readonly _tag: 'InitFailed'; readonly message: string }
  | { readonly _tag: 'Progress'; readonly id: number; readonly event: ProgressEvent }
  | { readonly _tag: 'Done'; readonly id: number; readonly result: RunResult }
  | { readonly _tag: 'Failed'; readonly id: number; readonly message: string };

interface Slot {
  readonly child: ChildProcess;
  /** Resolves when the worker has loaded the data (or failed to). */
  readonly ready: Promise<E.Either<string, void>>;
  readonly stderr: string[];
  busy: boolean;
  initCpu: number;
  runCpu: number;
  pending: { readonly id: number; readonly progress: RunProgress; readonly resolve: (r: E.Either<string, RunResult>) => void } | null;
  exited: boolean;
}

/**
 * Worker processes (`node dist/worker.js`), each with its own tfjs WASM backend (single-threaded
 * per process): `count` jobs run in parallel. Each worker loads the data itself from the same
 * spec and seed, so every worker trains on identical data. `onNote` receives the workers' stderr
 * lines (backend warnings).
 */
export const processExecutor = (init: WorkerInit, count: number, onNote: (line: string) => void, script = fileURLToPath(new URL('./worker.js', import.meta.url))): Executor => {
  let nextId = 0;
  const start = (): Slot => {
    const child = fork(script, [], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv: [] });
    let readyResolve: (r: E.Either<string, void>) => void = () => undefined;
    const ready = new Promise<E.Either<string, void>>((r) => (readyResolve = r));
    const slot: Slot = { child, ready, stderr: [], busy: false, initCpu: 0, runCpu: 0, pending: null, exited: false };
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      for (const line of text.split('\n').filter((l) => l.trim() !== '')) {
        slot.stderr.push(line);
        if (slot.stderr.length > 20) slot.stderr.shift();
        onNote(line);
      }
    });
    child.on('message', (m: FromWorker) => {
      switch (m._tag) {
        case 'Ready':
          slot.initCpu = m.cpuSeconds;
          readyResolve(E.right(undefined));
          break;
        case 'InitFailed':
          readyResolve(E.left(m.message));
          break;
        case 'Progress':
          if (slot.pending?.id === m.id) slot.pending.progress(m.event);
          break;
        case 'Done':
        case 'Failed': {
          const p = slot.pending;
          if (p?.id !== m.id) break;
          slot.pending = null;
          if (m._tag === 'Done') {
            slot.runCpu += m.result.cpuSeconds ?? 0;
            p.resolve(E.right(m.result));
          } else p.resolve(E.left(m.message));
          break;
        }
      }
    });
    child.on('exit', (code, signal) => {
      slot.exited = true;
      const reason = `the worker process stopped (${signal ?? `exit code ${code}`})${slot.stderr.length > 0 ? `: ${slot.stderr[slot.stderr.length - 1]}` : ''}`;
      readyResolve(E.left(reason));
      const p = slot.pending;
      slot.pending = null;
      p?.resolve(E.left(reason));
    });
    child.send({ _tag: 'Init', init } satisfies ToWorker);
    return slot;
  };
  const slots = Array.from({ length: count }, start);
  return {
    slots: count,
    run: async (job, progress) => {
      const slot = slots.find((s) => !s.busy && !s.exited);
      if (slot === undefined) return E.left('no free worker');
      slot.busy = true;
      const ready = await slot.ready;
      if (E.isLeft(ready)) {
        slot.busy = false;
        return ready;
      }
      const id = nextId++;
      const result = await new Promise<E.Either<string, RunResult>>((resolve) => {
        slot.pending = { id, progress, resolve };
        slot.child.send({ _tag: 'Run', id, job } satisfies ToWorker);
      });
      slot.busy = false;
      return result;
    },
    cpuSeconds: () => slots.reduce((a, s) => a + s.initCpu + s.runCpu, 0),
    close: async () => {
      await Promise.all(
        slots.map(
          (s) =>
            new Promise<void>((resolve) => {
              if (s.exited) return resolve();
              s.child.once('exit', () => resolve());
              s.child.disconnect();
            }),
        ),
      );
    },
  };
};
