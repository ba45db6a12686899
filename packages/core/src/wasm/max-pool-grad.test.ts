import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { leakedTensors } from '../leaks.js';
import { CHOICES, expectClose, on, randn, wasmDataIds, withKernels } from './test-support.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

const configs: Array<{ x: number[]; size: number | [number, number]; stride: number | [number, number]; pad: 'same' | 'valid' | number }> = [
  { x: [2, 8, 8, 10], size: 2, stride: 2, pad: 'valid' },
  { x: [2, 9, 7, 5], size: 2, stride: 2, pad: 'valid' },
  { x: [2, 9, 7, 6], size: 3, stride: 2, pad: 'same' },
  { x: [1, 6, 6, 4], size: 3, stride: 1, pad: 'same' },
  { x: [2, 7, 8, 3], size: [2, 3], stride: [1, 2], pad: 1 },
];

describe.each(CHOICES)('maxPool gradient with MTLKIT_WASM_KERNELS=%s', (choice) => {
  it('matches the cpu backend (overlapping windows, padding, channels off the SIMD width)', async () => {
    await withKernels(choice, async () => {
      for (const [i, c] of configs.entries()) {
        const f = () => {
          const x = randn(20 * i + 1, c.x);
          const r = randn(20 * i + 2, tf.maxPool(x, c.size, c.stride, c.pad).shape);
          return tf.grad((xx) => tf.sum(tf.mul(tf.maxPool(xx as tf.Tensor4D, c.size, c.stride, c.pad), r)))(x);
        };
        expectClose(await on('wasm', f), await on('cpu', f), 1e-6);
      }
    });
  });

  it('sends the gradient of a tie to the first maximum, as the cpu backend', async () => {
    await withKernels(choice, async () => {
      // Windows [[3, 3], [0, 2]] and [[1, 5], [5, 5]]: maxima at their first positions (0 and 3).
      const f = () => tf.grad((x) => tf.sum(tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid')))(tf.tensor4d([3, 3, 1, 5, 0, 2, 5, 5], [1, 2, 4, 1]));
      const wasm = await on('wasm', f);
      expect(wasm).toEqual(await on('cpu', f));
      expect(wasm[0]).toEqual([1, 0, 0, 1, 0, 0, 0, 0]);
    });
  });

  it('leaks neither tensors nor wasm buffers', async () => {
    await withKernels(choice, async () => {
      const x = randn(3, [2, 6, 6, 5]);
      const g = () => tf.grad((xx) => tf.sum(tf.maxPool(xx as tf.Tensor4D, 2, 2, 'valid')))(x);
      tf.dispose(g());
      const buffers = wasmDataIds();
      expect(leakedTensors(g)).toBe(0);
      expect(wasmDataIds()).toBe(buffers);
      x.dispose();
    });
  });
});
