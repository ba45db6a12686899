/**
 * `node examples/run.mjs run-zdt3 [steps] [seeds] [variants] [--trace]`: MT-SGD and MOO-SVGD on
 * ZDT3 (see zdt3.ts) in every configuration of the README's table, printing the hypervolume
 * (reference point of the MOO-SVGD code), the segments covered, the particles per segment and the
 * mean g − 1. `seeds` is a comma list (default 0), `variants` a comma list of the ids below
 * (default all); `--trace` prints mean f₁, f₂, g − 1, the spread and MT-SGD's weights every 1,000
 * steps; `--dump <file>` writes each seed's initial particles as JSON (for a cross-check).
 */
import { writeFileSync } from 'node:fs';
import { initBackend, Key } from '@mtlkit/core';
import { zdt } from '@mtlkit/datasets';
import { uniformParticles, zdt3Settings } from '@mtlkit/svgd';
import * as E from 'fp-ts/lib/Either.js';
import { hypervolume2d, runZdt3, type Zdt3Options } from './zdt3.js';

await initBackend();
const args = process.argv.slice(2);
const trace = args.includes('--trace');
const dumpAt = args.indexOf('--dump');
const dump = dumpAt >= 0 ? args[dumpAt + 1] : undefined;
const positional = args.filter((a, i) => !a.startsWith('--') && !(dumpAt >= 0 && i === dumpAt + 1));
const steps = Number(positional[0] ?? zdt3Settings.steps);
const seeds = (positional[1] ?? '0').split(',').map(Number);

/** Every configuration of the README's ZDT3 table, by id. */
const ZDT3_VARIANTS: Readonly<Record<string, readonly [string, Zdt3Options]>> = {
  'mt-paper': ['MT-SGD, paper form: eq. (3), median RBF on θ, T = 1', { method: 'mt-sgd', gramian: 'rkhs' }],
  'mt-paper-t01': ['MT-SGD, paper form at T = 0.01', { method: 'mt-sgd', gramian: 'rkhs', temperature: 0.01 }],
  'mt-released-median': ['MT-SGD, released Q, median RBF on θ', { method: 'mt-sgd', gramian: 'released' }],
  'moo-paper': ['MOO-SVGD, paper form: median RBF on θ, T = 1', { method: 'moo-svgd' }],
  'moo-paper-t01': ['MOO-SVGD, paper form at T = 0.01', { method: 'moo-svgd', temperature: 0.01 }],
  'moo-median-normalised': ['MOO-SVGD, median RBF on θ, normalised scores', { method: 'moo-svgd', normalizeScores: true }],
  'moo-released': ['MOO-SVGD as released: kernel on objectives, normalised scores', { method: 'moo-svgd', kernel: 'objectives', normalizeScores: true }],
  'mt-released-objectives': ['MT-SGD, released Q, kernel on objectives', { method: 'mt-sgd', gramian: 'released', kernel: 'objectives' }],
  'mt-released-objectives-normalised': ['MT-SGD, released Q, kernel on objectives, normalised scores', { method: 'mt-sgd', gramian: 'released', kernel: 'objectives', normalizeScores: true }],
  'moo-local': ['MOO-SVGD, RBF on θ with h = 0.003', { method: 'moo-svgd', kernel: 0.003 }],
  'mt-local': ['MT-SGD, released Q, RBF on θ with h = 0.003', { method: 'mt-sgd', gramian: 'released', kernel: 0.003 }],
  'mt-paper-local-mask': ['MT-SGD, eq. (3), RBF on θ with h = 0.003, masked', { method: 'mt-sgd', gramian: 'rkhs', kernel: 0.003, maskBlocked: true }],
  'moo-local-mask-h01': ['MOO-SVGD, RBF on θ with h = 0.01, masked', { method: 'moo-svgd', kernel: 0.01, maskBlocked: true }],
  'mt-local-mask-h01': ['MT-SGD, released Q, RBF on θ with h = 0.01, masked', { method: 'mt-sgd', gramian: 'released', kernel: 0.01, maskBlocked: true }],
  'moo-recommended': ['MOO-SVGD, zdt3Settings (RBF on θ, h = 0.003, masked)', { method: 'moo-svgd', kernel: zdt3Settings.mooSvgd.kernel, normalizeScores: zdt3Settings.mooSvgd.normalizeScores, maskBlocked: zdt3Settings.mooSvgd.maskBlocked }],
  'mt-recommended': ['MT-SGD, zdt3Settings (released Q, RBF on θ, h = 0.003, masked)', { method: 'mt-sgd', gramian: zdt3Settings.mtSgd.gramian, kernel: zdt3Settings.mtSgd.kernel, normalizeScores: zdt3Settings.mtSgd.normalizeScores, maskBlocked: zdt3Settings.mtSgd.maskBlocked }],
};

