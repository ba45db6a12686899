import { dataFormat, invalidArgument, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { readUnzipped, shapeSize, showShape } from './files.js';

/** An array read from a `.npy` file: floats keep their precision, integers become int32. */
export type NpyArray =
  | { readonly shape: number[]; readonly descr: string; readonly dtype: 'float32'; readonly data: Float32Array }
  | { readonly shape: number[]; readonly descr: string; readonly dtype: 'float64'; readonly data: Float64Array }
  | { readonly shape: number[]; readonly descr: string; readonly dtype: 'int32'; readonly data: Int32Array };

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

type Kind = { readonly size: number; readonly read: (v: DataView, offset: number) => number; readonly dtype: NpyArray['dtype'] };

/** The little-endian element types read (NEP 1 / numpy `lib.format` descr strings). */
const KINDS: Readonly<Record<string, Kind>> = {
  '<f4': { size: 4, read: (v, o) => v.getFloat32(o, true), dtype: 'float32' },
  '<f8': { size: 8, read: (v, o) => v.getFloat64(o, true), dtype: 'float64' },
  '|u1': { size: 1, read: (v, o) => v.getUint8(o), dtype: 'int32' },
  '|i1': { size: 1, read: (v, o) => v.getInt8(o), dtype: 'int32' },
  '|b1': { size: 1, read: (v, o) => v.getUint8(o), dtype: 'int32' },
  '<u2': { size: 2, read: (v, o) => v.getUint16(o, true), dtype: 'int32' },
  '<i2': { size: 2, read: (v, o) => v.getInt16(o, true), dtype: 'int32' },
  '<i4': { size: 4, read: (v, o) => v.getInt32(o, true), dtype: 'int32' },
  '<u4': { size: 4, read: (v, o) => v.getUint32(o, true), dtype: 'int32' },
  '<i8': { size: 8, read: (v, o) => Number(v.getBigInt64(o, true)), dtype: 'int32' },
  '<u8': { size: 8, read: (v, o) => Number(v.getBigUint64(o, true)), dtype: 'int32' },
};
const ALIASES: Readonly<Record<string, string>> = { '<u1': '|u1', '<i1': '|i1', '<b1': '|b1', '|f4': '<f4' };

interface Header {
  readonly descr: string;
  readonly fortran: boolean;
  readonly shape: number[];
}

/** Reads the Python dict literal of a .npy header: {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }. */
const parseHeader = (text: string, source: string, at: number): E.Either<MtlError, Header> => {
  const fail = (what: string) => E.left(dataFormat(`${source}: the .npy header at byte ${at} ${what}; got ${JSON.stringify(text.trim().slice(0, 120))}.`));
  const t = text.trim();
  if (!t.startsWith('{') || !t.endsWith('}')) return fail("must be a Python dict literal like {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }");
  const descr = /['"]descr['"]\s*:\s*(['"])([^'"]*)\1/.exec(t);
  if (descr === null) {
    if (/['"]descr['"]\s*:\s*\[/.test(t)) return fail('describes a structured dtype (a list of fields); only plain numeric arrays are read');
    return fail("has no 'descr' string");
  }
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)\b/.exec(t);
  if (fortran === null) return fail("has no 'fortran_order': True or False");
  const shape = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(t);
  if (shape === null) return fail("has no 'shape' tuple");
  const dims = shape[1]!
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (dims.some((d) => !/^\d+L?$/.test(d))) return fail(`has shape (${shape[1]}); expected non-negative integers`);
  return E.right({ descr: descr[2]!, fortran: fortran[1] === 'True', shape: dims.map((d) => Number.parseInt(d, 10)) });
};

const isLittleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Parses a `.npy` file (numpy's `lib.format`, versions 1.0, 2.0 and 3.0): the magic `\x93NUMPY`,
 * the version, the header length (uint16 in v1, uint32 in v2/v3, little-endian), the header dict,
 * then the values. Reads little-endian float32/float64 (kept as is) and integer/bool types
 * (converted to int32; a value outside the int32 range is an error) in C order. Big-endian,
 * Fortran-order, structured and object arrays are rejected with a message saying so.
 */
export const parseNpy = (bytes: Uint8Array, source: string): E.Either<MtlError, NpyArray> => {
  if (bytes.length < 10) return E.left(dataFormat(`${source}: truncated .npy file: expected at least 10 bytes (magic, version, header length), the file has ${bytes.length}.`));
  if (MAGIC.some((b, i) => bytes[i] !== b)) return E.left(dataFormat(`${source}: bytes 0-5 must be the .npy magic string "\\x93NUMPY"; this is not a .npy file.`));
  const major = bytes[6]!;
  if (major < 1 || major > 3) return E.left(dataFormat(`${source}: byte 6 is the .npy format major version; expected 1, 2 or 3, got ${major}.`));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes) return E.left(dataFormat(`${source}: truncated .npy file: the version ${major} header length needs ${8 + lengthBytes} bytes, the file has ${bytes.length}.`));
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = 8 + lengthBytes;
  const dataStart = headerStart + headerLength;
  if (bytes.length < dataStart)
    return E.left(dataFormat(`${source}: truncated .npy header: it declares ${headerLength} bytes from byte ${headerStart}, the file has ${bytes.length - headerStart}.`));
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, dataStart));
  return pipe(
    parseHeader(text, source, headerStart),
    E.chain((h) => {
      const kind = KINDS[ALIASES[h.descr] ?? h.descr];
      if (kind === undefined) {
        const why = h.descr.startsWith('>') ? 'big-endian data is not supported' : 'not a supported numeric type';
        return E.left(dataFormat(`${source}: the header's descr is ${JSON.stringify(h.descr)} (${why}); expected one of ${Object.keys(KINDS).join(', ')}.`));
      }
      if (h.fortran) return E.left(dataFormat(`${source}: the header says fortran_order: True; only C-order arrays are read (save with np.ascontiguousarray).`));
      const count = shapeSize(h.shape);
      const actual = bytes.length - dataStart;
      if (actual !== count * kind.size)
        return E.left(
          dataFormat(
            `${source}: the header declares shape ${showShape(h.shape)} of ${h.descr} = ${count * kind.size} bytes of data from byte ${dataStart}, but the file has ${actual}${actual < count * kind.size ? ' (truncated)' : ' (trailing bytes)'}.`,
          ),
        );
      return readValues(bytes, view, dataStart, count, kind, h, source);
    }),
  );
};

const readValues = (bytes: Uint8Array, view: DataView, start: number, count: number, kind: Kind, h: Header, source: string): E.Either<MtlError, NpyArray> => {
  const shape = h.shape;
  if (kind.dtype === 'float32' || kind.dtype === 'float64') {
    const body = bytes.slice(start, start + count * kind.size); // aligned copy
    if (isLittleEndianHost) {
      return E.right(
        kind.dtype === 'float32'
          ? { shape, descr: h.descr, dtype: 'float32', data: new Float32Array(body.buffer, 0, count) }
          : { shape, descr: h.descr, dtype: 'float64', data: new Float64Array(body.buffer, 0, count) },
      );
    }
    const out = kind.dtype === 'float32' ? new Float32Array(count) : new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = kind.read(view, start + i * kind.size);
    return E.right(kind.dtype === 'float32' ? { shape, descr: h.descr, dtype: 'float32', data: out as Float32Array } : { shape, descr: h.descr, dtype: 'float64', data: out as Float64Array });
  }
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const v = kind.read(view, start + i * kind.size);
    if (v < -2147483648 || v > 2147483647)
      return E.left(dataFormat(`${source}: element ${i} (byte ${start + i * kind.size}) is ${v}; integer arrays are read as int32, so values must lie in -2³¹..2³¹-1.`));
    out[i] = v;
  }
  return E.right({ shape, descr: h.descr, dtype: 'int32', data: out });
};

