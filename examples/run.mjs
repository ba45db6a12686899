#!/usr/bin/env node
// Runs an example from the TypeScript sources, no build needed:
//   node examples/run.mjs <aggregator-swap | sam-mtl | mt-sgd-ensemble> [args...]
// esbuild bundles examples/<name>.ts (workspace packages resolved to their sources through the
// "@mtlkit/source" condition, tfjs left to Node) into examples/dist/, then the example's main runs.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const examples = ['aggregator-swap', 'sam-mtl', 'mt-sgd-ensemble'];
const [name, ...args] = process.argv.slice(2);
if (!examples.includes(name)) {
  console.error(`usage: node examples/run.mjs <${examples.join(' | ')}> [args...]`);
  process.exit(2);
}
const outfile = join(here, 'dist', `${name}.mjs`);
mkdirSync(dirname(outfile), { recursive: true });
// tfjs-core's ESM gradient registry uses extensionless imports that Node cannot load: bundle that file.
const gradients = {
  name: 'tfjs-gradients',
  setup(build) {
    build.onResolve({ filter: /register_all_gradients/ }, () => ({ path: require.resolve('@tensorflow/tfjs-core/dist/register_all_gradients.js') }));
  },
};
await esbuild.build({
  entryPoints: [join(here, `${name}.ts`)],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  conditions: ['@mtlkit/source'],
  external: ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm'],
  plugins: [gradients],
  banner: { js: "import { createRequire as __mtlkitCreateRequire } from 'node:module'; const require = __mtlkitCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
const example = await import(pathToFileURL(outfile).href);
process.exitCode = await example.main(args);
