import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { leakedTensors } from '../leaks.js';
import { CHOICES, expectClose, on, randn, wasmDataIds, withKernels } from './test-support.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

const pairs: Array<[number[], number[]]> = [
  [[4, 5, 5, 10], [10]],
  [[10], [4, 5, 5, 10]],
  [[7, 3], [1, 3]],
  [[6, 256], [256]],
  [[3, 2, 9], [1, 1, 9]],
  [[5, 1], [1]],
  [[1, 6], [6]],
  [[4, 3], [4, 1]],
  [[2, 3, 4], [3, 4]],
  [[3, 4], [3, 4]],
];

describe.each(CHOICES)('Add with MTLKIT_WASM_KERNELS=%s', (choice) => {
  it('matches the cpu backend for biases along the last axis and every other broadcast', async () => {
    await withKernels(choice, async () => {
      for (const [i, [sa, sb]] of pairs.entries()) {
        const f = () => {
          const [a, b] = [randn(30 * i + 1, sa), randn(30 * i + 2, sb)];
          const r = randn(30 * i + 3, tf.add(a, b).shape);
          const [ga, gb] = tf.grads((aa, bb) => tf.sum(tf.mul(tf.add(aa, bb), r)))([a, b]);
          return [tf.add(a, b), ga!, gb!];
        };
        const wasm = await on('wasm', f);
        const cpu = await on('cpu', f);
        expect(wasm[0]).toEqual(cpu[0]);
        expectClose(wasm, cpu, 1e-6);
      }
    });
  });

  it('keeps int32 adds and shapes', async () => {
    await withKernels(choice, async () => {
      const f = () => tf.add(tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32'), tf.tensor1d([10, 20], 'int32'));
      const out = tf.tidy(f);
      expect(out.dtype).toBe('int32');
      expect(out.shape).toEqual([2, 2]);
      expect(Array.from(out.dataSync())).toEqual([11, 22, 13, 24]);
      out.dispose();
    });
  });

  it('leaks neither tensors nor wasm buffers', async () => {
    await withKernels(choice, async () => {
      const [a, b] = [randn(1, [3, 4, 5]), randn(2, [5])];
      const buffers = wasmDataIds();
      expect(leakedTensors(() => tf.add(a, b))).toBe(0);
      expect(wasmDataIds()).toBe(buffers);
      tf.dispose([a, b]);
    });
  });
});
