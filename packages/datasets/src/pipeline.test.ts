import { fc, test } from '@fast-check/vitest';
import { Key, leakedTensors, tf } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { batchOf, batches, trainBatches, type Batch } from './batches.js';
import { checkDataset, subset, type Dataset } from './dataset.js';
import { shuffle, splitDataset } from './split.js';
import { fitStandardizer, standardize, standardizeSplits, unstandardizeTarget } from './standardize.js';
import { unwrap } from './test-files.js';

/** Example i has inputs [i, 10 i + 1, (i mod 3)], label i mod 4 and regression targets (i / 2, −i). */
const numbered = (n: number): Dataset => ({
  size: n,
  inputs: Float32Array.from({ length: n * 3 }, (_, k) => [Math.floor(k / 3), 10 * Math.floor(k / 3) + 1, Math.floor(k / 3) % 3][k % 3]!),
  inputShape: [3],
  targets: [
    { _tag: 'Labels', name: 'class', values: Int32Array.from({ length: n }, (_, i) => i % 4), classes: 4 },
    { _tag: 'Values', name: 'pair', values: Float32Array.from({ length: 2 * n }, (_, k) => (k % 2 === 0 ? Math.floor(k / 2) / 2 : -Math.floor(k / 2))), width: 2 },
  ],
});
const ids = (ds: Dataset) => Array.from({ length: ds.size }, (_, i) => ds.inputs[i * 3]!);
const disposeBatch = (b: Batch) => tf.dispose([b.x, ...b.targets]);
const sizes = fc.integer({ min: 1, max: 60 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 })).filter(([m, v, t]) => v + t < m));

