import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { invalidConfig, type MtlError } from './error.js';

const show = (v: unknown): string => {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

/**
 * `a.b[2].c` from an io-ts context: the root entry has an empty key, array indices get brackets, and
 * the member indices io-ts adds below unions and intersections are not fields, so they are left out.
 */
const pathOf = (context: t.Context): string =>
  context
    .filter((c, i) => i > 0 && c.key !== '' && !(/^\d+$/.test(c.key) && isComposite(context[i - 1]!.type)))
    .reduce((path, c) => (/^\d+$/.test(c.key) ? `${path}[${c.key}]` : path === '' ? c.key : `${path}.${c.key}`), '');

const isComposite = (type: t.Decoder<unknown, unknown>): boolean => {
  const tag = (type as { _tag?: string })._tag;
  return tag === 'UnionType' || tag === 'IntersectionType';
};

/** One sentence per io-ts error: which field, what it must be, what it was. */
export const describeDecodeErrors = (errors: t.Errors): string[] =>
  errors.map((e) => {
    const path = pathOf(e.context);
    const expected = e.context[e.context.length - 1]?.type.name ?? 'a valid value';
    return `${path === '' ? 'the value' : `field "${path}"`} must be ${expected}, got ${show(e.value)}`;
  });

/**
 * Decodes a value from outside (a config file, a checkpoint, a data header) with an io-ts codec;
 * on failure an `InvalidConfig` error that names the source, the field path and the expected type.
 */
export const decode =
  <A, O>(codec: t.Type<A, O, unknown>, source: string) =>
  (input: unknown): E.Either<MtlError, A> => {
    const r = codec.decode(input);
    if (E.isRight(r)) return r;
    const lines = [...new Set(describeDecodeErrors(r.left))];
    const shown = lines.slice(0, 3).join('; ');
    return E.left(invalidConfig(`${source}: ${shown}${lines.length > 3 ? ` (and ${lines.length - 3} more)` : ''}.`));
  };
