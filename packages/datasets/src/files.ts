import { dataFormat, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';

// Node modules are imported when a file is read, so that the parsers and generators of this
// package also load in a browser bundle.

/** The bytes of a file, or a `DataFormat` error naming the file and why it cannot be read. Node only. */
export const readBytes = async (path: string): Promise<E.Either<MtlError, Uint8Array>> => {
  try {
    const { readFile } = await import('node:fs/promises');
    const buf = await readFile(path);
    return E.right(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message;
    return E.left(dataFormat(`cannot read ${path}: ${why}.`));
  }
};

/** gzip streams start with the magic bytes 0x1f 0x8b (RFC 1952, §2.3.1). */
export const isGzip = (bytes: Uint8Array): boolean => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

/** The bytes, gunzipped when they start with the gzip magic; a corrupt stream is a `DataFormat` error. Node only. */
export const gunzipIfNeeded = async (bytes: Uint8Array, source: string): Promise<E.Either<MtlError, Uint8Array>> => {
  if (!isGzip(bytes)) return E.right(bytes);
  try {
    const { gunzipSync } = await import('node:zlib');
    const out = gunzipSync(bytes);
    return E.right(new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
  } catch (e) {
    return E.left(dataFormat(`${source}: starts with the gzip magic bytes but is not a valid gzip stream (${(e as Error).message}).`));
  }
};

/** The bytes of a file, gunzipped when gzip-compressed. */
export const readUnzipped = async (path: string): Promise<E.Either<MtlError, Uint8Array>> => {
  const bytes = await readBytes(path);
  return E.isLeft(bytes) ? bytes : gunzipIfNeeded(bytes.right, path);
};

/** The text of a file (UTF-8, gunzipped when gzip). */
export const readText = async (path: string): Promise<E.Either<MtlError, string>> =>
  pipe(
    await readUnzipped(path),
    E.map((b) => new TextDecoder('utf-8').decode(b)),
  );

/** Product of a shape's dimensions. */
export const shapeSize = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** `3 × 28 × 28` */
export const showShape = (shape: readonly number[]): string => (shape.length === 0 ? 'a scalar' : shape.join(' × '));
