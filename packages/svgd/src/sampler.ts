import { invalidArgument, tf, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { disposeOptimizerState, type ParticleOptimizer, type ParticleOptimizerState } from './optimizer.js';
import { checkBounds, maskBlockedScores } from './blocked-scores.js';
import { parseParticles, type Particles } from './particles.js';
import { scoresOfTargets, type Target } from './target.js';

/**
 * The state of a particle sampler as plain data: the particles (M x d) and the optimiser's state.
 * Steps return a new state and leave the old one alive: whoever holds it disposes it
 * (`disposeSamplerState`), so a run can be replayed from any state.
 */
export interface SamplerState {
  readonly particles: Particles;
  readonly optimizer: ParticleOptimizerState;
}

/** How a step moves the particles along its direction. */
export interface MoveOptions {
  /** The optimiser (its state lives in `SamplerState`; use the one the state was made with). */
  readonly optimizer: ParticleOptimizer;
  /**
   * Optional box [low, high]: particles are clipped to it after every update (the ZDT scripts of
   * MOO-SVGD clamp to [1e-6, 1 − 1e-6]).
   */
  readonly bounds?: readonly [number, number];
  /**
   * With `bounds`: before the direction is computed, zero the scores' coordinates that are blocked
   * by the box (`maskBlockedScores`: the particle sits on a bound and every target's score points
   * out of it). Default false (the released codes clip only). Needed on problems whose Pareto set
   * lies on the boundary of the box, such as ZDT (README, ZDT3).
   */
  readonly maskBlocked?: boolean;
}

/** A sampler state from initial particles (copied: the state owns its tensors). */
export const initSampler = (particles: tf.Tensor, optimizer: ParticleOptimizer): E.Either<MtlError, SamplerState> => {
  const p = parseParticles(particles, 'initial particles');
  if (E.isLeft(p)) return p;
  return E.map((opt: ParticleOptimizerState) => ({ particles: tf.clone(p.right), optimizer: opt }))(optimizer.init(p.right));
};

/** Frees a sampler state's tensors. */
export const disposeSamplerState = (s: SamplerState): void => {
  s.particles.dispose();
  disposeOptimizerState(s.optimizer);
};

/** Checks the move options against a state before any tensor is made. */
export const checkMove = (state: SamplerState, options: MoveOptions): E.Either<MtlError, void> => {
  if (state.optimizer.name !== options.optimizer.name) {
    return E.left(invalidArgument(`the sampler state was made by the '${state.optimizer.name}' optimiser but the step uses '${options.optimizer.name}'.`));
  }
  if (options.bounds !== undefined) {
    const b = checkBounds(options.bounds);
    if (E.isLeft(b)) return b;
  } else if (options.maskBlocked === true) return E.left(invalidArgument('maskBlocked needs bounds: it masks the coordinates blocked by the box [low, high].'));
  return E.right(undefined);
};

/**
 * The scores a step uses: as given, or with the coordinates blocked by the box zeroed when
 * `options.maskBlocked` is set (`maskBlockedScores`). Takes ownership of `scores`: they are
 * returned, or disposed and replaced by new tensors.
 */
export const stepScores = (particles: Particles, scores: readonly tf.Tensor2D[], options: MoveOptions): E.Either<MtlError, readonly tf.Tensor2D[]> => {
  if (options.maskBlocked !== true || options.bounds === undefined) return E.right(scores);
  const masked = maskBlockedScores(particles, scores, options.bounds);
  tf.dispose([...scores]);
  return masked;
};

/**
 * One optimiser update of the particles along an ascent direction φ (M x d), then the optional
 * clip to the bounds. Pure: the old state and φ stay alive (the caller disposes them).
 */
export const moveParticles = (state: SamplerState, direction: tf.Tensor2D, options: MoveOptions): E.Either<MtlError, SamplerState> => {
  const ok = checkMove(state, options);
  if (E.isLeft(ok)) return ok;
  if (direction.shape[0] !== state.particles.shape[0] || direction.shape[1] !== state.particles.shape[1]) {
    return E.left(invalidArgument(`the direction has shape [${direction.shape.join(', ')}], the particles [${state.particles.shape.join(', ')}].`));
  }
  const [moved, optimizer] = options.optimizer.update(state.optimizer, state.particles, direction);
  const b = options.bounds;
  if (b === undefined) return E.right({ particles: moved, optimizer });
  const clipped = tf.clipByValue(moved, b[0], b[1]) as tf.Tensor2D;
  moved.dispose();
  return E.right({ particles: clipped, optimizer });
};

/**
 * One step of a K-target sampler (MT-SGD, MOO-SVGD): the move options checked, the targets' scores
 * at the particles (`stepScores`), a direction from them (`directionOf`, given the scores to read
 * only), one optimiser update along it (`moveParticles`). The result is what `directionOf` reported,
 * the new state in place of the direction; scores and direction are disposed.
 */
export const multiTargetStep =
  <D extends { readonly direction: tf.Tensor2D }>(
    targets: readonly Target[],
    options: MoveOptions,
    directionOf: (particles: Particles, scores: readonly tf.Tensor2D[]) => E.Either<MtlError, D>,
  ) =>
  (state: SamplerState): E.Either<MtlError, Omit<D, 'direction'> & { readonly state: SamplerState }> => {
    const ok = checkMove(state, options);
    if (E.isLeft(ok)) return ok;
    const raw = scoresOfTargets(targets, state.particles);
    if (E.isLeft(raw)) return raw;
    const scores = stepScores(state.particles, raw.right, options);
    if (E.isLeft(scores)) return scores;
    const dir = directionOf(state.particles, scores.right);
    tf.dispose([...scores.right]);
    if (E.isLeft(dir)) return dir;
    const { direction, ...report } = dir.right;
    const next = moveParticles(state, direction, options);
    direction.dispose();
    return E.map((s: SamplerState) => ({ ...report, state: s }))(next);
  };
