import { invalidArgument, Key, nonFinite, shapeMismatch, tf, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';

/**
 * M particles of dimension d as one float32 `Tensor2D` (M x d): row a is particle θ_a, a flat
 * parameter vector (a point in ℝ^d, or the flattened weights of one network of an ensemble).
 * Scores use the same layout: row a of a score tensor is ∇ log p(θ_a).
 */
export type Particles = tf.Tensor2D;

const describeValue = (v: number): string => (Number.isNaN(v) ? 'NaN' : v > 0 ? '+Infinity' : '-Infinity');

/**
 * Is every entry finite? ‖t‖² by one a·bᵀ product (@mtlkit/core's WASM kernel reads t once and
 * accumulates in float64) is NaN or +Infinity when an entry is; it can also overflow float32 for
 * finite entries above about 1e19, which the exact scan then clears.
 */
const allFinite = (t: tf.Tensor): boolean => {
  const probe = tf.tidy(() => tf.matMul(tf.reshape(t, [1, -1]), tf.reshape(t, [1, -1]), false, true));
  const ok = Number.isFinite(probe.dataSync()[0]!);
  probe.dispose();
  return ok || (t.dataSync() as Float32Array).every(Number.isFinite);
};

/** A sentence naming the first non-finite entry of `t` (M x d), read only when there is one. */
const firstNonFinite = (what: string, t: tf.Tensor2D): string => {
  const values = t.dataSync();
  const d = t.shape[1];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) return `${what} at particle ${Math.floor(i / d)}, coordinate ${i % d} is ${describeValue(v)}; every entry must be finite.`;
  }
  return `${what} has a non-finite entry.`;
};

/**
 * Checks that `t` is an M x d float32 matrix of particles, M ≥ 1, d ≥ 1, every entry finite.
 * The tensor is returned as is (the caller keeps ownership).
 */
export const parseParticles = (t: tf.Tensor, what = 'particles'): E.Either<MtlError, Particles> => {
  if (t.isDisposed) return E.left(invalidArgument(`${what}: the tensor has been disposed.`));
  if (t.rank !== 2) return E.left(shapeMismatch(`${what} must be an M x d matrix (one particle per row), got rank ${t.rank} with shape [${t.shape.join(', ')}].`));
  const [m, d] = t.shape as [number, number];
  if (m === 0 || d === 0) return E.left(shapeMismatch(`${what} need at least one particle of dimension at least 1, got shape [${m}, ${d}].`));
  if (t.dtype !== 'float32') return E.left(invalidArgument(`${what} must be float32, got ${t.dtype}.`));
  return allFinite(t) ? E.right(t as Particles) : E.left(nonFinite(firstNonFinite(what, t as tf.Tensor2D)));
};

/** Checks that `scores` has the particles' shape M x d, float32, every entry finite. */
export const parseScores = (particles: Particles, scores: tf.Tensor, what = 'scores'): E.Either<MtlError, tf.Tensor2D> => {
  if (scores.isDisposed) return E.left(invalidArgument(`${what}: the tensor has been disposed.`));
  if (scores.rank !== 2 || scores.shape[0] !== particles.shape[0] || scores.shape[1] !== particles.shape[1]) {
    return E.left(shapeMismatch(`${what} must have the particles' shape [${particles.shape.join(', ')}], got [${scores.shape.join(', ')}].`));
  }
  if (scores.dtype !== 'float32') return E.left(invalidArgument(`${what} must be float32, got ${scores.dtype}.`));
  return allFinite(scores) ? E.right(scores as tf.Tensor2D) : E.left(nonFinite(firstNonFinite(what, scores as tf.Tensor2D)));
};

/** Checks a list of K ≥ 1 score matrices, one per target, each of the particles' shape. */
export const parseScoreList = (particles: Particles, scores: readonly tf.Tensor[]): E.Either<MtlError, readonly tf.Tensor2D[]> => {
  if (scores.length === 0) return E.left(invalidArgument('at least one target (one score matrix) is required, got none.'));
  const out: tf.Tensor2D[] = [];
  for (let i = 0; i < scores.length; i++) {
    const s = parseScores(particles, scores[i]!, `scores of target ${i}`);
    if (E.isLeft(s)) return s;
    out.push(s.right);
  }
  return E.right(out);
};

const checkCount = (m: number, d: number): E.Either<MtlError, void> =>
  Number.isSafeInteger(m) && Number.isSafeInteger(d) && m >= 1 && d >= 1
    ? E.right(undefined)
    : E.left(invalidArgument(`the number of particles and their dimension must be positive integers, got ${m} and ${d}.`));

/**
 * M particles with i.i.d. N(mean, std²) coordinates drawn from `key`, optionally clipped to
 * [−clip, clip]. The three-target toy of MT-SGD (seed 002, §2.1.1; released `toy/stein.py`) uses
 * std = 5 and clips to ±(10 − 1e-3).
 */
export const normalParticles = (
  key: Key,
  m: number,
  d: number,
  options: { readonly mean?: number; readonly std?: number; readonly clip?: number } = {},
): E.Either<MtlError, Particles> => {
  const { mean = 0, std = 1, clip = Infinity } = options;
  if (!(std > 0) || !Number.isFinite(std) || !Number.isFinite(mean) || !(clip > 0)) {
    return E.left(invalidArgument(`normalParticles needs a finite mean, a positive finite std and a positive clip, got mean ${mean}, std ${std}, clip ${clip}.`));
  }
  return E.map(() => {
    const z = Key.normal(key, m * d, mean, std);
    const values = Float32Array.from(z, (v) => Math.min(clip, Math.max(-clip, v)));
    return tf.tensor2d(values, [m, d]);
  })(checkCount(m, d));
};

/**
 * M particles with i.i.d. U(low, high) coordinates drawn from `key` (the ZDT experiments of
 * MOO-SVGD and MT-SGD start from U(0, 1)).
 */
export const uniformParticles = (key: Key, m: number, d: number, low = 0, high = 1): E.Either<MtlError, Particles> => {
  if (!Number.isFinite(low) || !Number.isFinite(high) || !(high > low)) {
    return E.left(invalidArgument(`uniformParticles needs finite bounds with low < high, got [${low}, ${high}].`));
  }
  return E.map(() => tf.tensor2d(Float32Array.from(Key.uniform(key, m * d, low, high)), [m, d]))(checkCount(m, d));
};
