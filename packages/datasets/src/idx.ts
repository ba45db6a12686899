import { dataFormat, invalidArgument, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { readUnzipped, shapeSize, showShape } from './files.js';

/** An IDX array of unsigned bytes: its dimensions and its values in row-major order. */
export interface IdxArray {
  readonly shape: number[];
  readonly data: Uint8Array;
}

const TYPE_NAMES: Readonly<Record<number, string>> = {
  0x08: 'unsigned byte',
  0x09: 'signed byte',
  0x0b: 'int16',
  0x0c: 'int32',
  0x0d: 'float32',
  0x0e: 'float64',
};

const hex = (b: number) => `0x${b.toString(16).padStart(2, '0').toUpperCase()}`;

/**
 * Parses an IDX file (LeCun et al., the MNIST format; Fashion-MNIST uses it too): two zero bytes,
 * the type byte (0x08 = unsigned byte, the only type MNIST-like files use and the only one
 * accepted here), the number of dimensions, one big-endian uint32 per dimension, then the values.
 * The file must hold exactly the declared number of values. `source` names the file in errors.
 */
export const parseIdx = (bytes: Uint8Array, source: string): E.Either<MtlError, IdxArray> => {
  if (bytes.length < 4) return E.left(dataFormat(`${source}: truncated IDX header: expected at least 4 bytes (magic number), the file has ${bytes.length}.`));
  if (bytes[0] !== 0 || bytes[1] !== 0)
    return E.left(dataFormat(`${source}: bytes 0-1 must be 0x00 0x00 (IDX magic number), got ${hex(bytes[0]!)} ${hex(bytes[1]!)}; this is not an IDX file.`));
  const type = bytes[2]!;
  if (type !== 0x08) {
    const name = TYPE_NAMES[type];
    return E.left(
      dataFormat(`${source}: byte 2 is the IDX data type; expected ${hex(0x08)} (unsigned byte), got ${hex(type)}${name ? ` (${name}, not supported)` : ' (not an IDX type)'}.`),
    );
  }
  const ndim = bytes[3]!;
  if (ndim === 0) return E.left(dataFormat(`${source}: byte 3 is the number of dimensions; expected at least 1, got 0.`));
  const headerLength = 4 + 4 * ndim;
  if (bytes.length < headerLength)
    return E.left(dataFormat(`${source}: truncated IDX header: ${ndim} dimensions need a ${headerLength}-byte header, the file has ${bytes.length} bytes.`));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i, false));
  const expected = shapeSize(shape);
  const actual = bytes.length - headerLength;
  if (actual !== expected)
    return E.left(
      dataFormat(
        `${source}: the header declares shape ${showShape(shape)} = ${expected} bytes of data after the ${headerLength}-byte header, but the file has ${actual}${actual < expected ? ' (truncated)' : ' (trailing bytes)'}.`,
      ),
    );
  return E.right({ shape, data: bytes.slice(headerLength) });
};

/** The IDX bytes (unsigned byte type) of an array: the inverse of `parseIdx`. */
export const encodeIdx = (shape: readonly number[], data: Uint8Array): E.Either<MtlError, Uint8Array> => {
  if (shape.length === 0 || shape.length > 255) return E.left(invalidArgument(`an IDX array needs 1 to 255 dimensions, got ${shape.length}.`));
  if (shape.some((d) => !Number.isInteger(d) || d < 0 || d > 0xffffffff)) return E.left(invalidArgument(`IDX dimensions must be integers in 0..2³²-1, got [${shape.join(', ')}].`));
  if (shapeSize(shape) !== data.length) return E.left(invalidArgument(`shape ${showShape(shape)} needs ${shapeSize(shape)} values, got ${data.length}.`));
  const header = 4 + 4 * shape.length;
  const out = new Uint8Array(header + data.length);
  const view = new DataView(out.buffer);
  out[2] = 0x08;
  out[3] = shape.length;
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, header);
  return E.right(out);
};

/**
 * Reads an IDX file, raw or gzip-compressed (detected by the gzip magic bytes 0x1f 0x8b, not by
 * the file name). Any problem (missing file, corrupt gzip, wrong magic, unsupported type,
 * truncated or over-long data) is a `DataFormat` error naming the file; nothing is half-loaded.
 */
export const readIdx = async (path: string): Promise<E.Either<MtlError, IdxArray>> =>
  pipe(
    await readUnzipped(path),
    E.chain((b) => parseIdx(b, path)),
  );
