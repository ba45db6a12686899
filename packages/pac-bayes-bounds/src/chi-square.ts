import { solverFailed, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { gammaQuantile, gammaTails } from './gamma.js';
import { nonNegative, positive, probability } from './validate.js';

/*
 * The chi-square distribution with k degrees of freedom, χ²ₖ = Gamma(k/2, scale 2), through the
 * regularised incomplete gamma functions: F(x) = P(k/2, x/2), 1 − F(x) = Q(k/2, x/2) (Abramowitz &
 * Stegun 26.4.19). k may be any positive real (integers in the seed's use: parameter counts).
 * Accuracy: ~1e-14 relative on each tail and on the quantiles for k up to 1e7 (tests against
 * scipy 1.17 and NIST tables; see src/fixtures/README.md).
 */

const args = (x: number, k: number, xName: string, check = nonNegative) =>
  pipe(
    E.Do,
    E.apS('x', check(xName, x)),
    E.apS('k', positive('the degrees of freedom k', k)),
  );

const converged =
  (what: string) =>
  (v: number): E.Either<MtlError, number> =>
    Number.isNaN(v) ? E.left(solverFailed(`${what} did not converge.`)) : E.right(v);

/** The chi-square CDF P(χ²ₖ ≤ x) = P(k/2, x/2), x ≥ 0 (+∞ allowed), k > 0. */
export const chiSquareCdf = (x: number, k: number): E.Either<MtlError, number> =>
  x === Infinity
    ? pipe(positive('the degrees of freedom k', k), E.map(() => 1))
    : pipe(
        args(x, k, 'x'),
        E.map(({ x, k }) => gammaTails(k / 2, x / 2).lower),
        E.flatMap(converged(`the chi-square CDF at x = ${x}, k = ${k}`)),
      );

/** The chi-square tail P(χ²ₖ > x) = Q(k/2, x/2), x ≥ 0 (+∞ allowed), k > 0; accurate in the far tail. */
export const chiSquareSurvival = (x: number, k: number): E.Either<MtlError, number> =>
  x === Infinity
    ? pipe(positive('the degrees of freedom k', k), E.map(() => 0))
    : pipe(
        args(x, k, 'x'),
        E.map(({ x, k }) => gammaTails(k / 2, x / 2).upper),
        E.flatMap(converged(`the chi-square tail at x = ${x}, k = ${k}`)),
      );

const quantile = (k: number, lowerTail: number, upperTail: number): number =>
  lowerTail === 0 ? 0 : upperTail === 0 ? Infinity : 2 * (lowerTail <= 0.5 ? gammaQuantile(k / 2, lowerTail, 'lower') : gammaQuantile(k / 2, upperTail, 'upper'));

/** The x with P(χ²ₖ ≤ x) = p, p ∈ [0, 1] (0 → 0, 1 → +∞), k > 0. */
export const chiSquareQuantile = (p: number, k: number): E.Either<MtlError, number> =>
  pipe(
    args(p, k, 'the probability p', probability),
    E.map(({ x, k }) => quantile(k, x, 1 - x)),
    E.flatMap(converged(`the chi-square quantile at p = ${p}, k = ${k}`)),
  );

/**
 * The x with P(χ²ₖ > x) = q (scipy's `isf`), q ∈ [0, 1] (1 → 0, 0 → +∞), k > 0. Takes the tail
 * probability itself, so small q (e.g. 1/√N in the seed's Theorem 4) keep all their digits.
 */
export const chiSquareSurvivalQuantile = (q: number, k: number): E.Either<MtlError, number> =>
  pipe(
    args(q, k, 'the tail probability q', probability),
    E.map(({ x, k }) => quantile(k, 1 - x, x)),
    E.flatMap(converged(`the chi-square tail quantile at q = ${q}, k = ${k}`)),
  );
