import * as E from 'fp-ts/lib/Either.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentDisplay, type Display } from './display.js';
import { runExperiment } from './experiment.js';
import { resolvePlan, type Plan } from './plan.js';
import { processExecutor, type WorkerInit } from './pool.js';
import type { Problem } from './problem.js';

const dir = mkdtempSync(join(tmpdir(), 'mtlkit-pool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A stand-in worker speaking the IPC protocol of src/worker.ts without tfjs: it answers each job
 * with a result whose accuracy encodes method and seed, after a delay that makes later jobs finish
 * first; seed 99 crashes the process.
 */
const script = join(dir, 'fake-worker.mjs');
writeFileSync(
  script,
  `const delays = { 'mt-sgd': 120, 'sam-mtl': 60, mean: 10, mgda: 30 };
process.on('message', (m) => {
  if (m._tag === 'Init') return process.send({ _tag: 'Ready', cpuSeconds: 0.25 });
  if (m.job.seed === 99) { process.stderr.write('boom: out of memory\\n'); setTimeout(() => process.exit(3), 20); return; }
  process.send({ _tag: 'Progress', id: m.id, event: { _tag: 'Batch', epoch: 0, epochs: 1, batch: 0, batches: 1 } });
  const acc = 0.5 + 0.01 * m.job.seed + (m.job.method === 'mean' ? 0 : 0.1);
  setTimeout(() => process.send({ _tag: 'Done', id: m.id, result: { method: m.job.method, seed: m.job.seed, metrics: { a: { accuracy: acc }, b: { accuracy: acc } }, deltaM: null, wallSeconds: 1, cpuSeconds: 2, history: [], conflict: [] } }), delays[m.job.method] ?? 5);
});
process.on('disconnect', () => process.exit(0));
`,
);

const problem: Problem = {
  _tag: 'Supervised',
  label: 'fake',
  tasks: [
    { name: 'a', kind: 'classification', classes: 10 },
    { name: 'b', kind: 'classification', classes: 10 },
  ],
  splits: {} as never,
  model: { _tag: 'Mlp', input: 1, hidden: [] },
};

const planOf = (methods: string[], seeds: number[]): Plan => {
  const p = resolvePlan({ methods, seeds });
  if (E.isLeft(p)) throw new Error(p.left.message);
  return p.right;
};

const initOf = (plan: Plan): WorkerInit => ({ spec: plan.spec, data: plan.data, defaults: plan.defaults, settings: plan.settings });

describe('worker processes', () => {
  it('run jobs two at a time and return them in plan order, whatever order they finish in', async () => {
    const plan = planOf(['mean', 'mgda', 'sam-mtl', 'mt-sgd'], [1, 2]);
    const events: string[] = [];
    const display: Display = { ...silentDisplay, start: (id) => void events.push(`start ${id}`), done: (id) => void events.push(`done ${id}`) };
    const executor = processExecutor(initOf(plan), 2, () => undefined, script);
    const e = await runExperiment(plan, problem, executor, display, 'fake');
    await executor.close();
    expect(E.isRight(e)).toBe(true);
    if (E.isLeft(e)) return;
    expect(e.right.runs.map((r) => `${r.method}/${r.seed}`)).toEqual(['mean/1', 'mean/2', 'mgda/1', 'mgda/2', 'sam-mtl/1', 'sam-mtl/2', 'mt-sgd/1', 'mt-sgd/2']);
    // The ensemble runs (most expensive) start first.
    expect(events.slice(0, 2).sort()).toEqual(['start 6', 'start 7']);
    // Δm against mean of the same seed: accuracy 0.6 + 0.01 s against 0.5 + 0.01 s.
    const mgda1 = e.right.runs.find((r) => r.method === 'mgda' && r.seed === 1)!;
    expect(mgda1.deltaM).toBeCloseTo((0.1 / 0.51) * 100, 10);
    expect(e.right.runs.find((r) => r.method === 'mean')!.deltaM).toBe(0);
    // CPU: 0.25 s per worker to start, 2 s per run.
    expect(e.right.totals).toMatchObject({ workers: 2, cpuSeconds: 2 * 0.25 + 8 * 2 });
  });

  it('a worker that dies stops the experiment with a one-line reason naming the run', async () => {
    const plan = planOf(['mean'], [1, 99]);
    const notes: string[] = [];
    const executor = processExecutor(initOf(plan), 2, (line) => notes.push(line), script);
    const e = await runExperiment(plan, problem, executor, silentDisplay, 'fake');
    await executor.close();
    expect(E.isLeft(e)).toBe(true);
    if (E.isRight(e)) return;
    expect(e.left.message).toMatch(/^mean \(seed 99\) failed: the worker process stopped \(exit code 3\): boom: out of memory$/);
    expect(notes).toEqual(['boom: out of memory']);
  });
});
