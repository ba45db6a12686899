import { checkWeights, invalidArgument, solverFailed, tf, type Gramian, type MtlError, type Weighting } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { disposeKernelTerms, kernelTerms, smooth, type KernelTerms, type ParticleKernel } from './kernel.js';
import { normalizeScores } from './normalize-scores.js';
import { parseParticles, parseScoreList, type Particles } from './particles.js';
import { rbfKernel } from './rbf.js';
import { multiTargetStep, type MoveOptions, type SamplerState } from './sampler.js';
import type { Target } from './target.js';
import { defaultWeighting } from './weighting.js';

/**
 * Which K x K matrix MT-SGD weights the targets with.
 * - 'rkhs' (default): U_ij = ⟨φ*_i, φ*_j⟩ in the RKHS H_k^d, the paper's matrix (seed 002, appendix
 *   §1.3, eq. (3)); Lemma 1 and Theorem 2 (every KL(q ‖ p_i) decreases) hold for its weights.
 * - 'released': the authors' code (`toy/stein.py`, `MTS_SVGD.step`): only the score–score term,
 *   Q_ij = Σ_ab k(θ_a, θ_b)⟨ŝ_i(θ_a), ŝ_j(θ_b)⟩ with every score coordinate normalised across the
 *   particles (`normalizeScores`), no 1/M², no kernel-gradient terms.
 */
export type MtSgdGramianForm = 'rkhs' | 'released';

export interface MtSgdOptions {
  /**
   * Default `rbfKernel()` (median heuristic). A `featureKernel` works with the 'released' matrix
   * only: eq. (3) needs the kernel's derivatives in the particles themselves.
   */
  readonly kernel?: ParticleKernel;
  /** Default 'rkhs' (the paper's eq. (3)). */
  readonly gramian?: MtSgdGramianForm;
  /**
   * α, the weight of the repulsive (kernel-gradient) term in every φ*_i (default 1, the Stein
   * direction; the released network code uses a "tradeoff" of 10). With 'rkhs', U is the Gram
   * matrix of the φ_i actually used: (A + α(b_i + b_j) + α²c)/M².
   */
  readonly repulsion?: number;
  /** The simplex QP solver; default `mgdaWeighting()` of @mtlkit/aggregators (exact). */
  readonly weighting?: Weighting;
  /**
   * Replace every target's scores by their per-coordinate normalisation across particles before
   * anything else (the "gradient normalization trick" of MOO-SVGD's ZDT script). Default false.
   */
  readonly normalizeScores?: boolean;
}

export interface MtSgdDirection {
  /** Σ_i w_i φ*_i at every particle (M x d), owned by the caller. */
  readonly direction: tf.Tensor2D;
  /** w on the simplex (length K). */
  readonly weights: Float64Array;
  /** The K x K matrix the weights minimise wᵀUw over (float64). */
  readonly gramian: Gramian;
  readonly bandwidth: number;
}

/**
 * ⟨a, b⟩_F as a 1-element tensor: one a·bᵀ matMul of the flattened matrices (@mtlkit/core's WASM
 * kernel for a long inner dimension reads each operand once, accumulating in float64 chunks).
 */
const frobenius = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => tf.reshape(tf.matMul(tf.reshape(a, [1, -1]), tf.reshape(b, [1, -1]), false, true), [1]);

/**
 * What one MT-SGD step needs, from one pass over the scores: K S_i for every target (one matMul
 * each, kept: the update is their combination) and the K x K matrix U in float64 (seed 002,
 * appendix eq. (3)). For a radial kernel k = κ(r) the four terms of eq. (3) reduce to
 *   U_ij = (A_ij + α(b_i + b_j) + α²c)/M²,  A_ij = Σ_ab k_ab ⟨s_i(θ_a), s_j(θ_b)⟩ = ⟨S_i, K S_j⟩_F,
 *   b_i = Σ_a ⟨s_i(θ_a), Σ_b ∇_{θ_b} k(θ_b, θ_a)⟩ = ⟨S_i, repulsion⟩_F,
 *   c = Σ_ab tr ∂²k/∂θ_a∂θ_b = Σ_ab (−4κ″_ab r_ab − 2dκ′_ab);
 * A (i ≤ j; K symmetric makes it symmetric), b and c are read in one transfer and assembled in
 * float64 (c is common to all entries and would swamp the differences in float32). 'released':
 * Q_ij = Σ_ab k_ab ⟨ŝ_i(θ_a), ŝ_j(θ_b)⟩ = ⟨Ŝ_i, K Ŝ_j⟩_F with the per-coordinate normalised scores
 * (see `MtSgdGramianForm`).
 */
const mtSgdPieces = (terms: KernelTerms, scores: readonly tf.Tensor2D[], form: MtSgdGramianForm, alpha: number): { readonly smoothed: tf.Tensor2D[]; readonly gramian: Gramian } => {
  const nt = scores.length;
  const m = scores[0]!.shape[0];
  const pairs: [number, number][] = [];
  for (let i = 0; i < nt; i++) for (let j = i; j < nt; j++) pairs.push([i, j]);
  const smoothed = scores.map((s) => smooth(terms.k, s));
  const numbers = tf.tidy(() => {
    if (form === 'rkhs') {
      const A = pairs.map(([i, j]) => frobenius(scores[i]!, smoothed[j]!));
      const b = scores.map((s) => frobenius(s, terms.repulsion));
      return tf.concat([...A, ...b, tf.reshape(terms.trace ?? tf.scalar(0), [1])]);
    }
    const normalized = scores.map(normalizeScores);
    const kNormalized = normalized.map((s) => smooth(terms.k, s));
    return tf.concat(pairs.map(([i, j]) => frobenius(normalized[i]!, kNormalized[j]!)));
  });
  const v = numbers.dataSync();
  numbers.dispose();
  const values = new Float64Array(nt * nt);
  const b = (i: number) => v[pairs.length + i]!;
  const c = form === 'rkhs' ? v[pairs.length + nt]! : 0;
  pairs.forEach(([i, j], p) => {
    const u = form === 'rkhs' ? (v[p]! + alpha * (b(i) + b(j)) + alpha * alpha * c) / (m * m) : v[p]!;
    values[i * nt + j] = values[j * nt + i] = u;
  });
  return { smoothed, gramian: { m: nt, values } };
};

