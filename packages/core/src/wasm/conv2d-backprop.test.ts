import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { leakedTensors } from '../leaks.js';
import { CHOICES, expectClose, on, randn, wasmDataIds, withKernels } from './test-support.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

type Pad = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];
const configs: Array<{ x: number[]; w: number[]; stride: number | [number, number]; pad: Pad }> = [
  { x: [3, 9, 8, 2], w: [3, 3, 2, 4], stride: 1, pad: 'valid' },
  { x: [3, 9, 8, 2], w: [3, 3, 2, 4], stride: 1, pad: 'same' },
  { x: [3, 9, 8, 2], w: [3, 3, 2, 4], stride: 2, pad: 'same' },
  { x: [3, 9, 8, 2], w: [3, 3, 2, 4], stride: 2, pad: 'valid' },
  { x: [2, 10, 7, 3], w: [3, 2, 3, 5], stride: [3, 2], pad: 'valid' },
  { x: [3, 9, 8, 2], w: [3, 3, 2, 4], stride: 1, pad: 2 },
  { x: [2, 7, 9, 1], w: [5, 4, 1, 6], stride: 1, pad: [[0, 0], [1, 3], [0, 2], [0, 0]] },
  { x: [2, 12, 12, 5], w: [5, 5, 5, 7], stride: 1, pad: 'valid' },
  // Past the fused filter-gradient kernel's limits (co > 64, K = fh·fw·ci > 1024): im2col + matMul.
  { x: [2, 6, 6, 3], w: [3, 3, 3, 65], stride: 1, pad: 'same' },
  { x: [1, 5, 5, 120], w: [3, 3, 120, 2], stride: 2, pad: 'valid' },
];

describe.each(CHOICES)('conv2d gradients with MTLKIT_WASM_KERNELS=%s', (choice) => {
  it('match the cpu backend for strides, paddings and shapes', async () => {
    await withKernels(choice, async () => {
      for (const [i, c] of configs.entries()) {
        const f = () => {
          const x = randn(10 * i + 1, c.x);
          const w = randn(10 * i + 2, c.w);
          const r = randn(10 * i + 3, tf.conv2d(x, w, c.stride, c.pad).shape);
          const [gx, gw] = tf.grads((xx, ww) => tf.sum(tf.mul(tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, c.stride, c.pad), r)))([x, w]);
          return [gx!, gw!];
        };
        expectClose(await on('wasm', f), await on('cpu', f));
      }
    });
  });

  it('leak neither tensors nor wasm buffers', async () => {
    await withKernels(choice, async () => {
      const x = randn(1, [2, 8, 8, 3]);
      const w = randn(2, [3, 3, 3, 4]);
      for (const stride of [1, 2]) {
        const g = () => tf.grads((xx, ww) => tf.sum(tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, stride, 'same')))([x, w]);
        tf.dispose(g());
        const buffers = wasmDataIds();
        expect(leakedTensors(g)).toBe(0);
        expect(wasmDataIds()).toBe(buffers);
      }
      tf.dispose([x, w]);
    });
  });
});
