import type { MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { Bound, ClassicBoundArgs } from './bound.js';
import { classicArgs, maurerTerm } from './classic-args.js';

/**
 * McAllester's bound (McAllester 1999, "PAC-Bayesian model averaging", in the form with Maurer's
 * 2004 constant): with probability ≥ 1 − δ, for all posteriors Q,
 *   R(Q) ≤ r̂(Q) + √( (KL(Q‖P) + ln(2√N/δ)) / (2N) ),
 * which follows from the kl bound by Pinsker's inequality kl(q‖p) ≥ 2(p − q)². Losses in [0, 1].
 * `complexity` is the square-root term (bound = empirical + complexity); not clipped at 1.
 * Same constant as StocMV's `mcallester_bound` (Zantedeschi et al. 2021).
 */
export const mcAllesterBound = (args: ClassicBoundArgs): E.Either<MtlError, Bound> =>
  pipe(
    classicArgs(args),
    E.map(({ empirical, kl, n, delta }) => {
      const complexity = Math.sqrt((kl + maurerTerm(n, delta)) / (2 * n));
      const bound = empirical + complexity;
      return { bound, empirical, complexity, vacuous: bound >= 1 };
    }),
  );
