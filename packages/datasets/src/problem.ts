import { invalidArgument, shapeMismatch, type Key, type MtlError, type tf } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';

/**
 * A multi-objective benchmark, minimised: box bounds, the objectives in float64 for one point, the
 * same objectives on a tensor of points (differentiable, for gradient-based samplers), and samplers
 * of the true Pareto set and front.
 */
export interface MultiObjectiveProblem {
  readonly name: string;
  readonly variables: number;
  readonly objectives: number;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  /** The objective vector of one point in float64; a Left for a wrong length or a coordinate outside the bounds. */
  readonly evaluate: (theta: ArrayLike<number>) => E.Either<MtlError, Float64Array>;
  /**
   * The objectives of P points, [P, variables] → [P, objectives], built from tf ops so `tf.grad`
   * differentiates them. Precondition (checked by `checkPoints`): the shape, and points inside the
   * bounds — clip first (e.g. to [1e-6, 1 − 1e-6] as the MOO-SVGD code does for ZDT, whose √f₁ has
   * an infinite derivative at 0). The caller disposes the result.
   */
  readonly objectivesTensor: (theta: tf.Tensor2D) => tf.Tensor2D;
  /** `count` points of the Pareto-optimal set, drawn from the key. */
  readonly sampleParetoSet: (key: Key, count: number) => E.Either<MtlError, Float64Array[]>;
  /** `count` points of the Pareto front (the objective vectors of `sampleParetoSet`). */
  readonly sampleParetoFront: (key: Key, count: number) => E.Either<MtlError, Float64Array[]>;
}

/** A two-objective problem whose front is drawn as polylines (ZDT). */
export interface BiObjectiveProblem extends MultiObjectiveProblem {
  /** θ₁ intervals of the Pareto-optimal set (θ₂.. fixed at their optimum). */
  readonly segments: readonly (readonly [number, number])[];
  /** The front as one polyline per connected piece, `pointsPerSegment` points each, evenly spaced in θ₁ (ZDT6: in f₁). */
  readonly front: (pointsPerSegment: number) => E.Either<MtlError, (readonly [number, number])[][]>;
  /** The hypervolume reference point used by the MOO-SVGD code (Liu et al. 2021), where it gives one. */
  readonly hypervolumeReference: readonly [number, number] | null;
}

/** A positive integer count, or an `InvalidArgument` naming it. */
export const positiveCount = (name: string, n: number): E.Either<MtlError, number> =>
  Number.isInteger(n) && n >= 1 ? E.right(n) : E.left(invalidArgument(`${name} must be a positive integer, got ${n}.`));

/** Checks one point against the bounds of a problem. */
export const checkPoint = (p: Pick<MultiObjectiveProblem, 'name' | 'variables' | 'lower' | 'upper'>, theta: ArrayLike<number>): E.Either<MtlError, ArrayLike<number>> => {
  if (theta.length !== p.variables) return E.left(shapeMismatch(`${p.name} takes ${p.variables} variables, got ${theta.length}.`));
  for (let i = 0; i < theta.length; i++) {
    const v = theta[i]!;
    if (!(v >= p.lower[i]! && v <= p.upper[i]!)) return E.left(invalidArgument(`${p.name}: variable ${i + 1} is ${v}; it must lie in [${p.lower[i]}, ${p.upper[i]}].`));
  }
  return E.right(theta);
};

/** Checks that a tensor of points has the shape [P, variables] a problem's `objectivesTensor` needs. */
export const checkPoints = (p: Pick<MultiObjectiveProblem, 'name' | 'variables'>, theta: tf.Tensor): E.Either<MtlError, tf.Tensor2D> =>
  theta.rank === 2 && theta.shape[1] === p.variables && theta.shape[0]! >= 1
    ? E.right(theta as tf.Tensor2D)
    : E.left(shapeMismatch(`${p.name} takes points of shape [P, ${p.variables}] (P ≥ 1), got [${theta.shape.join(', ')}].`));
