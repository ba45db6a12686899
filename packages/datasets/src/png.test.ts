import { Key } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { multiDigits } from './multi-digits.js';
import { crc32, encodePng, imageGridPng } from './png.js';
import { unwrap } from './test-files.js';

/** Reads back an 8-bit greyscale PNG written by `encodePng`, checking every chunk's CRC. */
const decode = (png: Uint8Array) => {
  expect(Array.from(png.slice(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let at = 8;
  let width = 0;
  let height = 0;
  const idat: number[] = [];
  for (;;) {
    const length = view.getUint32(at);
    const type = new TextDecoder().decode(png.subarray(at + 4, at + 8));
    const data = png.subarray(at + 8, at + 8 + length);
    expect(view.getUint32(at + 8 + length)).toBe((crc32(png.subarray(at + 4, at + 8 + length)) ^ 0xffffffff) >>> 0);
    if (type === 'IHDR') [width, height] = [view.getUint32(at + 8), view.getUint32(at + 12)];
    if (type === 'IDAT') idat.push(...data);
    at += 12 + length;
    if (type === 'IEND') break;
  }
  const raw = inflateSync(Uint8Array.from(idat));
  const pixels = Array.from({ length: height }, (_, r) => Array.from(raw.subarray(r * (width + 1) + 1, (r + 1) * (width + 1))));
  return { width, height, pixels };
};

describe('PNG', () => {
  it('crc32 matches the check value of the CRC-32 catalogue ("123456789" → 0xCBF43926)', () => {
    expect((crc32(new TextEncoder().encode('123456789')) ^ 0xffffffff) >>> 0).toBe(0xcbf43926);
  });

  it('round trips greyscale pixels', async () => {
    const px = [0, 0.5, 1, 2, -1, 0.25];
    const png = decode(unwrap(await encodePng(px, 3, 2)));
    expect([png.width, png.height]).toEqual([3, 2]);
    expect(png.pixels).toEqual([
      [0, 128, 255],
      [255, 0, 64],
    ]);
    expect(E.isLeft(await encodePng(px, 4, 2))).toBe(true);
  });

  it('draws a contact sheet of a dataset (zoomed images, grey gutters)', async () => {
    const ds = unwrap(multiDigits({ key: Key.fromSeed(1), count: 6 }));
    const sheet = decode(unwrap(await imageGridPng(ds, { count: 6, columns: 3, zoom: 2 })));
    expect([sheet.width, sheet.height]).toEqual([3 * 73 + 1, 2 * 73 + 1]);
    expect(sheet.pixels[0]![5]).toBe(Math.round(0.35 * 255));
    expect(sheet.pixels[1 + 2 * 10]![1 + 2 * 7]).toBe(Math.round(255 * ds.images[10 * 36 + 7]!));
    expect(E.isLeft(await imageGridPng({ ...ds, inputShape: [36, 36, 3] }))).toBe(true);
  });
});
