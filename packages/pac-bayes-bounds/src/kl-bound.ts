import type { MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { Bound, ClassicBoundArgs } from './bound.js';
import { classicArgs, maurerTerm } from './classic-args.js';
import { klInverseUpper } from './binary-kl.js';

/**
 * The PAC-Bayes-kl bound of Seeger (2002) and Langford (2005), with Maurer's (2004) constant:
 * with probability ≥ 1 − δ, for all Q,
 *   kl( r̂(Q) ‖ R(Q) ) ≤ (KL(Q‖P) + ln(2√N/δ)) / N,   so   R(Q) ≤ kl⁻¹₊( r̂(Q), (KL + ln(2√N/δ))/N ).
 * Losses in [0, 1]. `complexity` is the kl budget c = (KL + ln(2√N/δ))/N (not an additive gap);
 * `bound` is `klInverseUpper(empirical, complexity)`, so it is never above 1.
 * Maurer proves E[e^{N kl}] ≤ 2√N for N ≥ 8; the tests check ξ(N) ≤ 2√N numerically for
 * 1 ≤ N ≤ 1000, so the bound is used for every N ≥ 1. The tightest of the four classic bounds.
 */
export const klBound = (args: ClassicBoundArgs): E.Either<MtlError, Bound> =>
  pipe(
    classicArgs(args),
    E.map(({ empirical, kl, n, delta }) => {
      const complexity = (kl + maurerTerm(n, delta)) / n;
      const bound = klInverseUpper(empirical, complexity);
      return { bound, empirical, complexity, vacuous: bound >= 1 };
    }),
  );
