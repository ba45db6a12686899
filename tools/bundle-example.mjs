// Bundles an example from the TypeScript sources for Node, no build needed: esbuild turns
// <dir>/<name>.ts (workspace packages resolved to their sources through the "@mtlkit/source"
// condition, tfjs left to Node) into <dir>/dist/<name>.mjs. Used by examples/run.mjs and
// packages/svgd/examples/run.mjs.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const require = createRequire(import.meta.url);

// tfjs-core's ESM gradient registry uses extensionless imports that Node cannot load: bundle that file.
const gradients = {
  name: 'tfjs-gradients',
  setup(build) {
    build.onResolve({ filter: /register_all_gradients/ }, () => ({ path: require.resolve('@tensorflow/tfjs-core/dist/register_all_gradients.js') }));
  },
};

/** Bundles `<dir>/<name>.ts` and imports it; returns the module (its top level has run). */
export const importExample = async (dir, name) => {
  const outfile = join(dir, 'dist', `${name}.mjs`);
  mkdirSync(dirname(outfile), { recursive: true });
  await esbuild.build({
    entryPoints: [join(dir, `${name}.ts`)],
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
  return import(pathToFileURL(outfile).href);
};
