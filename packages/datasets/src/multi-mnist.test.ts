import { Key } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeIdx } from './idx.js';
import { multiMnistFromIdx } from './multi-mnist.js';
import { tempFolder, unwrap } from './test-files.js';

const files = tempFolder();
afterAll(files.remove);

/** Seven 28 × 28 "images", image k filled with 20·k + 10 and labelled k + 2 (written by the test, not MNIST). */
const N = 7;
const images = unwrap(encodeIdx([N, 28, 28], Uint8Array.from({ length: N * 784 }, (_, i) => 20 * Math.floor(i / 784) + 10)));
const labels = unwrap(encodeIdx([N], Uint8Array.from({ length: N }, (_, k) => k + 2)));

describe('multiMnistFromIdx', () => {
  it('composes 36 × 36 images: top-left and bottom-right items, max in the overlap, labels of each', async () => {
    const ip = files.write(images, 'images.idx', true);
    const lp = files.write(labels, 'labels.idx');
    const ds = unwrap(await multiMnistFromIdx(ip, lp, { key: Key.fromSeed(3), count: 50 }));
    expect(ds.shape).toEqual([50, 36, 36, 1]);
    for (let i = 0; i < ds.size; i++) {
      const at = (r: number, c: number) => ds.images[i * 1296 + r * 36 + c]!;
      const [a, b] = [ds.labels[0][i]! - 2, ds.labels[1][i]! - 2]; // source indices
      expect(at(0, 0)).toBeCloseTo((20 * a + 10) / 255, 6);
      expect(at(35, 35)).toBeCloseTo((20 * b + 10) / 255, 6);
      expect(at(10, 10)).toBeCloseTo((20 * Math.max(a, b) + 10) / 255, 6);
      expect(at(0, 35)).toBe(0);
      expect(at(35, 0)).toBe(0);
    }
    const again = unwrap(await multiMnistFromIdx(ip, lp, { key: Key.fromSeed(3), count: 50 }));
    expect(again.images).toEqual(ds.images);
    const all = unwrap(await multiMnistFromIdx(ip, lp, { key: Key.fromSeed(4) }));
    expect(all.size).toBe(N);
  });

  it('names the file at fault', async () => {
    const ip = files.write(images, 'ok-images.idx');
    const short = files.write(unwrap(encodeIdx([N - 1], new Uint8Array(N - 1))), 'short-labels.idx');
    const r1 = await multiMnistFromIdx(ip, short, { key: Key.fromSeed(0) });
    expect(E.isLeft(r1) && r1.left.message).toMatch(/ok-images\.idx holds 7 images but .*short-labels\.idx holds 6 labels/);
    const big = files.write(unwrap(encodeIdx([N], Uint8Array.from({ length: N }, (_, k) => (k === 4 ? 12 : 1)))), 'big-labels.idx');
    const r2 = await multiMnistFromIdx(ip, big, { key: Key.fromSeed(0) });
    expect(E.isLeft(r2) && r2.left.message).toMatch(/big-labels\.idx: label 4 \(byte 12\) is 12; expected a class 0\.\.9/);
    const r3 = await multiMnistFromIdx(short, ip, { key: Key.fromSeed(0) });
    expect(E.isLeft(r3) && r3.left.message).toMatch(/short-labels\.idx: expected an IDX array of images N × H × W/);
    const r4 = await multiMnistFromIdx(`${files.dir}/none.idx`, ip, { key: Key.fromSeed(0) });
    expect(E.isLeft(r4) && r4.left.message).toMatch(/none\.idx: no such file/);
    const r5 = await multiMnistFromIdx(ip, files.write(labels, 'l2.idx'), { key: Key.fromSeed(0), count: 0 });
    expect(E.isLeft(r5)).toBe(true);
  });
});
