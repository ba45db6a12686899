/**
 * Seed 002 (MT-SGD supplementary), §2.1.2, and the MOO-SVGD ZDT script (Liu, Tong & Liu 2021,
 * `zdt/run_zdt_moosvgd.py`): ZDT3 with 30 variables, 50 particles from U(0, 1), Adam lr 5e-4,
 * variables clamped to [1e-6, 1 − 1e-6] after every step; objective f_i becomes the target
 * p_i ∝ exp(−f_i/T) (score −∇f_i/T). Reports the hypervolume with the MOO-SVGD reference point
 * (0.99022638, 6.54635266), how many of ZDT3's five Pareto segments hold a particle near the front,
 * the particles per segment and the mean of g − 1 (0 on the Pareto set). The hypervolume is
 * computed here (a 2-D sweep) because @mtlkit/svgd sits below @mtlkit/metrics in the dependency
 * order. `zdt3Settings` (src/zdt3-settings.ts) is the configuration the README recommends.
 */
import { Key, tf, type MtlError } from '@mtlkit/core';
import { zdt, type BiObjectiveProblem } from '@mtlkit/datasets';
import {
  adam,
  disposeSamplerState,
  featureKernel,
  initSampler,
  median,
  mooSvgdStep,
  mtSgdStep,
  objectiveTargets,
  rbfKernel,
  sgd,
  uniformParticles,
  type Kernel,
  type MtSgdGramianForm,
  type ParticleKernel,
  type SamplerState,
} from '@mtlkit/svgd';
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
  /** α, the weight of the repulsive term (default 1). */
  readonly repulsion?: number;
  /** T in p_i ∝ exp(−f_i/T) (default 1, as both released codes). */
  readonly temperature?: number;
  /**
   * The kernel: 'median' (default: the RBF kernel on the 30 parameters with the median heuristic,
   * as the papers write it), a number (the RBF kernel on the parameters with that fixed bandwidth h)
   * 'objectives' (the kernel of MOO-SVGD's released ZDT code, on the objective vectors) or any kernel.
   */
  readonly kernel?: 'median' | number | 'objectives' | ParticleKernel;
  /** Zero the score coordinates blocked by the box (`maskBlocked` of the steps). Default false. */
  readonly maskBlocked?: boolean;
  /** Initial particles (M x 30) instead of U(0, 1) draws from the seed's key. */
  readonly initial?: readonly (readonly number[])[];
  /** Called every `every` steps (and at the end) with a summary of the particles. */
  readonly onProgress?: (step: number, snapshot: Zdt3Snapshot) => void;
  readonly every?: number;
}

/** What a run looks like at one step. */
export interface Zdt3Snapshot {
  readonly objectives: readonly (readonly [number, number])[];
  readonly meanF1: number;
  readonly meanF2: number;
  /** Mean over particles of g(θ) − 1 = (9/29) Σ_{i≥2} θ_i. */
  readonly meanGap: number;
  /** Mean distance between two particles (θ, all 30 coordinates). */
  readonly spread: number;
  /** Standard deviation of θ₁ over the particles. */
  readonly spreadF1: number;
  readonly hypervolume: number;
  readonly perSegment: readonly number[];
  /** MT-SGD's weights at the last step (null for MOO-SVGD or before the first step). */
  readonly weights: readonly number[] | null;
}

export interface Zdt3Result extends Zdt3Snapshot {
  /** Segments (of 5) with at least one particle (see `perSegment`). */
  readonly segmentsCovered: number;
  /** Particles within 0.05 of the front (f₂ − front(f₁) ≤ 0.05, f₁ in a segment). */
  readonly onFront: number;
  readonly particles: readonly (readonly number[])[];
}

/**
 * ZDT3's Pareto θ₁ intervals to 7 digits (recomputed in @mtlkit/datasets' tests; seed 002 prints 4).
 * The right end of each is a local minimum of the front, where min-norm samplers come to rest.
 */
export const ZDT3_SEGMENT_ENDS: readonly (readonly [number, number])[] = [
  [0, 0.0830015],
  [0.1822287, 0.2577623],
  [0.4093136, 0.4538821],
  [0.6183967, 0.6525117],
  [0.8233317, 0.8518328],
];

/** A particle is on segment i when θ₁ is within 1e-3 of it and f₂ is within 0.05 of the front. */
export const ON_FRONT_TOLERANCE = { f1: 1e-3, f2: 0.05 } as const;

export const zdt3Front = (f1: number): number => 1 - Math.sqrt(f1) - f1 * Math.sin(10 * Math.PI * f1);

