import { initBackend } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { parseCommand, type RunFlags } from './args.js';
import { readConfig, withFlags, type ExperimentConfig } from './config.js';
import { progressDisplay, silentDisplay, type Stream } from './display.js';
import { runExperiment } from './experiment.js';
import { DATASETS_HELP, MAIN_HELP, methodsHelp, RUN_HELP } from './help.js';
import { loadProblem } from './load-problem.js';
import { checkMethods, resolvePlan, type Plan } from './plan.js';
import { inlineExecutor, processExecutor, type Executor } from './pool.js';
import { renderReport } from './report/page.js';
import { jsonOutput, type Experiment } from './run-result.js';
import { resultsTable } from './summary.js';
import { EXIT_OK, exitCodeOf, runtimeError, type CliError } from './usage.js';
import { cpuSeconds } from './run-job.js';

export interface Io {
  readonly stdout: Stream;
  readonly stderr: Stream;
}

export const VERSION = '0.1.0';

const fail = (io: Io, e: CliError): number => {
  io.stderr.write(`mtlkit: ${e.message.replace(/\s*\n\s*/g, ' ')}\n`);
  return exitCodeOf(e);
};

/** Writes index.html and results.json into the report folder. */
const writeReport = async (out: string, e: Experiment): Promise<E.Either<CliError, string>> => {
  const { mkdir, writeFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  try {
    await mkdir(out, { recursive: true });
    const file = join(out, 'index.html');
    await writeFile(file, renderReport(e));
    await writeFile(join(out, 'results.json'), `${JSON.stringify(jsonOutput(e), null, 2)}\n`);
    return E.right(file);
  } catch (err) {
    return E.left(runtimeError(`cannot write the report to ${out}: ${(err as Error).message}`));
  }
};

const configOf = async (flags: RunFlags): Promise<E.Either<CliError, ExperimentConfig>> => (flags.config === undefined ? E.right({}) : readConfig(flags.config));

/** `mtlkit run`: plan, data, runs, table or JSON, report. */
const run = async (flags: RunFlags, io: Io): Promise<number> => {
  const config = await configOf(flags);
  if (E.isLeft(config)) return fail(io, config.left);
  const plan = resolvePlan(withFlags(config.right, flags));
  if (E.isLeft(plan)) return fail(io, plan.left);
  return runPlan(plan.right, flags, io);
};

const runPlan = async (plan: Plan, flags: RunFlags, io: Io): Promise<number> => {
  const parentCpu = cpuSeconds();
  const backend = await initBackend({ prefer: process.env['MTLKIT_BACKEND'] === 'cpu' ? 'cpu' : 'wasm' });
  const problem = await loadProblem(plan.spec, plan.data, plan.defaults, plan.csv);
  if (E.isLeft(problem)) return fail(io, problem.left);
  const applicable = checkMethods(plan, problem.right);
  if (E.isLeft(applicable)) return fail(io, applicable.left);
  const jobs = plan.methods.length * plan.seeds.length;
  const workers = Math.min(plan.workers, jobs);
  const display = flags.quiet ? silentDisplay : progressDisplay(io.stderr, jobs);
  const executor: Executor =
    workers <= 1
      ? inlineExecutor(problem.right, plan.settings)
      : processExecutor({ spec: plan.spec, data: plan.data, defaults: plan.defaults, ...(plan.csv !== undefined && { csv: plan.csv }), settings: plan.settings }, workers, (line) => display.note(`worker: ${line}`));
  const backendName = `${backend.name}${backend.simd ? ' (SIMD)' : ''}`;
  const experiment = await runExperiment(plan, problem.right, executor, display, backendName);
  await executor.close();
  if (E.isLeft(experiment)) return fail(io, experiment.left);
  const e = experiment.right;
  const totals = e.totals!;
  // With worker processes the parent's CPU (loading, reporting) adds to theirs; in-process it is already counted.
  const cpu = workers <= 1 ? totals.cpuSeconds : totals.cpuSeconds + (cpuSeconds() - parentCpu);
  const withTotals: Experiment = { ...e, totals: { ...totals, cpuSeconds: cpu } };
  const written = await writeReport(plan.out, withTotals);
  if (E.isLeft(written)) return fail(io, written.left);
  if (flags.json) io.stdout.write(`${JSON.stringify(jsonOutput(withTotals))}\n`);
  else {
    io.stdout.write(`${withTotals.description ?? withTotals.dataset}\n\n${resultsTable(withTotals)}\n\n`);
    io.stdout.write(`${jobs} runs on ${totals.workers} ${totals.workers === 1 ? 'process' : 'worker processes'}: ${totals.wallSeconds.toFixed(1)} s wall, ${cpu.toFixed(1)} s CPU (backend ${backendName}).\n`);
    io.stdout.write(`Report: ${written.right}\n`);
  }
  return EXIT_OK;
};

/** The whole command line: returns the exit code; output goes to `io`. */
export const cli = async (argv: readonly string[], io: Io): Promise<number> => {
  const command = parseCommand(argv);
  if (E.isLeft(command)) return fail(io, command.left);
  const c = command.right;
  switch (c._tag) {
    case 'Help':
      io.stdout.write(c.topic === 'run' ? RUN_HELP : c.topic === 'methods' ? methodsHelp() : c.topic === 'datasets' ? DATASETS_HELP : MAIN_HELP);
      return EXIT_OK;
    case 'Version':
      io.stdout.write(`mtlkit ${VERSION}\n`);
      return EXIT_OK;
    case 'Methods':
      io.stdout.write(methodsHelp());
      return EXIT_OK;
    case 'Datasets':
      io.stdout.write(DATASETS_HELP);
      return EXIT_OK;
    case 'Run':
      try {
        return await run(c.flags, io);
      } catch (err) {
        return fail(io, runtimeError(`internal error: ${err instanceof Error ? err.message : String(err)}`));
      }
  }
};
