import { tf, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { disposeKernelMatrix, kernelTerms, smooth, type KernelMatrix, type ParticleKernel } from './kernel.js';
import { parseParticles, parseScores } from './particles.js';
import { rbfKernel } from './rbf.js';

/**
 * φ at every particle from a kernel matrix already computed:
 * φ(θ_b) = (1/M) Σ_a [k(θ_a, θ_b) s(θ_a) + α ∇_{θ_a} k(θ_a, θ_b)] = (K S + α·repulsion)/M.
 */
export const steinDirectionFrom = (km: KernelMatrix, scores: tf.Tensor2D, repulsion = 1): tf.Tensor2D =>
  tf.tidy(() => {
    const m = scores.shape[0];
    const driving = smooth(km.k, scores);
    return tf.div(repulsion === 1 ? tf.add(driving, km.repulsion) : tf.add(driving, tf.mul(km.repulsion, repulsion)), m) as tf.Tensor2D;
  });

/**
 * The SVGD direction (Liu & Wang 2016, "Stein variational gradient descent", eq. 8; the reference
 * `python/svgd.py`): the steepest direction in the kernel's RKHS (unit ball) for decreasing
 * KL(q ‖ p), estimated on the particles,
 *   φ*(θ) = (1/M) Σ_a [k(θ_a, θ) ∇ log p(θ_a) + ∇_{θ_a} k(θ_a, θ)],
 * evaluated at every particle (M x d). `scores` holds ∇ log p(θ_a) in row a. The first term drives
 * the particles to high density, the second repels them from each other. Default kernel:
 * `rbfKernel()` (median heuristic). The bandwidth is a constant of the step (not differentiated).
 * Left if the particles or scores are not finite M x d float32 matrices of the same shape. The
 * caller owns the returned tensor.
 */
export const steinDirection = (particles: tf.Tensor, scores: tf.Tensor, kernel: ParticleKernel = rbfKernel()): E.Either<MtlError, tf.Tensor2D> => {
  const p = parseParticles(particles);
  if (E.isLeft(p)) return p;
  const s = parseScores(p.right, scores);
  if (E.isLeft(s)) return s;
  const terms = kernelTerms(kernel, p.right);
  if (E.isLeft(terms)) return terms;
  const phi = steinDirectionFrom(terms.right, s.right);
  disposeKernelMatrix(terms.right);
  return E.right(phi);
};
