import { invalidArgument, shapeMismatch, tf, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { parseScores, type Particles } from './particles.js';

/**
 * A target density p known up to a constant, given either by its log density (log p(θ_a) for every
 * particle: M x d -> M; scores by tfjs autodiff) or by its score directly (∇ log p(θ_a) in row a:
 * M x d -> M x d). Functions must be pure tfjs computations over the batch of particles; a
 * minimisation objective f becomes the target p ∝ exp(−f).
 */
export type Target =
  | { readonly _tag: 'LogDensity'; readonly logDensity: (particles: tf.Tensor2D) => tf.Tensor1D }
  | { readonly _tag: 'Score'; readonly score: (particles: tf.Tensor2D) => tf.Tensor2D };

/** A target from its log density (up to a constant), evaluated per particle. */
export const logDensityTarget = (logDensity: (particles: tf.Tensor2D) => tf.Tensor1D): Target => ({ _tag: 'LogDensity', logDensity });

/** A target from its score function ∇ log p, evaluated per particle. */
export const scoreTarget = (score: (particles: tf.Tensor2D) => tf.Tensor2D): Target => ({ _tag: 'Score', score });

/**
 * The targets p_i ∝ exp(−f_i/T) of K objectives to minimise, given together as one function
 * f: particles (M x d) → objective values (M x K) built from tf ops (e.g. a ZDT problem's
 * `objectivesTensor`). The MOO-SVGD and MT-SGD ZDT experiments use T = 1 (default): score −∇f_i.
 */
export const objectiveTargets = (objectives: (particles: tf.Tensor2D) => tf.Tensor2D, k: number, temperature = 1): readonly Target[] =>
  Array.from({ length: k }, (_, i) =>
    logDensityTarget((x) =>
      tf.tidy(() => tf.div(tf.reshape(tf.slice(objectives(x), [0, i], [-1, 1]), [-1]), -temperature) as tf.Tensor1D),
    ),
  );

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * The scores ∇ log p(θ_a) of a target at every particle (M x d, owned by the caller). For a log
 * density, by reverse-mode autodiff of Σ_a log p(θ_a) (particles are independent, so row a of the
 * gradient is ∇ log p(θ_a)). Left if the function throws, returns the wrong shape, or a score is
 * not finite (naming the particle and coordinate).
 */
export const scoresAt = (target: Target, particles: Particles, name = 'the target'): E.Either<MtlError, tf.Tensor2D> => {
  const m = particles.shape[0];
  let outShape: readonly number[] = [m];
  let scores: tf.Tensor;
  try {
    scores =
      target._tag === 'Score'
        ? tf.tidy(() => target.score(particles))
        : tf.tidy(() =>
            tf.grad((x: tf.Tensor) => {
              const lp = target.logDensity(x as tf.Tensor2D);
              outShape = lp.shape;
              return tf.sum(lp);
            })(particles),
          );
  } catch (e) {
    return E.left(invalidArgument(`${name} could not be evaluated at the particles: ${message(e)}`));
  }
  if (outShape.length !== 1 || outShape[0] !== m) {
    scores.dispose();
    return E.left(shapeMismatch(`the log density of ${name} must return one value per particle (shape [${m}]), got shape [${outShape.join(', ')}].`));
  }
  const parsed = parseScores(particles, scores, `the score of ${name}`);
  if (E.isLeft(parsed)) scores.dispose();
  return parsed;
};

/** The scores of K targets at the particles; on a Left, nothing stays allocated. */
export const scoresOfTargets = (targets: readonly Target[], particles: Particles): E.Either<MtlError, readonly tf.Tensor2D[]> => {
  if (targets.length === 0) return E.left(invalidArgument('at least one target is required, got none.'));
  const out: tf.Tensor2D[] = [];
  for (let i = 0; i < targets.length; i++) {
    const s = scoresAt(targets[i]!, particles, `target ${i}`);
    if (E.isLeft(s)) {
      tf.dispose(out);
      return s;
    }
    out.push(s.right);
  }
  return E.right(out);
};
