import type { MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { Bound, ClassicBoundArgs } from './bound.js';
import { classicArgs } from './classic-args.js';
import { positive } from './validate.js';

export interface CatoniBoundArgs extends ClassicBoundArgs {
  /** Catoni's C > 0, fixed before seeing the sample (a grid of C needs a union bound: δ/|grid|). */
  readonly c: number;
}

export interface CatoniBound extends Bound {
  readonly c: number;
}

/**
 * Catoni's bound (Catoni 2007, "PAC-Bayesian supervised classification", Theorem 1.2.6, in the
 * form stated by Germain et al. 2009):
 * for a fixed C > 0, with probability ≥ 1 − δ, for all Q,
 *   R(Q) ≤ (1 − exp(−C·r̂(Q) − (KL(Q‖P) + ln(1/δ))/N)) / (1 − e^{−C}).
 * Losses in [0, 1]. `complexity` is (KL + ln(1/δ))/N. Computed with expm1 so small C and small
 * complexities keep their digits. It is never below kl⁻¹₊(r̂, complexity) (−ln(1 − p(1 − e^{−C})) − C q
 * ≤ kl(q‖p), with equality at the best C), which the tests check.
 */
export const catoniBound = (args: CatoniBoundArgs): E.Either<MtlError, CatoniBound> =>
  pipe(
    classicArgs(args),
    E.flatMap((a) => pipe(positive("Catoni's C", args.c), E.map((c) => ({ ...a, c })))),
    E.map(({ empirical, kl, n, delta, c }) => {
      const complexity = (kl - Math.log(delta)) / n;
      const bound = Math.expm1(-c * empirical - complexity) / Math.expm1(-c);
      return { bound, empirical, complexity, vacuous: bound >= 1, c };
    }),
  );
