import * as E from 'fp-ts/lib/Either.js';

/** Test helper (not exported from the package): the Right value, or a throw with the Left's message (a test failure). */
export const right = <A>(r: E.Either<{ message: string }, A>): A => {
  if (E.isLeft(r)) throw new Error(r.left.message);
  return r.right;
};

/** Test helper: the Left's message, or 'Right' (which no asserted sentence matches). */
export const leftMessage = (r: E.Either<{ message: string }, unknown>): string => (E.isLeft(r) ? r.left.message : 'Right');

/** The Left's tag and message, `'ShapeMismatch: …'`, or 'Right'. */
export const taggedLeftMessage = (r: E.Either<{ _tag: string; message: string }, unknown>): string => (E.isLeft(r) ? `${r.left._tag}: ${r.left.message}` : 'Right');
