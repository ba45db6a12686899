import * as E from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import { eegFromNpy } from './eeg.js';
import { encodeNpy } from './npy.js';
import { tempFolder, unwrap } from './test-files.js';

const files = tempFolder();
afterAll(files.remove);

// 4 trials × 3 channels × 5 samples; sample value = 100·trial + 10·channel + sample.
const epochs = Float64Array.from({ length: 60 }, (_, i) => 100 * Math.floor(i / 15) + 10 * (Math.floor(i / 5) % 3) + (i % 5));

describe('eegFromNpy', () => {
  it('reads trials × channels × samples and maps label values to classes 0..K−1', async () => {
    const x = files.write(unwrap(encodeNpy([4, 3, 5], epochs)), 'epochs.npy');
    const y = files.write(unwrap(encodeNpy([4], Int32Array.of(770, 769, 769, 770))), 'labels.npy');
    const ds = unwrap(await eegFromNpy(x, y));
    expect(ds.size).toBe(4);
    expect(ds.inputShape).toEqual([3, 5]);
    expect(ds.inputs[2 * 15 + 1 * 5 + 3]).toBe(213);
    expect(ds.targets[0]).toEqual({ _tag: 'Labels', name: 'class', values: Int32Array.of(1, 0, 0, 1), classes: 2 });
    expect(ds.classValues).toEqual([[769, 770]]);
    const withAxis = unwrap(await eegFromNpy(x, y, { channelAxis: true }));
    expect(withAxis.inputShape).toEqual([3, 5, 1]);
  });

  it('takes a trials × tasks label matrix (integer-valued floats too)', async () => {
    const x = files.write(unwrap(encodeNpy([4, 3, 5], Float32Array.from(epochs))), 'epochs32.npy');
    const y = files.write(unwrap(encodeNpy([4, 2], Float64Array.of(1, 0, 2, 0, 1, 1, 3, 1))), 'multi.npy');
    const ds = unwrap(await eegFromNpy(x, y));
    expect(ds.targets.map((t) => [t.name, Array.from(t.values)])).toEqual([
      ['task 1', [0, 1, 0, 2]],
      ['task 2', [0, 0, 1, 1]],
    ]);
  });

  it('names the file, trial, channel and sample of a bad value, and shape mismatches', async () => {
    const bad = Float64Array.from(epochs);
    bad[1 * 15 + 2 * 5 + 4] = Number.NaN;
    const x = files.write(unwrap(encodeNpy([4, 3, 5], bad)), 'nan.npy');
    const y = files.write(unwrap(encodeNpy([4], Int32Array.of(1, 2, 1, 2))), 'y.npy');
    const r = await eegFromNpy(x, y);
    expect(E.isLeft(r) && r.left.message).toMatch(/nan\.npy: trial 1, channel 2, sample 4 is NaN/);
    const good = files.write(unwrap(encodeNpy([4, 3, 5], epochs)), 'good.npy');
    const y3 = files.write(unwrap(encodeNpy([3], Int32Array.of(1, 2, 1))), 'y3.npy');
    const r2 = await eegFromNpy(good, y3);
    expect(E.isLeft(r2) && r2.left.message).toMatch(/y3\.npy: expected 4 labels .* got shape \(3\)/);
    const flat = files.write(unwrap(encodeNpy([60], epochs)), 'flat.npy');
    const r3 = await eegFromNpy(flat, y);
    expect(E.isLeft(r3) && r3.left.message).toMatch(/flat\.npy: expected epochs of shape trials × channels × samples/);
    const frac = files.write(unwrap(encodeNpy([4], Float64Array.of(1, 2.5, 1, 2))), 'frac.npy');
    const r4 = await eegFromNpy(good, frac);
    expect(E.isLeft(r4) && r4.left.message).toMatch(/frac\.npy: label of trial 1 is 2\.5; expected an integer class label/);
  });
});
