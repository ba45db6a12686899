import { nonFinite, shapeMismatch, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';

/**
 * A preference vector over the m tasks: 'mean' (1/m each, torchjd's default), 'ones' (1 each,
 * the sum), or explicit values (length m, finite).
 */
export type PrefVector = 'mean' | 'ones' | ArrayLike<number>;

/** The preference vector for m tasks, or Left naming what is wrong with it. */
export const resolvePrefVector = (pref: PrefVector, m: number): E.Either<MtlError, Float64Array> => {
  if (pref === 'mean') return E.right(new Float64Array(m).fill(1 / m));
  if (pref === 'ones') return E.right(new Float64Array(m).fill(1));
  if (pref.length !== m) return E.left(shapeMismatch(`the preference vector has ${pref.length} entries for ${m} tasks.`));
  const values = Float64Array.from(pref);
  const bad = values.findIndex((v) => !Number.isFinite(v));
  return bad >= 0 ? E.left(nonFinite(`preference vector entry ${bad} is ${values[bad]}; it must be finite.`)) : E.right(values);
};
