/**
 * `node examples/run.mjs run-three-targets [particles] [steps] [seed]`: MT-SGD and MOO-SVGD on the
 * three-target toy of seed 002 (see three-targets.ts).
 */
import { initBackend } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { runThreeTargets, type ThreeTargetsOptions } from './three-targets.js';

await initBackend();
const particles = Number(process.argv[2] ?? 50);
const steps = Number(process.argv[3] ?? 2000);
const seed = Number(process.argv[4] ?? 0);
const runs: readonly (readonly [string, ThreeTargetsOptions])[] = [
  ['MT-SGD (rkhs U, default)', { method: 'mt-sgd', gramian: 'rkhs' }],
  ['MT-SGD (released U)', { method: 'mt-sgd', gramian: 'released' }],
  ['MOO-SVGD', { method: 'moo-svgd' }],
];
console.log(`three 2-D targets, ${particles} particles from 5·N(0, I), Adam lr 3e-2, ${steps} steps, seed ${seed}`);
for (const [name, options] of runs) {
  const r = runThreeTargets({ ...options, particles, steps, seed });
  if (E.isLeft(r)) console.log(`${name}: ${r.left.message}`);
  else
    console.log(
      `${name}: mean Σ_i log p_i = ${r.right.meanProductLogDensity.toFixed(2)}, mean log p_i = [${r.right.meanLogDensity.map((v) => v.toFixed(2)).join(', ')}], share within 1.5 of the origin = ${r.right.sharedRegionShare.toFixed(2)}, of a main mode = ${r.right.mainModeShare.toFixed(2)}`,
    );
}
