// Test-only (excluded from the build).
import * as E from 'fp-ts/lib/Either.js';

/** The value of a Right; a Left fails the test with its message. */
export const right = <A>(e: E.Either<{ message: string }, A>): A => {
  if (E.isLeft(e)) throw new Error(e.left.message);
  return e.right;
};
