import { invalidArgument, tf, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import type { Particles } from './particles.js';

/**
 * A particle's coordinate counts as sitting on a bound when it is within (high − low)·2⁻²⁰ of it
 * (the clip after every update writes the float32 bound; 2⁻²⁰ of the box is well above the float32
 * spacing of coordinates in [−2, 2] times the width and far below any step the samplers take).
 */
export const BOUND_TOLERANCE = 2 ** -20;

/** Checks a box [low, high]: both finite, low < high. */
export const checkBounds = (bounds: readonly [number, number]): E.Either<MtlError, readonly [number, number]> =>
  Number.isFinite(bounds[0]) && Number.isFinite(bounds[1]) && bounds[0] < bounds[1]
    ? E.right(bounds)
    : E.left(invalidArgument(`bounds must be finite with low < high, got [${bounds[0]}, ${bounds[1]}].`));

/**
 * Zeroes, in every target's scores, the coordinates that are blocked by the box [low, high]: a
 * coordinate of particle a is blocked when θ_a sits on a bound and every target's score there
 * points out of the box (all s_i ≤ 0 on the lower bound, all s_i ≥ 0 on the upper one). No target
 * can then move that coordinate inward, and any move outward is undone by the clip, so the
 * coordinate takes no part in the step: the min-norm weights are computed from the coordinates
 * that can move. This is exact for the box-constrained min-norm direction (Fliege & Svaiter 2000,
 * "Steepest descent methods for multicriteria optimization", the subproblem with d ∈ T(θ)): when
 * every gradient component of a blocked coordinate has the same sign, its optimal component is 0.
 * Coordinates where the targets disagree are left as they are (the clip handles them), so a
 * weakly Pareto-optimal point of the box (e.g. θ₁ = 0 on ZDT, where f₁ = θ₁ is minimal whatever
 * the other coordinates) is not made a fixed point.
 *
 * Why it matters: on ZDT problems the Pareto set lies on the boundary (θ₂..ₙ = 0). Without the
 * mask, ∇f₂ keeps its components along θ₂..ₙ there, the per-particle min-norm direction is never 0
 * on the front and always lowers f₁ = θ₁, and the particles slide along the front to f₁ = 0.
 * With one target this is the projection of the score on the tangent cone of the box.
 * The scores are M x d each (one row per particle); the result is owned by the caller.
 */
export const maskBlockedScores = (particles: Particles, scores: readonly tf.Tensor2D[], bounds: readonly [number, number]): E.Either<MtlError, tf.Tensor2D[]> => {
  const b = checkBounds(bounds);
  if (E.isLeft(b)) return b;
  const [low, high] = b.right;
  const tol = (high - low) * BOUND_TOLERANCE;
  return E.right(
    tf.tidy(() => {
      const atLow = tf.lessEqual(particles, low + tol);
      const atHigh = tf.greaterEqual(particles, high - tol);
      const allOut = (cmp: (s: tf.Tensor2D) => tf.Tensor) => scores.map(cmp).reduce((acc, c) => tf.logicalAnd(acc, c));
      const blocked = tf.logicalOr(tf.logicalAnd(atLow, allOut((s) => tf.lessEqual(s, 0))), tf.logicalAnd(atHigh, allOut((s) => tf.greaterEqual(s, 0))));
      const zero = tf.zerosLike(particles);
      return scores.map((s) => tf.where(blocked, zero, s) as tf.Tensor2D);
    }),
  );
};