const ids = positional[2] !== undefined ? positional[2].split(',') : Object.keys(ZDT3_VARIANTS);
const unknown = ids.filter((id) => !(id in ZDT3_VARIANTS));
if (unknown.length > 0) {
  console.error(`unknown variant(s) ${unknown.join(', ')}; known: ${Object.keys(ZDT3_VARIANTS).join(', ')}`);
  process.exit(2);
}
const front = zdt(3);
if (E.isRight(front)) {
  const pts = E.getOrElseW(() => [])(front.right.front(2000)).flat();
  console.log(`hypervolume of the true front (5 x 2000 points): ${hypervolume2d(pts, front.right.hypervolumeReference!).toFixed(4)}`);
}
if (dump !== undefined) {
  const initial = Object.fromEntries(seeds.map((seed) => [seed, E.getOrElseW(() => null)(E.map((x: { arraySync: () => number[][]; dispose: () => void }) => { const v = x.arraySync(); x.dispose(); return v; })(uniformParticles(Key.fromSeed(seed), zdt3Settings.particles, 30, ...zdt3Settings.bounds)))]));
  writeFileSync(dump, JSON.stringify(initial));
}
console.log(`ZDT3, 30 variables, 50 particles from U(0, 1), Adam lr 5e-4, clamp [1e-6, 1 - 1e-6], ${steps} steps, seeds ${seeds.join(',')}`);
const f = (v: number, d = 3) => v.toFixed(d);
for (const id of ids) {
  const [name, options] = ZDT3_VARIANTS[id]!;
  for (const seed of seeds) {
    const t0 = performance.now();
    const r = runZdt3({
      ...options,
      steps,
      seed,
      ...(trace && {
        onProgress: (t, s) =>
          console.log(
            `  ${id} seed ${seed} step ${t}: mean f1 ${f(s.meanF1)} f2 ${f(s.meanF2)} g-1 ${f(s.meanGap, 4)} spread ${f(s.spread)} sd(θ1) ${f(s.spreadF1)} hv ${f(s.hypervolume, 4)} per segment [${s.perSegment.join(',')}]${s.weights === null ? '' : ` w (${s.weights.map((w) => f(w, 4)).join(', ')})`}`,
          ),
      }),
    });
    const secs = ((performance.now() - t0) / 1000).toFixed(0);
    if (E.isLeft(r)) console.log(`${id} seed ${seed}: ${r.left._tag}: ${r.left.message}`);
    else {
      const f1 = r.right.objectives.map((o) => o[0]);
      console.log(
        `${id} seed ${seed} | ${name} | hv ${f(r.right.hypervolume, 4)} | segments ${r.right.segmentsCovered}/5 [${r.right.perSegment.join(',')}] | on front ${r.right.onFront}/50 | mean g-1 ${f(r.right.meanGap, 4)} | f1 in [${f(Math.min(...f1))}, ${f(Math.max(...f1))}]${r.right.weights === null ? '' : ` | w (${r.right.weights.map((w) => f(w, 3)).join(', ')})`} | ${secs} s`,
      );
    }
  }
}