/**
 * Σ_i w_i S_i: the weighted scores; with Σ w_i = 1, Σ_i w_i φ*_i = steinDirection(Σ_i w_i S_i), the
 * repulsive term counted once.
 */
export const combineScores = (scores: readonly tf.Tensor2D[], weights: ArrayLike<number>): tf.Tensor2D =>
  tf.tidy(() => scores.reduce<tf.Tensor2D>((acc, s, i) => tf.add(acc, tf.mul(s, weights[i]!)), tf.zerosLike(scores[0]!)));

/** The MT-SGD direction from checked particles and scores (see `mtSgdDirection`). */
export const mtSgdDirectionOf = (particles: Particles, scores: readonly tf.Tensor2D[], options: MtSgdOptions): E.Either<MtlError, MtSgdDirection> => {
  const alpha = options.repulsion ?? 1;
  if (!Number.isFinite(alpha) || alpha < 0) return E.left(invalidArgument(`MT-SGD's repulsion weight must be finite and non-negative, got ${alpha}.`));
  const normalized = options.normalizeScores === true ? scores.map(normalizeScores) : null;
  const S = normalized ?? scores;
  const done = (): void => {
    if (normalized !== null) tf.dispose(normalized);
  };
  const form = options.gramian ?? 'rkhs';
  const kernel = options.kernel ?? rbfKernel();
  if (form === 'rkhs' && kernel.kind === 'feature') {
    done();
    return E.left(invalidArgument(`MT-SGD's 'rkhs' matrix (seed 002, eq. (3)) needs a kernel radial in the particles, got the feature kernel ${kernel.name}; use gramian: 'released'.`));
  }
  const terms = kernelTerms(kernel, particles, form === 'rkhs');
  if (E.isLeft(terms)) {
    done();
    return terms;
  }
  const { smoothed, gramian: U } = mtSgdPieces(terms.right, S, form, alpha);
  const bandwidth = terms.right.bandwidth;
  const done2 = (): void => {
    disposeKernelTerms(terms.right);
    tf.dispose(smoothed);
    done();
  };
  const w = E.chain((v: Float64Array) => checkWeights(S.length, v))((options.weighting ?? defaultWeighting())(U));
  if (E.isLeft(w)) {
    done2();
    return E.left(solverFailed(`MT-SGD's simplex QP over the ${S.length} targets failed: ${w.left.message}`));
  }
  // φ = (K Σ_i w_i S_i + α·repulsion)/M = (Σ_i w_i (K S_i) + α·repulsion)/M, from the K S_i U was built with.
  const m = particles.shape[0];
  const rep = terms.right.repulsion;
  const direction = tf.tidy(() => tf.div(tf.add(tf.addN(smoothed.map((ks, i) => tf.mul(ks, w.right[i]!))), alpha === 1 ? rep : tf.mul(rep, alpha)), m) as tf.Tensor2D);
  done2();
  return E.right({ direction, weights: w.right, gramian: U, bandwidth });
};

/**
 * The MT-SGD direction (Phan et al. 2022, "Stochastic Multiple Target Sampling Gradient Descent",
 * Algorithm 1; seed 002, appendix §1.2–1.3): the Stein directions φ*_i of the K targets
 * (`steinDirection` with scores S_i), the K x K matrix U_ij = ⟨φ*_i, φ*_j⟩ (eq. (3), over all
 * particles), ONE simplex QP w* = argmin_{w ∈ Δ_K} wᵀUw, and the common direction
 * φ* = Σ_i w*_i φ*_i, which decreases every KL(q ‖ p_i) (Lemma 1: ⟨φ*, φ*_i⟩ ≥ ‖φ*‖²). With one
 * target w = (1) and φ* is the SVGD direction. `scores[i]` (M x d) holds ∇ log p_i at the
 * particles — for a network ensemble, minus the task-i loss gradients of each network's flat
 * parameters (stochastic: minibatch estimates, as in the paper). Defaults: `rbfKernel()`, the
 * 'rkhs' matrix, the exact QP `mgdaWeighting()`.
 */
export const mtSgdDirection = (particles: tf.Tensor, scores: readonly tf.Tensor[], options: MtSgdOptions = {}): E.Either<MtlError, MtSgdDirection> => {
  const p = parseParticles(particles);
  if (E.isLeft(p)) return p;
  const s = parseScoreList(p.right, scores);
  if (E.isLeft(s)) return s;
  return mtSgdDirectionOf(p.right, s.right, options);
};

export interface MtSgdStepResult {
  readonly state: SamplerState;
  readonly weights: Float64Array;
  readonly gramian: Gramian;
  readonly bandwidth: number;
}

/**
 * One MT-SGD step: scores of the K targets, `mtSgdDirection`, one optimiser update (the seed uses
 * Adam: lr 3e-2 on the three-target toy, 5e-4 on ZDT3). Data-last: `mtSgdStep(targets, options)(state)`.
 */
export const mtSgdStep = (targets: readonly Target[], options: MtSgdOptions & MoveOptions): ((state: SamplerState) => E.Either<MtlError, MtSgdStepResult>) =>
  multiTargetStep(targets, options, (particles, scores) => mtSgdDirectionOf(particles, scores, options));
