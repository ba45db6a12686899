#!/usr/bin/env node
// Runs an example from the TypeScript sources without a build: `node examples/run.mjs <name> [args]`
// bundles examples/<name>.ts with esbuild (workspace packages resolved to their sources through the
// "@mtlkit/source" condition, tfjs left to Node; ../../../tools/bundle-example.mjs) into
// examples/dist/ and imports it.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importExample } from '../../../tools/bundle-example.mjs';

const name = process.argv[2];
if (name === undefined) {
  console.error('usage: node examples/run.mjs <example> [args...]   (e.g. run-zdt3, run-three-targets)');
  process.exit(2);
}
// The examples read their arguments from process.argv[2...].
process.argv.splice(2, 1);
await importExample(dirname(fileURLToPath(import.meta.url)), name);
