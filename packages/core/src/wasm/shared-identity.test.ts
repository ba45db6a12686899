import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { leakedTensors } from '../leaks.js';
import { on, wasmDataIds } from './test-support.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe('Identity and same-dtype Cast on wasm', () => {
  it('share the data: no new buffer, and each tensor outlives the other', () => {
    const x = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const buffers = wasmDataIds();
    const y = tf.clone(x);
    const z = tf.cast(x, 'float32');
    expect(wasmDataIds()).toBe(buffers);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4]);
    y.dispose();
    expect(Array.from(z.dataSync())).toEqual([1, 2, 3, 4]);
    expect(z.shape).toEqual([2, 2]);
    z.dispose();
    expect(wasmDataIds()).toBe(buffers - 1);
  });

  it('casts to another dtype convert as on the cpu backend (bool is x ≠ 0)', async () => {
    const f = () => {
      const x = tf.tensor1d([1.7, -2.2, 0, 256, Number.NaN, -0]);
      const i = tf.tensor1d([3, 0, -256], 'int32');
      return [tf.cast(x, 'int32'), tf.cast(x, 'bool'), tf.cast(i, 'bool'), tf.cast(i, 'float32'), tf.cast(tf.cast(i, 'bool'), 'int32')];
    };
    const wasm = await on('wasm', f);
    expect(wasm).toEqual(await on('cpu', f));
    expect(wasm[1]).toEqual([1, 1, 0, 1, 1, 0]);
  });

  it('saved tensors of a gradient leak nothing', () => {
    const x = tf.tensor1d([1, -2, 3]);
    const buffers = wasmDataIds();
    expect(leakedTensors(() => tf.grad((t) => tf.sum(tf.relu(tf.square(t))))(x))).toBe(0);
    expect(wasmDataIds()).toBe(buffers);
    x.dispose();
  });
});