/** Particles per segment (see `ON_FRONT_TOLERANCE`). */
export const particlesPerSegment = (objectives: readonly (readonly [number, number])[]): number[] =>
  ZDT3_SEGMENT_ENDS.map(([a, b]) => objectives.filter(([f1, f2]) => f1 >= a - ON_FRONT_TOLERANCE.f1 && f1 <= b + ON_FRONT_TOLERANCE.f1 && f2 - zdt3Front(f1) <= ON_FRONT_TOLERANCE.f2).length);

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

const snapshot = (p: BiObjectiveProblem, x: tf.Tensor2D, weights: readonly number[] | null): Zdt3Snapshot & { readonly theta: number[][] } => {
  const f = p.objectivesTensor(x);
  const v = f.dataSync();
  f.dispose();
  const theta = x.arraySync();
  const m = theta.length;
  const objectives = Array.from({ length: m }, (_, a) => [v[2 * a]!, v[2 * a + 1]!] as const);
  const mean = (g: (a: number) => number) => Array.from({ length: m }, (_, a) => g(a)).reduce((s, u) => s + u, 0) / m;
  const meanF1 = mean((a) => objectives[a]![0]);
  let dist = 0;
  for (let a = 0; a < m; a++) for (let b = a + 1; b < m; b++) dist += Math.sqrt(theta[a]!.reduce((s, u, l) => s + (u - theta[b]![l]!) ** 2, 0));
  return {
    theta,
    objectives,
    meanF1,
    meanF2: mean((a) => objectives[a]![1]),
    meanGap: mean((a) => (9 / 29) * theta[a]!.slice(1).reduce((s, u) => s + u, 0)),
    spread: m > 1 ? dist / ((m * (m - 1)) / 2) : 0,
    spreadF1: Math.sqrt(mean((a) => (theta[a]![0]! - meanF1) ** 2)),
    hypervolume: hypervolume2d(objectives, p.hypervolumeReference!), // ZDT3 has one: (0.99022638, 6.54635266)
    perSegment: particlesPerSegment(objectives),
    weights,
  };
};

/** The kernel of a run (see `Zdt3Options.kernel`). */
export const zdt3Kernel = (p: BiObjectiveProblem, kernel: 'median' | number | 'objectives' | ParticleKernel): ParticleKernel =>
  typeof kernel === 'object' ? kernel : kernel === 'objectives' ? featureKernel(releasedObjectiveKernel, p.objectivesTensor, 'objectives') : rbfKernel({ bandwidth: kernel });

export const runZdt3 = (options: Zdt3Options): E.Either<MtlError, Zdt3Result> => {
  const { method, steps = 10000, particles = 50, seed = 0, learningRate = 5e-4, gramian = 'rkhs', normalizeScores = false, repulsion = 1, temperature = 1, kernel = 'median', maskBlocked = false, every = 1000 } = options;
  const problem = zdt(3);
  if (E.isLeft(problem)) return problem;
  const p = problem.right;
  const targets = objectiveTargets(p.objectivesTensor, 2, temperature);
  const optimizer = options.optimizer === 'sgd' ? sgd({ learningRate }) : adam({ learningRate });
  const bounds = [1e-6, 1 - 1e-6] as const;
  const x0 = options.initial !== undefined ? E.right(tf.tensor2d(options.initial.map((r) => [...r]))) : uniformParticles(Key.fromSeed(seed), particles, p.variables, bounds[0], bounds[1]);
  if (E.isLeft(x0)) return x0;
  const s0 = initSampler(x0.right, optimizer);
  x0.right.dispose();
  if (E.isLeft(s0)) return s0;
  const common = { optimizer, bounds, kernel: zdt3Kernel(p, kernel), normalizeScores, repulsion, maskBlocked };
  const step = (s: SamplerState): E.Either<MtlError, { state: SamplerState; weights: readonly number[] | null }> =>
    method === 'mt-sgd'
      ? E.map((r: { state: SamplerState; weights: Float64Array }) => ({ state: r.state, weights: Array.from(r.weights) }))(mtSgdStep(targets, { ...common, gramian })(s))
      : E.map((r: { state: SamplerState }) => ({ state: r.state, weights: null }))(mooSvgdStep(targets, common)(s));
  let s: SamplerState = s0.right;
  let weights: readonly number[] | null = null;
  for (let t = 0; t < steps; t++) {
    if (options.onProgress !== undefined && t % every === 0) options.onProgress(t, snapshot(p, s.particles, weights));
    const next = step(s);
    disposeSamplerState(s);
    if (E.isLeft(next)) return next;
    s = next.right.state;
    weights = next.right.weights;
  }
  const last = snapshot(p, s.particles, weights);
  disposeSamplerState(s);
  if (options.onProgress !== undefined) options.onProgress(steps, last);
  const { theta, ...rest } = last;
  return E.right({
    ...rest,
    particles: theta,
    segmentsCovered: last.perSegment.filter((c) => c > 0).length,
    onFront: last.perSegment.reduce((a, c) => a + c, 0),
  });
};
