import { invalidArgument, nonFinite, type Gramian, type MtlError, type Weighting } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { quadraticForm } from './solvers/dense.js';

/**
 * Factories check their options once; a bad option yields a weighting (and, through `fromWeighting`, an aggregator) that answers
 * every call with the same Left, since a factory itself cannot fail.
 */
export const failingWeighting =
  (error: MtlError): Weighting =>
  () =>
    E.left(error);

/** Right(value) when it is a finite number ≥ min (or > min when `strict`), else Left naming the option. */
export const checkNumber = (name: string, value: number, min: number, strict = false): E.Either<MtlError, number> =>
  Number.isFinite(value) && (strict ? value > min : value >= min)
    ? E.right(value)
    : E.left(invalidArgument(`option ${name} must be a finite number ${strict ? '>' : '≥'} ${min}, got ${value}.`));

/** The largest finite float32, 2¹²⁸ − 2¹⁰⁴. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Right(w) when the weights and ‖Jᵀw‖ = √(wᵀGw) fit in float32, the precision of the direction
 * tensor; Left `NonFinite` otherwise (the float32 direction would overflow to ±Infinity/NaN).
 */
export const checkFloat32Range = (G: Gramian, w: Float64Array): E.Either<MtlError, Float64Array> => {
  const norm = Math.sqrt(Math.max(0, quadraticForm(G.m, G.values, w)));
  const top = w.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
  return top < FLOAT32_MAX && norm < FLOAT32_MAX
    ? E.right(w)
    : E.left(nonFinite(`the weights (largest ${top.toExponential(2)}) or the direction norm (${norm.toExponential(2)}) exceed the float32 range; the rows' scales are too far apart for this method.`));
};