describe('splits', () => {
  test.prop([sizes, fc.integer({ min: 0, max: 2 ** 31 })], { seed: 42, numRuns: 100 })('train / validation / test are disjoint, cover the dataset and keep examples whole', ([n, v, t], seed) => {
    const s = unwrap(splitDataset(numbered(n), { key: Key.fromSeed(seed), validation: v, test: t }));
    expect([s.train.size, s.validation.size, s.test.size]).toEqual([n - v - t, v, t]);
    const all = [...ids(s.train), ...ids(s.validation), ...ids(s.test)];
    expect([...all].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    for (const part of [s.train, s.validation, s.test]) expect(E.isRight(checkDataset(part))).toBe(true);
    ids(s.test).forEach((id, i) => {
      expect(s.test.targets[0]!.values[i]).toBe(id % 4);
      expect(Array.from(s.test.targets[1]!.values.slice(2 * i, 2 * i + 2))).toEqual([id / 2, -id]);
    });
  });

  it('is deterministic for a key, different across keys, and in order without a key', () => {
    const ds = numbered(50);
    const a = unwrap(splitDataset(ds, { key: Key.fromSeed(1), validation: 5, test: 5 }));
    const b = unwrap(splitDataset(ds, { key: Key.fromSeed(1), validation: 5, test: 5 }));
    const c = unwrap(splitDataset(ds, { key: Key.fromSeed(2), validation: 5, test: 5 }));
    expect(ids(a.train)).toEqual(ids(b.train));
    expect(ids(a.train)).not.toEqual(ids(c.train));
    const ordered = unwrap(splitDataset(ds, { validation: 5, test: 5, train: 10 }));
    expect(ids(ordered.train)).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(ids(ordered.test)).toEqual([15, 16, 17, 18, 19]);
    expect(ids(shuffle(ds, Key.fromSeed(3))).sort((x, y) => x - y)).toEqual(ids(ds));
  });

  it('rejects sizes that do not fit', () => {
    const ds = numbered(10);
    expect(E.isLeft(splitDataset(ds, { validation: 5, test: 5 }))).toBe(true);
    expect(E.isLeft(splitDataset(ds, { validation: 2, test: 2, train: 7 }))).toBe(true);
    expect(E.isLeft(splitDataset(ds, { validation: -1, test: 2 }))).toBe(true);
    expect(E.isLeft(splitDataset(ds, { validation: 1.5, test: 2 }))).toBe(true);
  });
});

describe('standardisation', () => {
  it('is fitted on the training split only and applied to all three', () => {
    const s = unwrap(splitDataset(numbered(40), { key: Key.fromSeed(4), validation: 8, test: 8 }));
    const { splits, standardizer } = unwrap(standardizeSplits(s, { targets: true }));
    for (let j = 0; j < 3; j++) {
      const col = (ds: Dataset) => Array.from({ length: ds.size }, (_, i) => ds.inputs[i * 3 + j]!);
      const train = col(splits.train);
      const mean = train.reduce((a, b) => a + b, 0) / train.length;
      const std = Math.sqrt(train.reduce((a, b) => a + (b - mean) ** 2, 0) / train.length);
      expect(mean).toBeCloseTo(0, 5);
      expect(std).toBeCloseTo(1, 5);
      // validation uses the training moments, not its own
      const raw = col(s.validation);
      col(splits.validation).forEach((v, i) => expect(v).toBeCloseTo((raw[i]! - standardizer.inputs!.mean[j]!) / standardizer.inputs!.std[j]!, 5));
    }
    expect(splits.train.targets[0]).toEqual(s.train.targets[0]); // labels untouched
    const back = unstandardizeTarget(standardizer, 1, splits.test.targets[1]!.values);
    Array.from(s.test.targets[1]!.values).forEach((v, i) => expect(back[i]).toBeCloseTo(v, 4));
  });

  it('maps a constant feature to 0 instead of dividing by zero, and checks shapes', () => {
    const ds: Dataset = { size: 3, inputs: Float32Array.of(5, 1, 5, 2, 5, 3), inputShape: [2], targets: [{ _tag: 'Values', name: 'y', values: Float32Array.of(1, 2, 3), width: 1 }] };
    const s = unwrap(fitStandardizer(ds));
    const out = unwrap(standardize(s)(ds));
    expect([out.inputs[0], out.inputs[2], out.inputs[4]]).toEqual([0, 0, 0]);
    expect(E.isLeft(standardize(s)(numbered(3)))).toBe(true);
    expect(E.isLeft(fitStandardizer({ ...ds, size: 0, inputs: new Float32Array(0), targets: [] }))).toBe(true);
    const global = unwrap(fitStandardizer(ds, { inputs: 'global' }));
    expect(global.inputs!.mean.length).toBe(1);
  });
});

describe('batches', () => {
  test.prop([fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 16 }), fc.boolean(), fc.integer({ min: 0, max: 2 ** 31 })], { seed: 42, numRuns: 50 })(
    'walk the key’s permutation once, with the right shapes and dtypes; the consumer disposes',
    (n, size, dropLast, seed) => {
      const ds = numbered(n);
      const before = tf.memory().numTensors;
      const seen: number[] = [];
      let count = 0;
      for (const b of unwrap(batches(ds, { batchSize: size, key: Key.fromSeed(seed), dropLast }))) {
        const m = b.x.shape[0]!;
        expect(b.x.shape).toEqual([m, 3]);
        expect(b.targets[0]!.dtype).toBe('int32');
        expect(b.targets[0]!.shape).toEqual([m]);
        expect(b.targets[1]!.shape).toEqual([m, 2]);
        const x = b.x.arraySync() as number[][];
        const y = b.targets[0]!.arraySync() as number[];
        x.forEach((row, i) => {
          expect(row).toEqual([row[0]!, 10 * row[0]! + 1, row[0]! % 3]);
          expect(y[i]).toBe(row[0]! % 4);
        });
        seen.push(...x.map((r) => r[0]!));
        disposeBatch(b);
        count++;
      }
      expect(tf.memory().numTensors).toBe(before);
      expect(count).toBe(dropLast ? Math.floor(n / size) : Math.ceil(n / size));
      expect(seen).toEqual(Array.from(Key.permutation(Key.fromSeed(seed), n)).slice(0, seen.length));
    },
  );

  it('are re-iterable and deterministic; one-hot labels on request; no leak when stopped early', () => {
    const ds = numbered(10);
    const it1 = unwrap(batches(ds, { batchSize: 4, labels: 'one-hot' }));
    const first = (it: Iterable<Batch>) => {
      for (const b of it) {
        const v = [b.x.arraySync(), b.targets[0]!.arraySync()];
        disposeBatch(b);
        return v;
      }
      return null;
    };
    expect(first(it1)).toEqual(first(it1));
    expect((first(it1)![1] as number[][])[1]).toEqual([0, 1, 0, 0]);
    expect(leakedTensors(() => first(it1))).toBe(0);
    expect(leakedTensors(() => batchOf(ds, Int32Array.of(3, 1), 'one-hot'))).toBe(0);
    expect(E.isLeft(batches(ds, { batchSize: 0 }))).toBe(true);
    expect(E.isLeft(batches(ds, { batchSize: 2.5 }))).toBe(true);
  });

  it('trainBatches: a fresh order per epoch key, evaluation in order, batchesPerEpoch', () => {
    const s = unwrap(splitDataset(numbered(30), { key: Key.fromSeed(1), validation: 5, test: 5 }));
    const data = unwrap(trainBatches(s, { batchSize: 8, evalBatchSize: 5 }));
    expect(data.batchesPerEpoch).toBe(3);
    const order = (it: Iterable<Batch>) =>
      [...it].flatMap((b) => {
        const v = (b.x.arraySync() as number[][]).map((r) => r[0]!);
        disposeBatch(b);
        return v;
      });
    expect(order(data.train(Key.fromSeed(7)))).toEqual(order(data.train(Key.fromSeed(7))));
    expect(order(data.train(Key.fromSeed(7)))).not.toEqual(order(data.train(Key.fromSeed(8))));
    expect(order(data.validation!())).toEqual(ids(s.validation));
    expect(order(data.test!())).toEqual(ids(s.test));
    expect(E.isLeft(trainBatches(s, { batchSize: -1 }))).toBe(true);
  });

  it('subset copies, and checkDataset catches inconsistent datasets', () => {
    const ds = numbered(5);
    const sub = subset(ds, [4, 0]);
    expect(ids(sub)).toEqual([4, 0]);
    expect(E.isLeft(checkDataset({ ...ds, size: 6 }))).toBe(true);
    expect(E.isLeft(checkDataset({ ...ds, targets: [{ _tag: 'Labels', name: 'c', values: Int32Array.of(0, 1, 2, 3, 4), classes: 4 }] }))).toBe(true);
    expect(E.isLeft(checkDataset({ ...ds, inputs: Float32Array.from(ds.inputs, (v, k) => (k === 7 ? Number.NaN : v)) }))).toBe(true);
    expect(E.isLeft(checkDataset({ ...ds, targets: [] }))).toBe(true);
  });
});
