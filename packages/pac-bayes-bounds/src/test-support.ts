/**
 * Helpers for this package's own tests (not exported, not built): the committed reference values
 * and Either unwrapping.
 */
import { formatError, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { readFileSync } from 'node:fs';

/** src/fixtures/reference.json (see src/fixtures/README.md). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const reference: any = JSON.parse(readFileSync(new URL('./fixtures/reference.json', import.meta.url), 'utf8'));

/** The Right value, or a thrown Error with the MtlError's sentence (tests only). */
export const right = <A>(r: E.Either<MtlError, A>): A => {
  if (E.isLeft(r)) throw new Error(`expected Right, got ${formatError(r.left)}`);
  return r.right;
};

/** The Left error, or a thrown Error (tests only). */
export const left = <A>(r: E.Either<MtlError, A>): MtlError => {
  if (E.isRight(r)) throw new Error(`expected Left, got Right ${JSON.stringify(r.right)}`);
  return r.left;
};

/** |a − b| / max(1e-300, |b|): the error of a relative to b. */
export const relativeError = (a: number, b: number): number => Math.abs(a - b) / Math.max(1e-300, Math.abs(b));
