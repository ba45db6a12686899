/**
 * Seed 002 (MT-SGD supplementary), §2.1.2, and the MOO-SVGD ZDT script (Liu, Tong & Liu 2021,
 * `zdt/run_zdt_moosvgd.py`): ZDT3 with 30 variables, 50 particles from U(0, 1), Adam lr 5e-4,
 * variables clamped to [1e-6, 1 − 1e-6] after every step; objective f_i becomes the target
 * p_i ∝ exp(−f_i) (score −∇f_i). Reports the hypervolume with the MOO-SVGD reference point
 * (0.99022638, 6.54635266) and how many of ZDT3's five Pareto segments hold a particle near the
 * front. The hypervolume is computed here (a 2-D sweep) because @mtlkit/svgd sits below
 * @mtlkit/metrics in the dependency order.
 */
import { Key, type MtlError } from '@mtlkit/core';
import { zdt, type BiObjectiveProblem } from '@mtlkit/datasets';
import {
  adam,
  disposeSamplerState,
  initSampler,
  mooSvgdStep,
  objectiveTargets,
  featureKernel,
  median,
  mtSgdStep,
  rbfKernel,
  sgd,
  type Kernel,
  uniformParticles,
  type MtSgdGramianForm,
  type SamplerState,
} from '@mtlkit/svgd';
import { tf } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';

export interface Zdt3Options {
  readonly method: 'mt-sgd' | 'moo-svgd';
  readonly steps?: number;
  readonly particles?: number;
  readonly seed?: number;
  readonly learningRate?: number;
  /** 'adam' (default, as the seed) or 'sgd' (plain steps θ + εφ). */
  readonly optimizer?: 'adam' | 'sgd';
  /** MT-SGD's matrix (default 'rkhs'). */
  readonly gramian?: MtSgdGramianForm;
  /** Per-coordinate normalisation of the scores across particles (MOO-SVGD's ZDT script does it). */
  readonly normalizeScores?: boolean;
  /**
   * α, the weight of the repulsive term (default 1). With Adam the overall scale of the direction
   * does not matter, so α = T acts as a temperature: the targets become p_i ∝ exp(−f_i/T).
   */
  readonly repulsion?: number;
  /** The RBF kernel's bandwidth h on the parameters: 'median' (default) or a fixed number. */
  readonly bandwidth?: number | 'median';
  /**
   * 'parameters' (default, as the papers write the kernel) or 'objectives': the kernel of MOO-SVGD's
   * released ZDT code, on the objective vectors (`releasedObjectiveKernel`).
   */
  readonly kernelSpace?: 'parameters' | 'objectives';
  /** Called every `every` steps with the step index and the objectives [M][2]. */
  readonly onProgress?: (step: number, objectives: readonly (readonly [number, number])[]) => void;
  readonly every?: number;
}

export interface Zdt3Result {
  readonly objectives: readonly (readonly [number, number])[];
  readonly hypervolume: number;
  /** Segments (of 5) with a particle whose θ₁ lies in it and whose f₂ is within 0.05 of the front. */
  readonly segmentsCovered: number;
  /** Mean of g(θ) − 1 = (9/29)Σ_{i≥2} θ_i over particles: 0 on the Pareto set. */
  readonly meanGap: number;
}

export const ZDT3_REFERENCE = [0.99022638, 6.54635266] as const;

/**
 * The kernel of MOO-SVGD's released ZDT code (`zdt/moosvgd.py`, `kernel_functional_rbf`), for use on
 * the objective vectors: r = squared distance, h = median(r)/ln M (numpy median of the full matrix)
 * and k = exp(−r/5e-6·h) as written there, i.e. exp(−r·h/5e-6) (operator precedence: the bandwidth
 * multiplies). Its scale is floored at 1e-12 so that coincident objective vectors stay defined.
 */
