#!/usr/bin/env node
// Runs an example from the TypeScript sources, no build needed:
//   node examples/run.mjs <aggregator-swap | sam-mtl | mt-sgd-ensemble> [args...]
// esbuild bundles examples/<name>.ts (workspace packages resolved to their sources through the
// "@mtlkit/source" condition, tfjs left to Node) into examples/dist/ (tools/bundle-example.mjs),
// then the example's main runs.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importExample } from '../tools/bundle-example.mjs';

const examples = ['aggregator-swap', 'sam-mtl', 'mt-sgd-ensemble'];
const [name, ...args] = process.argv.slice(2);
if (!examples.includes(name)) {
  console.error(`usage: node examples/run.mjs <${examples.join(' | ')}> [args...]`);
  process.exit(2);
}
const example = await importExample(dirname(fileURLToPath(import.meta.url)), name);
process.exitCode = await example.main(args);
