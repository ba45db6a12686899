// The seed's experiments at small scale (examples/three-targets.ts, examples/zdt3.ts; the full-size
// runs are `node examples/run.mjs run-three-targets` and `node examples/run.mjs run-zdt3`).
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { runThreeTargets } from '../examples/three-targets.js';
import { hypervolume2d, runZdt3 } from '../examples/zdt3.js';

const right = <A>(e: E.Either<{ message: string }, A>): A => {
  if (E.isLeft(e)) throw new Error(e.left.message);
  return e.right;
};

describe('three 2-D targets (seed 002, §2.1.1)', () => {
  it('MT-SGD ends where all targets have mass, MOO-SVGD spreads over the individual targets', () => {
    // 10 particles, 300 Adam steps (lr 3e-2), seed 0: the first seed, not a chosen one. Over seeds
    // 0–5 the gap in mean Σ_i log p_i is 8.9–13.6 nats at this size (README).
    const mt = right(runThreeTargets({ method: 'mt-sgd', particles: 10, steps: 300, seed: 0 }));
    const released = right(runThreeTargets({ method: 'mt-sgd', gramian: 'released', particles: 10, steps: 300, seed: 0 }));
    const moo = right(runThreeTargets({ method: 'moo-svgd', particles: 10, steps: 300, seed: 0 }));
    expect(mt.meanProductLogDensity).toBeGreaterThan(moo.meanProductLogDensity + 5);
    expect(released.meanProductLogDensity).toBeGreaterThan(moo.meanProductLogDensity + 5);
    expect(mt.sharedRegionShare).toBeGreaterThan(moo.sharedRegionShare);
    expect(moo.mainModeShare).toBeGreaterThan(mt.mainModeShare);
  });
});

describe('ZDT3 (seed 002, §2.1.2)', () => {
  it('computes the 2-D hypervolume by a sweep', () => {
    expect(hypervolume2d([[0, 0]], [1, 1])).toBe(1);
    expect(hypervolume2d([[0.5, 0.5], [0.25, 0.75], [0.75, 0.25], [0.6, 0.6], [2, 0]], [1, 1])).toBeCloseTo(0.25 * 0.25 + 0.5 * 0.25 + 0.5 * 0.25 + 0.25 * 0.5 - 0.25 * 0.25, 12);
  });

  it('a short run of either sampler lowers both objectives from U(0, 1)', () => {
    // With K ≈ I (h = 1e-3) and no repulsion both methods are MGDA on the particles: MOO-SVGD per
    // particle, MT-SGD with shared weights, for which Lemma 1 gives Σ_a ⟨φ(θ_a), −∇f_i(θ_a)⟩ ≥ 0.
    // Plain small steps then lower the mean of both objectives and raise the hypervolume.
    for (const method of ['mt-sgd', 'moo-svgd'] as const) {
      const seen: (readonly (readonly [number, number])[])[] = [];
      const r = right(
        runZdt3({ method, steps: 30, particles: 20, optimizer: 'sgd', learningRate: 2e-2, bandwidth: 1e-3, repulsion: 0, normalizeScores: false, onProgress: (_, f) => seen.push(f), every: 1000 }),
      );
      const mean = (f: readonly (readonly [number, number])[], i: 0 | 1) => f.reduce((a, v) => a + v[i], 0) / f.length;
      const start = seen[0]!;
      expect(mean(r.objectives, 0)).toBeLessThan(mean(start, 0));
      expect(mean(r.objectives, 1)).toBeLessThan(mean(start, 1));
      expect(r.hypervolume).toBeGreaterThan(hypervolume2d(start, [0.99022638, 6.54635266]));
    }
  });
});