export const releasedObjectiveKernel: Kernel = {
  kind: 'radial',
  name: 'rbf(moo-svgd released)',
  scale: (sqDist, m) => E.right(Math.max(1e-12, median(sqDist) / Math.log(m))),
  profile: (r, h) =>
    tf.tidy(() => {
      const c = h / 5e-6;
      const k = tf.exp(tf.mul(r, -c)) as tf.Tensor2D;
      return { k, dk: tf.mul(k, -c) as tf.Tensor2D, d2k: tf.mul(k, c * c) as tf.Tensor2D };
    }),
  at: (r, h) => Math.exp((-r * h) / 5e-6),
};

/** The 2-D hypervolume dominated by the points and bounded by the reference point (minimisation). */
export const hypervolume2d = (points: readonly (readonly [number, number])[], ref: readonly [number, number]): number => {
  const inside = points.filter(([a, b]) => a < ref[0] && b < ref[1]).sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  let area = 0;
  let best = ref[1];
  for (const [a, b] of inside) {
    if (b < best) {
      area += (ref[0] - a) * (best - b);
      best = b;
    }
  }
  return area;
};

const problem = (): E.Either<MtlError, BiObjectiveProblem> => zdt(3);

const readObjectives = (p: BiObjectiveProblem, x: tf.Tensor2D): [number, number][] => {
  const f = p.objectivesTensor(x);
  const v = f.dataSync();
  f.dispose();
  return Array.from({ length: x.shape[0] }, (_, a) => [v[2 * a]!, v[2 * a + 1]!]);
};

export const runZdt3 = (options: Zdt3Options): E.Either<MtlError, Zdt3Result> => {
  const { method, steps = 10000, particles = 50, seed = 0, learningRate = 5e-4, gramian = 'rkhs', normalizeScores = method === 'moo-svgd', repulsion = 1, bandwidth = 'median', kernelSpace = 'parameters', every = 1000 } = options;
  const p = problem();
  if (E.isLeft(p)) return p;
  const targets = objectiveTargets(p.right.objectivesTensor, 2);
  const kernel = kernelSpace === 'objectives' ? featureKernel(releasedObjectiveKernel, p.right.objectivesTensor, 'objectives') : rbfKernel({ bandwidth });
  const optimizer = options.optimizer === 'sgd' ? sgd({ learningRate }) : adam({ learningRate });
  const bounds = [1e-6, 1 - 1e-6] as const;
  const x0 = uniformParticles(Key.fromSeed(seed), particles, p.right.variables, bounds[0], bounds[1]);
  if (E.isLeft(x0)) return x0;
  const s0 = initSampler(x0.right, optimizer);
  x0.right.dispose();
  if (E.isLeft(s0)) return s0;
  const step =
    method === 'mt-sgd'
      ? mtSgdStep(targets, { optimizer, bounds, kernel, gramian, normalizeScores, repulsion })
      : mooSvgdStep(targets, { optimizer, bounds, kernel, normalizeScores, repulsion });
  let s: SamplerState = s0.right;
  for (let t = 0; t < steps; t++) {
    if (options.onProgress !== undefined && t % every === 0) options.onProgress(t, readObjectives(p.right, s.particles));
    const next = step(s);
    disposeSamplerState(s);
    if (E.isLeft(next)) return next;
    s = next.right.state;
  }
  const objectives = readObjectives(p.right, s.particles);
  const theta = s.particles.arraySync();
  disposeSamplerState(s);
  const front = (f1: number) => 1 - Math.sqrt(f1) - f1 * Math.sin(10 * Math.PI * f1);
  const segmentsCovered = p.right.segments.filter(([a, b]) => objectives.some(([f1, f2]) => f1 >= a && f1 <= b && f2 - front(f1) <= 0.05)).length;
  const meanGap = theta.reduce((acc, row) => acc + (9 / 29) * row.slice(1).reduce((u, v) => u + v, 0), 0) / theta.length;
  return E.right({ objectives, hypervolume: hypervolume2d(objectives, ZDT3_REFERENCE), segmentsCovered, meanGap });
};
