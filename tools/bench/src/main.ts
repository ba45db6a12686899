#!/usr/bin/env node
/** mtlkit-bench: benchmark suites (see README.md). `mtlkit-bench aggregators [options]`. */
import * as E from 'fp-ts/lib/Either.js';
import { machineDescription, startSuite } from './environment.js';
import { MAX_ENTRIES, runAggregatorSuite, renderSuite } from './aggregators-suite.js';
import { renderTorchComparison, runAggregatorTorch, type TorchRun } from './aggregators-torch.js';
import { command, parseArgs, usage } from './args.js';
import { torchPython } from './torch.js';
import { runSvgdCommand } from './svgd.js';
import { runTrainingCommand } from './training.js';

const runAggregatorsCommand = command(parseArgs, usage, async ({ ms, ds, runs, methods, torch, python }) => {
  const backend = await startSuite('aggregators');
  // PyTorch first, in its own processes, so that its Jacobians and ours are never in memory together.
  const { py, note } = torchPython(torch, python);
  let torchRun: TorchRun | null = null;
  let torchNote = note;
  if (py !== null) {
    const shapes = ds.flatMap((d) => ms.filter((m) => m * d <= MAX_ENTRIES).map((m) => [m, d] as const));
    const r = runAggregatorTorch(py, shapes, methods, runs, (line) => console.error(line));
    if (E.isLeft(r)) torchNote = `PyTorch failed: ${r.left}`;
    else torchRun = r.right;
  }
  const result = runAggregatorSuite(ms, ds, runs, methods, (line) => console.error(line));
  console.log(`\nMedian wall ms per call (ratio to one pass over J), ${new Date().toISOString().slice(0, 10)}, ${backend}, Node ${process.version}, ${machineDescription()}.\n`);
  console.log(renderSuite(result));
  if (torchRun !== null) {
    console.log(`\nmtlkit against PyTorch CPU (${py}, python/aggregators_torch.py), median of ${runs} calls; ratios to PyTorch 1 thread use CPU time.\n`);
    console.log(renderTorchComparison(result, torchRun));
  }
  if (torchNote !== null) console.log(`\n${torchNote}`);
  return 0;
});

const main = (): Promise<number> => {
  if (process.argv[2] === 'training') return runTrainingCommand(process.argv.slice(3));
  if (process.argv[2] === 'svgd') return runSvgdCommand(process.argv.slice(3));
  return runAggregatorsCommand(process.argv.slice(2));
};

main().then((code) => process.exit(code));
