import { invalidArgument, Key, shapeMismatch, tf, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';

/** An isotropic Gaussian mixture in d dimensions: weights πₖ, means μₖ, one shared variance σ² (covariance σ²·I). */
export interface GaussianMixture {
  readonly name: string;
  readonly weights: readonly number[];
  readonly means: readonly (readonly number[])[];
  readonly variance: number;
}

/**
 * The three 2-D targets of seed 002's "sampling from multiple distributions" (MT-SGD, Phan et al.
 * 2022, §2.1.1; values from the authors' `toy/stein.py`): each a two-component mixture with weights
 * 0.7 / 0.3 and covariance 0.5·I, with means (4, −4) & (0, 0.5); (−4, 4) & (0.5, 0);
 * (−3, −3) & (0, 0). Their 0.3-weight components overlap near the origin: the region where all three
 * targets have mass. Particles start from 5·N(0, I) clipped to ±10 there.
 */
export const GAUSSIAN_TOY: readonly GaussianMixture[] = [
  { name: 'target 1', weights: [0.7, 0.3], means: [[4, -4], [0, 0.5]], variance: 0.5 },
  { name: 'target 2', weights: [0.7, 0.3], means: [[-4, 4], [0.5, 0]], variance: 0.5 },
  { name: 'target 3', weights: [0.7, 0.3], means: [[-3, -3], [0, 0]], variance: 0.5 },
];

/** Checks a mixture: positive weights summing to 1, means of one dimension, a positive variance. */
export const checkMixture = (p: GaussianMixture): E.Either<MtlError, GaussianMixture> => {
  if (p.weights.length === 0 || p.weights.length !== p.means.length) return E.left(shapeMismatch(`${p.name}: ${p.weights.length} weights for ${p.means.length} means.`));
  if (p.weights.some((w) => !(w > 0)) || Math.abs(p.weights.reduce((a, b) => a + b, 0) - 1) > 1e-9) return E.left(invalidArgument(`${p.name}: weights must be positive and sum to 1, got [${p.weights.join(', ')}].`));
  const d = p.means[0]!.length;
  if (d === 0 || p.means.some((m) => m.length !== d || m.some((v) => !Number.isFinite(v)))) return E.left(shapeMismatch(`${p.name}: every mean must hold ${d || 'one or more'} finite numbers.`));
  if (!(p.variance > 0) || !Number.isFinite(p.variance)) return E.left(invalidArgument(`${p.name}: the variance must be positive, got ${p.variance}.`));
  return E.right(p);
};

/**
 * log p(x) = log Σₖ πₖ N(x; μₖ, σ²I) of P points [P, d] → [P], with a stable log-sum-exp; tf ops
 * only, so `tf.grad` gives the score. The caller disposes the result.
 */
export const mixtureLogDensity =
  (p: GaussianMixture) =>
  (x: tf.Tensor2D): tf.Tensor1D =>
    tf.tidy(() => {
      const d = p.means[0]!.length;
      const mu = tf.tensor2d(p.means.flat(), [p.means.length, d]);
      const sq = tf.sum(tf.square(tf.sub(tf.expandDims(x, 1), tf.expandDims(mu, 0))), 2); // [P, K]
      const logNorm = -0.5 * d * Math.log(2 * Math.PI * p.variance);
      const logw = tf.tensor1d(p.weights.map((w) => Math.log(w) + logNorm));
      return tf.logSumExp(tf.add(logw, tf.mul(-0.5 / p.variance, sq)), 1) as tf.Tensor1D;
    });

/**
 * The score ∇ₓ log p(x) = Σₖ rₖ(x)(μₖ − x)/σ² in closed form (rₖ the responsibilities, a softmax
 * over components), [P, d] → [P, d]. The caller disposes the result.
 */
export const mixtureScore =
  (p: GaussianMixture) =>
  (x: tf.Tensor2D): tf.Tensor2D =>
    tf.tidy(() => {
      const d = p.means[0]!.length;
      const mu = tf.tensor2d(p.means.flat(), [p.means.length, d]);
      const diff = tf.sub(tf.expandDims(mu, 0), tf.expandDims(x, 1)); // [P, K, d]
      const logits = tf.add(tf.tensor1d(p.weights.map(Math.log)), tf.mul(-0.5 / p.variance, tf.sum(tf.square(diff), 2)));
      const r = tf.softmax(logits, 1); // [P, K]
      return tf.div(tf.sum(tf.mul(tf.expandDims(r, 2), diff), 1), p.variance) as tf.Tensor2D;
    });

const logTerms = (p: GaussianMixture, x: readonly number[]): number[] => {
  const d = x.length;
  const logNorm = -0.5 * d * Math.log(2 * Math.PI * p.variance);
  return p.means.map((mu, k) => Math.log(p.weights[k]!) + logNorm - (0.5 / p.variance) * mu.reduce((s, m, i) => s + (x[i]! - m) ** 2, 0));
};

/** log p(x) of one point in float64 (a reference for tests). */
export const mixtureLogDensity64 = (p: GaussianMixture, x: readonly number[]): number => {
  const t = logTerms(p, x);
  const top = Math.max(...t);
  return top + Math.log(t.reduce((s, v) => s + Math.exp(v - top), 0));
};

/** ∇ log p(x) of one point in float64, closed form. */
export const mixtureScore64 = (p: GaussianMixture, x: readonly number[]): number[] => {
  const t = logTerms(p, x);
  const top = Math.max(...t);
  const w = t.map((v) => Math.exp(v - top));
  const z = w.reduce((a, b) => a + b, 0);
  return x.map((xi, i) => p.means.reduce((s, mu, k) => s + (w[k]! / z) * (mu[i]! - xi), 0) / p.variance);
};

/**
 * Starting particles of the seed-002 toy: `count` points of 5·N(0, I₂) clipped to ±(10 − 10⁻³),
 * as the authors' code draws them; row-major [count, 2].
 */
export const toyInitialParticles = (key: Key, count: number): E.Either<MtlError, Float64Array> => {
  if (!Number.isInteger(count) || count < 1) return E.left(invalidArgument(`count must be a positive integer, got ${count}.`));
  const bound = 10 - 1e-3;
  return E.right(Key.normal(key, 2 * count, 0, 5).map((v) => Math.min(bound, Math.max(-bound, v))));
};
