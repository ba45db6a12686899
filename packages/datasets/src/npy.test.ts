import { fc, test } from '@fast-check/vitest';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeNpy, parseNpy, readNpy } from './npy.js';
import { tempFolder, unwrap } from './test-files.js';

const files = tempFolder();
afterAll(files.remove);

/** A .npy file assembled by hand, as numpy's `lib.format.write_array` lays it out. */
const handMade = (version: number, header: string, body: Uint8Array): Uint8Array => {
  const prefix = version === 1 ? 10 : 12;
  const total = Math.ceil((prefix + header.length + 1) / 64) * 64;
  const text = header + ' '.repeat(total - prefix - header.length - 1) + '\n';
  const out = new Uint8Array(total + body.length);
  out.set([0x93, ...new TextEncoder().encode('NUMPY'), version, 0]);
  const v = new DataView(out.buffer);
  if (version === 1) v.setUint16(8, text.length, true);
  else v.setUint32(8, text.length, true);
  out.set(new TextEncoder().encode(text), prefix);
  out.set(body, total);
  return out;
};

const le = (values: number[], size: 4 | 8, kind: 'f' | 'i'): Uint8Array => {
  const out = new Uint8Array(values.length * size);
  const v = new DataView(out.buffer);
  values.forEach((x, i) => (kind === 'f' ? (size === 4 ? v.setFloat32(i * size, x, true) : v.setFloat64(i * size, x, true)) : size === 4 ? v.setInt32(i * size, x, true) : v.setBigInt64(i * size, BigInt(x), true)));
  return out;
};

const arrays = fc
  .array(fc.integer({ min: 0, max: 5 }), { minLength: 0, maxLength: 3 })
  .chain((shape) => {
    const n = shape.reduce((a, b) => a * b, 1);
    return fc.tuple(
      fc.constant(shape),
      fc.oneof(
        fc.float32Array({ minLength: n, maxLength: n, noNaN: true }),
        fc.float64Array({ minLength: n, maxLength: n, noNaN: true }),
        fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { minLength: n, maxLength: n }).map((a) => Int32Array.from(a)),
      ),
      fc.constantFrom<1 | 2>(1, 2),
    );
  });

describe('NPY', () => {
  it('reads hand-made v1 and v2 files: float64 epochs and int64 labels', () => {
    const x = unwrap(parseNpy(handMade(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", le([1, 2, 3, 4, 5, 6.5], 8, 'f')), 'x.npy'));
    expect(x.dtype).toBe('float64');
    expect(x.shape).toEqual([2, 3]);
    expect(Array.from(x.data)).toEqual([1, 2, 3, 4, 5, 6.5]);
    const y = unwrap(parseNpy(handMade(2, "{'descr': '<i8', 'fortran_order': False, 'shape': (4,), }", le([1, 2, 2, 769], 8, 'i')), 'y.npy'));
    expect(y.dtype).toBe('int32');
    expect(Array.from(y.data)).toEqual([1, 2, 2, 769]);
    const s = unwrap(parseNpy(handMade(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (), }", le([2.5], 4, 'f')), 's.npy'));
    expect(s.shape).toEqual([]);
    expect(Array.from(s.data)).toEqual([2.5]);
  });

  test.prop([arrays, fc.boolean()], { seed: 42, numRuns: 60 })('round trip through a file keeps dtype, shape and every bit', async ([shape, data, version], gzip) => {
    const path = files.write(unwrap(encodeNpy(shape, data, { version })), undefined, gzip);
    const back = unwrap(await readNpy(path));
    expect(back.shape).toEqual(shape);
    expect(back.data.constructor).toBe(data.constructor);
    expect(Array.from(back.data)).toEqual(Array.from(data));
  });

  it('pads the header so the data starts at a multiple of 64 bytes, as numpy does', () => {
    const bytes = unwrap(encodeNpy([3, 7], new Float32Array(21)));
    const headerLength = new DataView(bytes.buffer).getUint16(8, true);
    expect((10 + headerLength) % 64).toBe(0);
    expect(bytes[10 + headerLength - 1]).toBe(0x0a);
  });

  const corruption = fc.oneof(
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('append' as const), extra: fc.integer({ min: 1, max: 9 }) }),
    fc.record({ kind: fc.constant('header-byte' as const), at: fc.integer({ min: 0, max: 63 }), value: fc.integer({ min: 0, max: 255 }) }),
  );

  test.prop([arrays, corruption], { seed: 42, numRuns: 200 })('corrupt files are rejected with the file named, never thrown', ([shape, data, version], c) => {
    const good = unwrap(encodeNpy(shape, data, { version }));
    let bad: Uint8Array;
    if (c.kind === 'truncate') bad = good.slice(0, c.at % good.length);
    else if (c.kind === 'append') bad = Uint8Array.from([...good, ...Array.from({ length: c.extra }, () => 1)]);
    else {
      bad = good.slice();
      bad[c.at] = c.value;
      const r = parseNpy(bad, 'corrupt.npy');
      // A byte of padding or of a number in the header may still leave a valid, consistent header.
      if (E.isRight(r)) {
        expect(r.right.data.length).toBe(data.length);
        return;
      }
      expect(r.left.message).toMatch(/^corrupt\.npy: /);
      return;
    }
    const r = parseNpy(bad, 'corrupt.npy');
    expect(E.isLeft(r)).toBe(true);
    if (E.isLeft(r)) expect(r.left.message).toMatch(/^corrupt\.npy: /);
  });

  it('says what is not supported', () => {
    const msg = (header: string, body: Uint8Array = new Uint8Array(8)) => (parseNpy(handMade(1, header, body), 'f.npy') as E.Left<{ message: string }>).left.message;
    expect(msg("{'descr': '>f8', 'fortran_order': False, 'shape': (1,), }")).toMatch(/">f8" \(big-endian data is not supported\)/);
    expect(msg("{'descr': '<f8', 'fortran_order': True, 'shape': (1,), }")).toMatch(/fortran_order: True; only C-order/);
    expect(msg("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }")).toMatch(/structured dtype/);
    expect(msg("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }")).toMatch(/not a supported numeric type/);
    expect(msg("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }")).toMatch(/shape 2 of <f8 = 16 bytes of data from byte 128, but the file has 8 \(truncated\)/);
    expect(msg("{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", le([2 ** 40], 8, 'i'))).toMatch(/element 0 \(byte 128\) is 1099511627776/);
    const notNpy = parseNpy(new TextEncoder().encode('hello, world, this is text'), 'g.npy');
    expect(E.isLeft(notNpy) && notNpy.left.message).toMatch(/g\.npy: bytes 0-5 must be the \.npy magic string/);
  });
});
