/**
 * A worker process of `mtlkit run` (forked by `processExecutor`): loads the data once, then runs
 * the jobs the parent sends, one at a time, and reports progress and results over IPC.
 */
import { initBackend } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { loadProblem } from './load-problem.js';
import type { FromWorker, ToWorker, WorkerInit } from './pool.js';
import type { Problem } from './problem.js';
import { cpuSeconds, runJob } from './run-job.js';

const send = (m: FromWorker) => process.send?.(m);

let state: { readonly problem: Problem; readonly init: WorkerInit } | null = null;
let queue: Promise<void> = Promise.resolve();

const handle = async (m: ToWorker): Promise<void> => {
  if (m._tag === 'Init') {
    await initBackend({ prefer: process.env['MTLKIT_BACKEND'] === 'cpu' ? 'cpu' : 'wasm' });
    const problem = await loadProblem(m.init.spec, m.init.data, m.init.defaults, m.init.csv);
    if (E.isLeft(problem)) return void send({ _tag: 'InitFailed', message: problem.left.message });
    state = { problem: problem.right, init: m.init };
    return void send({ _tag: 'Ready', cpuSeconds: cpuSeconds() });
  }
  if (state === null) return void send({ _tag: 'Failed', id: m.id, message: 'the worker has no data (no Init message)' });
  const r = await runJob(state.problem, state.init.settings, m.job, (event) => send({ _tag: 'Progress', id: m.id, event }));
  send(E.isRight(r) ? { _tag: 'Done', id: m.id, result: r.right } : { _tag: 'Failed', id: m.id, message: r.left });
};

process.on('message', (m: ToWorker) => {
  queue = queue.then(() =>
    handle(m).catch((e: unknown) => {
      const message = e instanceof Error ? e.message : String(e);
      send(m._tag === 'Init' ? { _tag: 'InitFailed', message } : { _tag: 'Failed', id: m.id, message });
    }),
  );
});
process.on('disconnect', () => process.exit(0));
