#!/usr/bin/env node
// Builds the workspace package in the current directory to dist/:
//   ESM + .d.ts (tsc -p tsconfig.lib.json), a CommonJS entry dist/index.cjs (esbuild, dependencies
//   external), and any extra self-contained bundles given as `--bundle <entry>=<outfile>`.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as esbuild from 'esbuild';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const args = process.argv.slice(2);
const bundles = args.flatMap((a, i) => (a === '--bundle' ? [args[i + 1].split('=')] : []));

rmSync('dist', { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.lib.json'], { stdio: 'inherit' });

// One CommonJS file per entry of the exports map that has a `require` target.
const entries = Object.values(pkg.exports ?? {}).filter((e) => typeof e === 'object' && e.require && e['@mtlkit/source']);
for (const entry of entries) {
  await esbuild.build({
    entryPoints: [entry['@mtlkit/source']],
    outfile: entry.require,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    external: ['#*'],
    sourcemap: true,
    logLevel: 'warning',
  });
}
for (const [entry, outfile] of bundles) {
  await esbuild.build({ entryPoints: [require.resolve(entry, { paths: [process.cwd()] })], outfile, bundle: true, format: 'cjs', platform: 'node', target: 'node20', logLevel: 'warning' });
}
for (const bin of Object.values(typeof pkg.bin === 'string' ? { [pkg.name]: pkg.bin } : (pkg.bin ?? {}))) {
  if (existsSync(bin)) chmodSync(bin, 0o755);
}
console.log(`built ${pkg.name}`);
