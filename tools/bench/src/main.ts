#!/usr/bin/env node
/** mtlkit-bench: benchmark suites (see README.md). `mtlkit-bench aggregators [options]`. */
import { initBackend } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { cpus, loadavg } from 'node:os';
import { runAggregatorSuite, renderSuite } from './aggregators-suite.js';
import { parseArgs, usage } from './args.js';
import { runTrainingCommand } from './training.js';

const main = async (): Promise<number> => {
  if (process.argv[2] === 'training') return runTrainingCommand(process.argv.slice(3));
  const args = parseArgs(process.argv.slice(2));
  if (E.isLeft(args)) {
    console.error(`mtlkit-bench: ${args.left}\n${usage}`);
    return 2;
  }
  const info = await initBackend();
  const { ms, ds, runs, methods } = args.right;
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')}`;
  console.error(`mtlkit-bench aggregators: tfjs ${info.name}${info.simd ? ' (SIMD)' : ''}, Node ${process.version}, ${machine}`);
  const result = runAggregatorSuite(ms, ds, runs, methods, (line) => console.error(line));
  console.log(`\nMedian ms per call (ratio to one pass over J), ${new Date().toISOString().slice(0, 10)}, tfjs ${info.name}${info.simd ? ' SIMD' : ''}, Node ${process.version}, ${machine}.\n`);
  console.log(renderSuite(result));
  return 0;
};

main().then((code) => process.exit(code));
