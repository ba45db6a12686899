import { fc, test } from '@fast-check/vitest';
import { Key } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { checkDataset } from './dataset.js';
import { DIGIT_GLYPHS } from './glyphs.js';
import { checkComposeOptions, composeProcedural, drawStyle, ITEM_SIZE, multiDigits, renderItem } from './multi-digits.js';
import { randomStream } from './fast-random.js';
import { flattenStroke } from './raster.js';
import { unwrap } from './test-files.js';

const SIDE = 36;

describe('multiDigits', () => {
  it('is N × 36 × 36 × 1 in [0, 1] with two int32 label vectors of classes 0..9', () => {
    const ds = unwrap(multiDigits({ key: Key.fromSeed(1), count: 40 }));
    expect(ds.shape).toEqual([40, SIDE, SIDE, 1]);
    expect(ds.inputShape).toEqual([SIDE, SIDE, 1]);
    expect(ds.images).toBe(ds.inputs);
    expect(ds.images.length).toBe(40 * SIDE * SIDE);
    expect(ds.images.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(ds.labels.map((l) => l.constructor)).toEqual([Int32Array, Int32Array]);
    expect(ds.labels[0]).toBe(ds.targets[0]!.values);
    expect(ds.targets.map((t) => t.name)).toEqual(['top-left', 'bottom-right']);
    expect(E.isRight(checkDataset(ds))).toBe(true);
  });

  test.prop([fc.integer({ min: 0, max: 2 ** 31 })], { seed: 42, numRuns: 10 })('is deterministic for a key, and a smaller count is a prefix', (seed) => {
    const a = unwrap(multiDigits({ key: Key.fromSeed(seed), count: 12 }));
    const b = unwrap(multiDigits({ key: Key.fromSeed(seed), count: 5 }));
    expect(b.images).toEqual(a.images.subarray(0, 5 * SIDE * SIDE));
    expect(b.labels[1]).toEqual(a.labels[1].subarray(0, 5));
    const c = unwrap(multiDigits({ key: Key.fromSeed(seed + 1), count: 12 }));
    expect(c.images).not.toEqual(a.images);
  });

  it('draws each digit about equally often in both positions', () => {
    const ds = unwrap(multiDigits({ key: Key.fromSeed(2), count: 2000, noise: 0 }));
    for (const labels of ds.labels) {
      const counts = Array.from({ length: 10 }, (_, d) => labels.filter((l) => l === d).length);
      expect(Math.min(...counts)).toBeGreaterThan(140);
      expect(Math.max(...counts)).toBeLessThan(260);
    }
  });

  it('puts ink only inside the two 28 × 28 boxes (top-left and shifted by 8)', () => {
    const ds = unwrap(multiDigits({ key: Key.fromSeed(3), count: 200, noise: 0 }));
    let inside = 0;
    let outside = 0;
    for (let i = 0; i < ds.size; i++)
      for (let r = 0; r < SIDE; r++)
        for (let c = 0; c < SIDE; c++) {
          const v = ds.images[i * SIDE * SIDE + r * SIDE + c]!;
          if ((r < 28 && c < 28) || (r >= 8 && c >= 8)) inside += v;
          else outside += v;
        }
    expect(outside).toBe(0);
    expect(inside / ds.size).toBeGreaterThan(40); // some 40+ pixels' worth of ink per image
  });

  it('composes as Multi-MNIST: top-left item at (0, 0), bottom-right at (offset, offset), pixel-wise max', () => {
    const o = unwrap(checkComposeOptions({ key: Key.fromSeed(0), count: 30, noise: 0, offset: 8 }));
    const ds = composeProcedural(Key.fromSeed(9), o, (label, _rng, out) => out.fill((label + 1) / 10));
    for (let i = 0; i < ds.size; i++) {
      const at = (r: number, c: number) => ds.images[i * SIDE * SIDE + r * SIDE + c]!;
      const [l, rr] = [(ds.labels[0][i]! + 1) / 10, (ds.labels[1][i]! + 1) / 10];
      expect(at(0, 0)).toBeCloseTo(l, 6);
      expect(at(35, 35)).toBeCloseTo(rr, 6);
      expect(at(20, 20)).toBeCloseTo(Math.max(l, rr), 6);
      expect(at(0, 35)).toBe(0);
    }
  });

  it('renders digits that a nearest-template classifier tells apart (legible and distinct)', () => {
    // Templates: every glyph variant drawn straight; test items: jittered renders. Correlation of
    // centred pixels picks the class; chance is 10 %.
    const dist = new Float32Array(ITEM_SIZE * ITEM_SIZE);
    const render = (digit: number, variant: number, seed: number, jitter: number) => {
      const rng = randomStream(Key.fromSeed(seed));
      const style = { ...drawStyle(rng, DIGIT_GLYPHS[digit]!.length, jitter, [2.4, 2.4]), variant };
      const out = new Float32Array(ITEM_SIZE * ITEM_SIZE);
      renderItem(DIGIT_GLYPHS[digit]![variant]!.map((s) => flattenStroke(s, 0.08)), style, out, dist);
      const mean = out.reduce((a, b) => a + b, 0) / out.length;
      const centred = out.map((v) => v - mean);
      const norm = Math.sqrt(centred.reduce((a, b) => a + b * b, 0));
      return centred.map((v) => v / norm);
    };
    const templates = DIGIT_GLYPHS.flatMap((variants, d) => variants.map((_, v) => ({ d, t: render(d, v, 0, 0) })));
    let correct = 0;
    const trials = 300;
    for (let k = 0; k < trials; k++) {
      const d = k % 10;
      const x = render(d, k % DIGIT_GLYPHS[d]!.length, 1000 + k, 0.4);
      const best = templates.reduce((acc, { d: c, t }) => {
        const score = t.reduce((s, v, j) => s + v * x[j]!, 0);
        return score > acc.score ? { c, score } : acc;
      }, { c: -1, score: Number.NEGATIVE_INFINITY });
      if (best.c === d) correct++;
    }
    expect(correct / trials).toBeGreaterThan(0.9); // measured 0.96
  });

  it('rejects bad options with a sentence', () => {
    const msg = (o: object) => {
      const r = multiDigits({ key: Key.fromSeed(0), count: 4, ...o });
      return E.isLeft(r) ? r.left.message : 'accepted';
    };
    expect(msg({ count: 0 })).toBe('count must be a positive integer, got 0.');
    expect(msg({ offset: 29 })).toMatch(/offset must be an integer in 0..28/);
    expect(msg({ noise: -0.1 })).toMatch(/noise must be a finite non-negative/);
    expect(msg({ jitter: Number.NaN })).toMatch(/jitter/);
    expect(msg({ strokeWidth: [3, 2] })).toMatch(/strokeWidth/);
    expect(unwrap(multiDigits({ key: Key.fromSeed(0), count: 2, offset: 4 })).shape).toEqual([2, 32, 32, 1]);
  });
});
