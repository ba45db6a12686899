import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { leakedTensors } from '../leaks.js';
import { CHOICES, expectClose, on, randn, wasmDataIds, withKernels } from './test-support.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

const cases: Array<{ shape: number[]; axis: number | number[]; keepDims: boolean }> = [
  { shape: [300, 7], axis: 0, keepDims: false },
  { shape: [4, 6, 5, 10], axis: [0, 1, 2], keepDims: false },
  { shape: [4, 6, 5, 10], axis: [2, 0, 1], keepDims: true },
  { shape: [9, 3, 4], axis: [-3, -2], keepDims: false },
  { shape: [9, 3, 4], axis: [0, 2], keepDims: false },
  { shape: [9, 3, 4], axis: [1, 2], keepDims: true },
  { shape: [9, 3, 4], axis: -1, keepDims: false },
  { shape: [8, 1], axis: 0, keepDims: false },
  { shape: [17], axis: 0, keepDims: false },
];

describe.each(CHOICES)('Sum with MTLKIT_WASM_KERNELS=%s', (choice) => {
  it('matches the cpu backend over leading axes and every other reduction', async () => {
    await withKernels(choice, async () => {
      for (const [i, c] of cases.entries()) {
        const f = () => {
          const s = tf.sum(randn(40 * i + 1, c.shape), c.axis, c.keepDims);
          return [s, tf.reshape(tf.tensor1d(s.shape.length === 0 ? [0] : s.shape, 'float32'), [-1])];
        };
        const wasm = await on('wasm', f);
        const cpu = await on('cpu', f);
        expect(wasm[1]).toEqual(cpu[1]);
        expectClose(wasm, cpu, 1e-5);
      }
    });
  });

  it('leaks neither tensors nor wasm buffers', async () => {
    await withKernels(choice, async () => {
      const x = randn(5, [6, 5, 4]);
      const buffers = wasmDataIds();
      expect(leakedTensors(() => tf.sum(x, [0, 1]))).toBe(0);
      expect(wasmDataIds()).toBe(buffers);
      x.dispose();
    });
  });
});
