import { checkWeights, invalidArgument, solverFailed, tf, type MtlError, type Weighting } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { disposeKernelTerms, kernelTerms, type ParticleKernel } from './kernel.js';
import { normalizeScores } from './normalize-scores.js';
import { parseParticles, parseScoreList, type Particles } from './particles.js';
import { rbfKernel } from './rbf.js';
import { multiTargetStep, type MoveOptions, type SamplerState } from './sampler.js';
import { steinDirectionFrom } from './stein-direction.js';
import type { Target } from './target.js';
import { defaultWeighting } from './weighting.js';

export interface MooSvgdOptions {
  /** Default `rbfKernel()` (median heuristic) on the particles (parameter space, as in the paper). */
  readonly kernel?: ParticleKernel;
  /** α, the weight of the repulsive term (default 1). */
  readonly repulsion?: number;
  /** The per-particle simplex QP solver; default `mgdaWeighting()` of @mtlkit/aggregators (exact). */
  readonly weighting?: Weighting;
  /**
   * Replace every target's scores by their per-coordinate normalisation across particles first
   * (the "gradient normalization trick" of MOO-SVGD's `run_zdt_moosvgd.py`). Default false.
   */
  readonly normalizeScores?: boolean;
}

export interface MooSvgdDirection {
  /** φ at every particle (M x d), owned by the caller. */
  readonly direction: tf.Tensor2D;
  /** The simplex weights of each particle: weights[a] has length K. */
  readonly weights: readonly Float64Array[];
  readonly bandwidth: number;
}

/**
 * Per-particle Gramians G^a_ij = ⟨s_i(θ_a), s_j(θ_a)⟩ (M x K x K, row-major): one row-wise dot product
 * per pair i ≤ j, read in one transfer.
 */
const particleGramians = (S: readonly tf.Tensor2D[]): Float64Array => {
  const nt = S.length;
  const m = S[0]!.shape[0];
  const pairs: [number, number][] = [];
  for (let i = 0; i < nt; i++) for (let j = i; j < nt; j++) pairs.push([i, j]);
  const dots = tf.tidy(() => tf.stack(pairs.map(([i, j]) => tf.sum(tf.mul(S[i]!, S[j]!), 1))));
  const v = dots.dataSync();
  dots.dispose();
  const G = new Float64Array(m * nt * nt);
  pairs.forEach(([i, j], p) => {
    for (let a = 0; a < m; a++) G[a * nt * nt + i * nt + j] = G[a * nt * nt + j * nt + i] = v[p * m + a]!;
  });
  return G;
};

/** The MOO-SVGD direction from checked particles and scores (see `mooSvgdDirection`). */
export const mooSvgdDirectionOf = (particles: Particles, scores: readonly tf.Tensor2D[], options: MooSvgdOptions): E.Either<MtlError, MooSvgdDirection> => {
  const alpha = options.repulsion ?? 1;
  if (!Number.isFinite(alpha) || alpha < 0) return E.left(invalidArgument(`MOO-SVGD's repulsion weight must be finite and non-negative, got ${alpha}.`));
  const nt = scores.length;
  const m = particles.shape[0];
  const S = options.normalizeScores === true ? scores.map(normalizeScores) : scores;
  const done = (): void => {
    if (S !== scores) tf.dispose([...S]);
  };
  const G = particleGramians(S);
  const weighting = options.weighting ?? defaultWeighting();
  const weights: Float64Array[] = [];
  for (let a = 0; a < m; a++) {
    const w = E.chain((v: Float64Array) => checkWeights(nt, v))(weighting({ m: nt, values: G.subarray(a * nt * nt, (a + 1) * nt * nt) }));
    if (E.isLeft(w)) {
      done();
      return E.left(solverFailed(`MOO-SVGD's simplex QP at particle ${a} failed: ${w.left.message}`));
    }
    weights.push(w.right);
  }
  const terms = kernelTerms(options.kernel ?? rbfKernel(), particles);
  if (E.isLeft(terms)) {
    done();
    return terms;
  }
  // g(θ_a) = Σ_i w^a_i s_i(θ_a), target i's weights as an M x 1 column.
  const g = tf.tidy(() => S.map((s, i) => tf.mul(s, tf.tensor2d(Float32Array.from(weights, (w) => w[i]!), [m, 1]))).reduce((acc, t) => tf.add(acc, t)) as tf.Tensor2D);
  const direction = steinDirectionFrom(terms.right, g, alpha);
  const bandwidth = terms.right.bandwidth;
  tf.dispose(g);
  disposeKernelTerms(terms.right);
  done();
  return E.right({ direction, weights, bandwidth });
};

/**
 * The MOO-SVGD direction (Liu, Tong & Liu 2021, "Profiling Pareto front with multi-objective Stein
 * variational gradient descent", Algorithm 1), in sampling form (objective f_i = −log p_i): at every
 * particle θ_a its own min-norm (MGDA) combination of the targets' scores,
 * g(θ_a) = Σ_i w^a_i s_i(θ_a) with w^a = argmin_{w ∈ Δ_K} ‖Σ_i w_i s_i(θ_a)‖² (one small QP per
 * particle), then the SVGD transport with repulsion α:
 *   φ(θ_b) = (1/M) Σ_a [k(θ_a, θ_b) g(θ_a) + α ∇_{θ_a} k(θ_a, θ_b)].
 * The kernel is on the parameters, as in the paper; the released ZDT code builds it on the
 * objective vectors instead (`kernel_functional_rbf(losses)`, h = median/ln M, scaled by 5e-6) —
 * not reproduced here (see the README). MT-SGD's released `toy/stein.py` implements MOO-SVGD as
 * here. Defaults: `rbfKernel()`, α = 1, the exact QP `mgdaWeighting()`.
 */
export const mooSvgdDirection = (particles: tf.Tensor, scores: readonly tf.Tensor[], options: MooSvgdOptions = {}): E.Either<MtlError, MooSvgdDirection> => {
  const p = parseParticles(particles);
  if (E.isLeft(p)) return p;
  const s = parseScoreList(p.right, scores);
  if (E.isLeft(s)) return s;
  return mooSvgdDirectionOf(p.right, s.right, options);
};

export interface MooSvgdStepResult {
  readonly state: SamplerState;
  readonly weights: readonly Float64Array[];
  readonly bandwidth: number;
}

/** One MOO-SVGD step: scores of the K targets, `mooSvgdDirection`, one optimiser update. */
export const mooSvgdStep = (targets: readonly Target[], options: MooSvgdOptions & MoveOptions): ((state: SamplerState) => E.Either<MtlError, MooSvgdStepResult>) =>
  multiTargetStep(targets, options, (particles, scores) => mooSvgdDirectionOf(particles, scores, options));
