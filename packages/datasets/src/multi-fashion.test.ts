import { fc, test } from '@fast-check/vitest';
import { Key } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { checkDataset } from './dataset.js';
import { randomStream } from './fast-random.js';
import { FASHION_CLASSES } from './fashion-shapes.js';
import { ITEM_SIZE } from './multi-digits.js';
import { multiFashion, renderFashionItem } from './multi-fashion.js';
import { unwrap } from './test-files.js';

describe('multiFashion', () => {
  it('has the dataset type of multiDigits and the ten Fashion-MNIST classes', () => {
    const ds = unwrap(multiFashion({ key: Key.fromSeed(1), count: 30 }));
    expect(ds.shape).toEqual([30, 36, 36, 1]);
    expect(ds.images.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(E.isRight(checkDataset(ds))).toBe(true);
    expect(FASHION_CLASSES).toHaveLength(10);
    expect(E.isLeft(multiFashion({ key: Key.fromSeed(1), count: -1 }))).toBe(true);
  });

  test.prop([fc.integer({ min: 0, max: 2 ** 31 })], { seed: 42, numRuns: 5 })('is deterministic for a key, a smaller count is a prefix, ink stays in the two boxes', (seed) => {
    const a = unwrap(multiFashion({ key: Key.fromSeed(seed), count: 10, noise: 0 }));
    const b = unwrap(multiFashion({ key: Key.fromSeed(seed), count: 4, noise: 0 }));
    expect(b.images).toEqual(a.images.subarray(0, 4 * 1296));
    let outside = 0;
    for (let i = 0; i < a.size; i++)
      for (let r = 0; r < 36; r++) for (let c = 0; c < 36; c++) if (!((r < 28 && c < 28) || (r >= 8 && c >= 8))) outside += a.images[i * 1296 + r * 36 + c]!;
    expect(outside).toBe(0);
  });

  it('renders classes a nearest-class-mean classifier tells apart well above chance', () => {
    const render = (label: number, seed: number) => {
      const out = new Float32Array(ITEM_SIZE * ITEM_SIZE);
      renderFashionItem(label, randomStream(Key.fromSeed(seed)), 0.5, [1, 1], out);
      return out;
    };
    const means = Array.from({ length: 10 }, (_, d) => {
      const m = new Float64Array(ITEM_SIZE * ITEM_SIZE);
      for (let s = 0; s < 20; s++) render(d, 100 * d + s).forEach((v, k) => (m[k] = m[k]! + v / 20));
      return m;
    });
    let correct = 0;
    for (let k = 0; k < 200; k++) {
      const x = render(k % 10, 10_000 + k);
      const dists = means.map((m) => m.reduce((s, v, i) => s + (v - x[i]!) ** 2, 0));
      if (dists.indexOf(Math.min(...dists)) === k % 10) correct++;
    }
    expect(correct / 200).toBeGreaterThan(0.7); // measured 0.87; chance 0.1
  });
});
