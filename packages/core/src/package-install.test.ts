import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * How a user consumes @mtlkit/core: `npm pack` (which builds), install the tarball into an empty
 * folder, and import it from plain Node, ESM and CommonJS, with no bundler and no vitest.
 */
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'mtlkit-core-install-'));
const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_loglevel: 'error' } });

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('@mtlkit/core as an installed package', () => {
  it('packs, installs into an empty folder and runs WASM with gradients from .mjs and .cjs', () => {
    const tarball = run('npm', ['pack', '--pack-destination', work, '--silent'], packageDir).trim().split('\n').pop()!;
    const app = join(work, 'app');
    run('mkdir', ['-p', app], work);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, tarball)], app);
    writeFileSync(
      join(app, 'smoke.mjs'),
      `import { initBackend, parseJacobian, gramian, tf } from '@mtlkit/core';
const info = await initBackend();
const J = parseJacobian(tf.tensor2d([[-4, 1, 1], [6, 1, 1]]));
const g = tf.grad((x) => tf.sum(tf.square(x)))(tf.tensor1d([1, 2]));
console.log(JSON.stringify({ backend: info.name, simd: info.simd, gramian: Array.from(gramian(J.right).values), grad: Array.from(g.dataSync()) }));
`,
    );
    writeFileSync(
      join(app, 'smoke.cjs'),
      `const { initBackend, parseJacobian, gramian, tf } = require('@mtlkit/core');
initBackend().then((info) => {
  const J = parseJacobian(tf.tensor2d([[1, 0], [0, 2]]));
  const g = tf.grad((x) => tf.sum(tf.mul(x, x)))(tf.tensor1d([3]));
  console.log(JSON.stringify({ backend: info.name, gramian: Array.from(gramian(J.right).values), grad: Array.from(g.dataSync()) }));
});
`,
    );
    expect(JSON.parse(run('node', ['smoke.mjs'], app))).toEqual({ backend: 'wasm', simd: true, gramian: [18, -22, -22, 38], grad: [2, 4] });
    expect(JSON.parse(run('node', ['smoke.cjs'], app))).toEqual({ backend: 'wasm', gramian: [1, 0, 0, 4], grad: [6] });
  }, 180_000);
});
