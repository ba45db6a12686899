import * as E from 'fp-ts/lib/Either.js';

/** Test helper (not exported from the package): the Right value, or a throw with the Left's message (a test failure). */
export const right = <A>(r: E.Either<{ message: string }, A>): A => {
  if (E.isLeft(r)) throw new Error(r.left.message);
  return r.right;
};
