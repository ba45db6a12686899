import { invalidArgument, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import type { Dataset } from './dataset.js';

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (ISO 3309, the PNG chunk checksum; PNG spec §5.5). */
export const crc32 = (bytes: Uint8Array, crc = 0xffffffff): number => {
  let c = crc;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return c >>> 0;
};

const chunk = (type: string, data: Uint8Array): Uint8Array => {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, (crc32(out.subarray(4, 8 + data.length)) ^ 0xffffffff) >>> 0);
  return out;
};

/**
 * An 8-bit greyscale PNG (W3C PNG spec: signature, IHDR colour type 0, one zlib IDAT with filter
 * byte 0 per row, IEND) from `width × height` values in [0, 1] (clipped; 1 = white). Node only
 * (node:zlib deflates the pixels).
 */
export const encodePng = async (pixels: ArrayLike<number>, width: number, height: number): Promise<E.Either<MtlError, Uint8Array>> => {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) return E.left(invalidArgument(`PNG size must be positive integers, got ${width} × ${height}.`));
  if (pixels.length !== width * height) return E.left(invalidArgument(`a ${width} × ${height} PNG needs ${width * height} pixels, got ${pixels.length}.`));
  const raw = new Uint8Array(height * (width + 1));
  for (let r = 0; r < height; r++)
    for (let c = 0; c < width; c++) raw[r * (width + 1) + 1 + c] = Math.round(255 * Math.min(1, Math.max(0, pixels[r * width + c]! || 0)));
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr.set([8, 0, 0, 0, 0], 8); // bit depth 8, greyscale, deflate, adaptive filtering, no interlace
  const { deflateSync } = await import('node:zlib');
  const parts = [Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return E.right(out);
};

/**
 * A contact sheet of the first `count` single-channel images of a dataset (examples of shape
 * [H, W] or [H, W, 1]), `columns` per row, each scaled by an integer `zoom`, separated by a
 * one-pixel grey gutter: for looking at generated data.
 */
export const imageGridPng = async (ds: Dataset, options: { readonly count?: number; readonly columns?: number; readonly zoom?: number } = {}): Promise<E.Either<MtlError, Uint8Array>> => {
  const [h, w, ch = 1] = ds.inputShape;
  if (h === undefined || w === undefined || ch !== 1 || ds.inputShape.length > 3) return E.left(invalidArgument(`a contact sheet needs single-channel images [H, W] or [H, W, 1], got [${ds.inputShape.join(', ')}].`));
  const count = Math.min(options.count ?? 64, ds.size);
  const columns = Math.max(1, Math.min(options.columns ?? 8, count));
  const zoom = options.zoom ?? 2;
  if (count < 1) return E.left(invalidArgument('the dataset has no image to draw.'));
  if (!Number.isInteger(zoom) || zoom < 1) return E.left(invalidArgument(`zoom must be a positive integer, got ${zoom}.`));
  const rows = Math.ceil(count / columns);
  const [cw, chh] = [w * zoom + 1, h * zoom + 1];
  const W = columns * cw + 1;
  const H = rows * chh + 1;
  const out = new Float32Array(W * H).fill(0.35);
  for (let i = 0; i < count; i++) {
    const [gx, gy] = [(i % columns) * cw + 1, Math.floor(i / columns) * chh + 1];
    for (let y = 0; y < h * zoom; y++)
      for (let x = 0; x < w * zoom; x++) out[(gy + y) * W + gx + x] = ds.inputs[i * h * w + Math.floor(y / zoom) * w + Math.floor(x / zoom)]!;
  }
  return encodePng(out, W, H);
};
