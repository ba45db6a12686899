import type { MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { ClassicBoundArgs } from './bound.js';
import { between, confidence, nonNegative, positiveInteger } from './validate.js';

/** Validates the arguments shared by the classic bounds (a loss in [0, 1]). */
export const classicArgs = (a: ClassicBoundArgs): E.Either<MtlError, ClassicBoundArgs> =>
  pipe(
    E.Do,
    E.apS('empirical', between(1, 'a risk of a loss in [0, 1]')('the empirical risk', a.empirical)),
    E.apS('kl', nonNegative('KL(Q‖P)', a.kl)),
    E.apS('n', positiveInteger('the sample size N', a.n)),
    E.apS('delta', confidence('δ', a.delta)),
  );

/** ln(2√N/δ): Maurer's (2004) confidence term of the kl and McAllester bounds. */
export const maurerTerm = (n: number, delta: number): number => Math.log(2) + 0.5 * Math.log(n) - Math.log(delta);