const DESCR = { float32: '<f4', float64: '<f8', int32: '<i4' } as const;

/**
 * The `.npy` bytes of a C-order array (float32 → '<f4', float64 → '<f8', int32 → '<i4'), with the
 * header padded so the data starts at a multiple of 64 bytes, as numpy writes it. Version 1 unless
 * the header needs more than 65,535 bytes or `version: 2` is asked for. The inverse of `parseNpy`.
 */
export const encodeNpy = (shape: readonly number[], data: Float32Array | Float64Array | Int32Array, options: { readonly version?: 1 | 2 } = {}): E.Either<MtlError, Uint8Array> => {
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) return E.left(invalidArgument(`.npy dimensions must be non-negative integers, got [${shape.join(', ')}].`));
  if (shapeSize(shape) !== data.length) return E.left(invalidArgument(`shape ${showShape(shape)} needs ${shapeSize(shape)} values, got ${data.length}.`));
  const dtype = data instanceof Float32Array ? 'float32' : data instanceof Float64Array ? 'float64' : 'int32';
  const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${DESCR[dtype]}', 'fortran_order': False, 'shape': ${tuple}, }`;
  const version = options.version ?? (dict.length + 12 > 65535 ? 2 : 1);
  const prefix = version === 1 ? 10 : 12;
  const padded = Math.ceil((prefix + dict.length + 1) / 64) * 64;
  const header = dict + ' '.repeat(padded - prefix - dict.length - 1) + '\n';
  const body = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(padded + body.length);
  out.set(MAGIC, 0);
  out[6] = version;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  out.set(new TextEncoder().encode(header), prefix);
  if (isLittleEndianHost) out.set(body, padded);
  else {
    const size = data.BYTES_PER_ELEMENT;
    data.forEach((v, i) => (dtype === 'float32' ? view.setFloat32(padded + i * size, v, true) : dtype === 'float64' ? view.setFloat64(padded + i * size, v, true) : view.setInt32(padded + i * size, v, true)));
  }
  return E.right(out);
};

/** Reads a `.npy` file (gzip-compressed files are accepted too). Errors name the file, the byte position and what was expected. */
export const readNpy = async (path: string): Promise<E.Either<MtlError, NpyArray>> =>
  pipe(
    await readUnzipped(path),
    E.chain((b) => parseNpy(b, path)),
  );
