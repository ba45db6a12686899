#!/usr/bin/env node
// Runs an example from the TypeScript sources without a build: `node examples/run.mjs <name> [args]`
// bundles examples/<name>.ts with esbuild (workspace packages resolved to their sources through the
// "@mtlkit/source" condition, tfjs left to Node) into examples/dist/ and imports it.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const name = process.argv[2];
if (name === undefined) {
  console.error('usage: node examples/run.mjs <example> [args...]   (e.g. run-zdt3, run-three-targets)');
  process.exit(2);
}
process.argv.splice(2, 1);
const outfile = join(here, 'dist', `${name}.mjs`);
mkdirSync(dirname(outfile), { recursive: true });
// tfjs-core's ESM gradient registry uses extensionless imports Node cannot load: bundle it.
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
await import(pathToFileURL(outfile).href);
