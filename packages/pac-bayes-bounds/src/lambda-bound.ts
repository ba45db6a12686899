import { invalidArgument, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { Bound, ClassicBoundArgs } from './bound.js';
import { classicArgs, maurerTerm } from './classic-args.js';

export interface LambdaBoundArgs extends ClassicBoundArgs {
  /** λ ∈ (0, 2); default the minimiser λ* (eq. 8). Any λ, even chosen after seeing the data, is valid. */
  readonly lambda?: number;
}

export interface LambdaBound extends Bound {
  readonly lambda: number;
}

/**
 * The PAC-Bayes-λ bound of Thiemann, Igel, Wintenberger & Seldin (ALT 2017, "A strongly
 * quasiconvex PAC-Bayesian bound", Theorem 3): with probability ≥ 1 − δ, for all Q and all
 * λ ∈ (0, 2) simultaneously,
 *   R(Q) ≤ r̂(Q)/(1 − λ/2) + (KL(Q‖P) + ln(2√N/δ)) / (λ(1 − λ/2) N),
 * a relaxation of the kl bound (through kl(q‖p) ≥ (p − q)²/(2p)), minimised by (eq. 8)
 *   λ* = 2 / ( √(2N r̂ / (KL + ln(2√N/δ)) + 1) + 1 ).
 * Losses in [0, 1]. `complexity` is (KL + ln(2√N/δ))/N; `lambda` the λ used (λ* by default).
 * Same formulas as public reference code (e.g. the `lamb` function of the mvpb majority-vote code).
 */
export const lambdaBound = (args: LambdaBoundArgs): E.Either<MtlError, LambdaBound> =>
  pipe(
    classicArgs(args),
    E.flatMap((a) =>
      args.lambda === undefined || (args.lambda > 0 && args.lambda < 2)
        ? E.right(a)
        : E.left(invalidArgument(`λ must lie in the open interval (0, 2), got ${args.lambda}.`)),
    ),
    E.map(({ empirical, kl, n, delta }) => {
      const complexity = (kl + maurerTerm(n, delta)) / n;
      const lambda = args.lambda ?? 2 / (Math.sqrt((2 * empirical) / complexity + 1) + 1);
      const bound = empirical / (1 - lambda / 2) + complexity / (lambda * (1 - lambda / 2));
      return { bound, empirical, complexity, vacuous: bound >= 1, lambda };
    }),
  );
