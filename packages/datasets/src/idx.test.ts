import { fc, test } from '@fast-check/vitest';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeIdx, parseIdx, readIdx } from './idx.js';
import { tempFolder, unwrap } from './test-files.js';

const files = tempFolder();
afterAll(files.remove);

const shapeAndData = fc
  .array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 4 })
  .chain((shape) => fc.tuple(fc.constant(shape), fc.uint8Array({ minLength: shape.reduce((a, b) => a * b, 1), maxLength: shape.reduce((a, b) => a * b, 1) })));

describe('IDX', () => {
  it('reads the MNIST header layout: magic 0x00000803 then big-endian dimensions', () => {
    // 2 images of 2 × 3, written byte by byte as in LeCun's description of the format.
    const bytes = Uint8Array.of(0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 255);
    const a = unwrap(parseIdx(bytes, 'x.idx'));
    expect(a.shape).toEqual([2, 2, 3]);
    expect(Array.from(a.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 255]);
  });

  test.prop([shapeAndData, fc.boolean()], { seed: 42, numRuns: 40 })('round trip through a file, raw or gzip', async ([shape, data], gzip) => {
    const path = files.write(unwrap(encodeIdx(shape, data)), undefined, gzip);
    const back = unwrap(await readIdx(path));
    expect(back.shape).toEqual(shape);
    expect(back.data).toEqual(data);
  });

  const corruption = fc.oneof(
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('append' as const), extra: fc.integer({ min: 1, max: 9 }) }),
    fc.record({ kind: fc.constant('byte' as const), at: fc.integer({ min: 0, max: 15 }), value: fc.integer({ min: 0, max: 255 }) }),
  );

  test.prop([shapeAndData, corruption], { seed: 42, numRuns: 200 })('every corruption of the header or the length is rejected with the file named, never thrown', ([shape, data], c) => {
    const good = unwrap(encodeIdx(shape, data));
    let bad: Uint8Array;
    if (c.kind === 'truncate') bad = good.slice(0, c.at % good.length);
    else if (c.kind === 'append') bad = Uint8Array.from([...good, ...Array.from({ length: c.extra }, () => 7)]);
    else {
      const header = 4 + 4 * shape.length;
      if (c.at >= header) return; // value bytes: any value is valid data
      bad = good.slice();
      bad[c.at] = c.value;
      if (bad[c.at] === good[c.at]) return;
      // A changed dimension byte can still describe the same size only if the product is unchanged.
      const view = new DataView(bad.buffer);
      if (c.at >= 4 && bad[3] === shape.length) {
        const newShape = Array.from({ length: shape.length }, (_, i) => view.getUint32(4 + 4 * i, false));
        if (newShape.reduce((a, b) => a * b, 1) === data.length) return;
      }
    }
    const r = parseIdx(bad, 'corrupt.idx');
    expect(E.isLeft(r)).toBe(true);
    if (E.isLeft(r)) {
      expect(r.left._tag).toBe('DataFormat');
      expect(r.left.message).toMatch(/^corrupt\.idx: /);
    }
  });

  it('names what was expected', () => {
    const msg = (bytes: number[]) => (parseIdx(Uint8Array.from(bytes), 'f') as E.Left<{ message: string }>).left.message;
    expect(msg([0x1f, 0x00, 8, 1])).toMatch(/bytes 0-1 must be 0x00 0x00 \(IDX magic number\), got 0x1F 0x00/);
    expect(msg([0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0])).toMatch(/expected 0x08 \(unsigned byte\), got 0x0D \(float32, not supported\)/);
    expect(msg([0, 0, 8, 1, 0, 0, 0, 5, 1, 2])).toMatch(/shape 5 = 5 bytes of data after the 8-byte header, but the file has 2 \(truncated\)/);
    expect(msg([0, 0, 8, 2, 0, 0])).toMatch(/truncated IDX header: 2 dimensions need a 12-byte header/);
    expect(msg([0, 0, 8, 0])).toMatch(/number of dimensions; expected at least 1/);
  });

  it('reports a missing file, a directory and a corrupt gzip stream as DataFormat errors', async () => {
    const missing = await readIdx(`${files.dir}/nope.idx`);
    expect(E.isLeft(missing) && missing.left.message).toMatch(/nope\.idx: no such file/);
    const dir = await readIdx(files.dir);
    expect(E.isLeft(dir) && dir.left._tag).toBe('DataFormat');
    const gz = files.write(Uint8Array.of(0x1f, 0x8b, 1, 2, 3), 'broken.idx.gz');
    const r = await readIdx(gz);
    expect(E.isLeft(r) && r.left.message).toMatch(/broken\.idx\.gz: starts with the gzip magic bytes but is not a valid gzip stream/);
  });

  it('refuses to encode inconsistent arrays', () => {
    expect(E.isLeft(encodeIdx([2, 2], new Uint8Array(3)))).toBe(true);
    expect(E.isLeft(encodeIdx([], new Uint8Array(1)))).toBe(true);
    expect(E.isLeft(encodeIdx([-1], new Uint8Array(0)))).toBe(true);
  });
});
