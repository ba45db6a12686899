import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { leakedTensors } from '../leaks.js';
import { installWasmKernels } from './install-wasm-kernels.js';
import { CHOICES, expectClose, on, randn as seededRandn, withKernels } from './test-support.js';

let seedCounter = 0;
/** The next seeded normal tensor; tests reset `seedCounter` so that both backends see the same values. */
const randn = <T extends tf.Tensor = tf.Tensor4D>(shape: number[]): T => seededRandn<T>(++seedCounter, shape);

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe('wasm kernels installed by mtlkit', () => {
  it('installs idempotently and covers every kernel a training loop needs', () => {
    installWasmKernels();
    expect(installWasmKernels()).toEqual([]);
    const names = new Set(tf.getKernelsForBackend('wasm').map((k) => k.kernelName));
    for (const k of ['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput', 'UnsortedSegmentSum']) {
      expect(names.has(k)).toBe(true);
    }
  });

  it('BatchMatMul matches the cpu backend for every transpose combination, batched or not', async () => {
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      for (const batch of [[], [3]]) {
        const sa = ta ? [...batch, 7, 5] : [...batch, 5, 7];
        const sb = tb ? [...batch, 4, 7] : [...batch, 7, 4];
        seedCounter = 100;
        const f = () => tf.matMul(randn(sa), randn(sb), ta, tb);
        const wasm = await on('wasm', f);
        seedCounter = 100;
        expectClose(wasm, await on('cpu', f), 1e-5);
      }
    }
  });

  it('BatchMatMul in its small-output forms (Gramian, combinations) matches the cpu backend for every kernel choice', async () => {
    for (const choice of CHOICES) {
      await withKernels(choice, async () => {
        const f = () => {
          seedCounter = 150;
          const J = randn<tf.Tensor2D>([7, 3000]);
          const A = randn<tf.Tensor2D>([3, 1500]);
          const w = randn<tf.Tensor2D>([2, 7]);
          const col = randn<tf.Tensor2D>([7, 1]);
          return [tf.matMul(J, J, false, true), tf.matMul(A, tf.slice(J, [0, 0], [7, 1500]), false, true), tf.matMul(w, J), tf.matMul(J, col, true, false), tf.matMul(randn([1, 64]), randn([64, 1100]))];
        };
        const wasm = await on('wasm', f);
        expectClose(wasm, await on('cpu', f), 1e-5);
        expect(wasm[0]).toEqual(wasm[0]!.map((_, i) => wasm[0]![(i % 7) * 7 + Math.floor(i / 7)]));
      });
    }
  });

  it('depthwise conv2d gradients match the cpu backend', async () => {
    const f = () => {
      seedCounter = 300;
      const x = randn([2, 7, 7, 3]);
      const w = randn([3, 3, 3, 2]);
      const [gx, gw] = tf.grads((xx, ww) => tf.sum(tf.square(tf.depthwiseConv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, 1, 'same'))))([x, w]);
      return [gx!, gw!];
    };
    expectClose(await on('wasm', f), await on('cpu', f));
  });

  it('unsortedSegmentSum and the gather gradient match the cpu backend', async () => {
    const f = () => {
      seedCounter = 400;
      const x = randn([6, 3]);
      const seg = tf.unsortedSegmentSum(x, tf.tensor1d([0, 2, 0, 1, 2, 2], 'int32'), 3);
      const g = tf.grad((t) => tf.sum(tf.square(tf.gather(t, tf.tensor1d([5, 0, 0, 3], 'int32')))))(x);
      return [seg, g];
    };
    expectClose(await on('wasm', f), await on('cpu', f));
  });

  it('a LeNet-style conv net gradient on wasm equals the cpu one', async () => {
    const f = () => {
      seedCounter = 500;
      const x = randn([4, 36, 36, 1]);
      const w1 = tf.mul(randn([5, 5, 1, 6]), 0.2);
      const w2 = tf.mul(randn([5, 5, 6, 8]), 0.1);
      const w3 = tf.mul(randn([8 * 6 * 6, 10]), 0.05);
      const net = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => {
        const h1 = tf.maxPool(tf.relu(tf.conv2d(x, a as tf.Tensor4D, 1, 'valid')), 2, 2, 'valid');
        const h2 = tf.maxPool(tf.relu(tf.conv2d(h1, b as tf.Tensor4D, 1, 'valid')), 2, 2, 'valid');
        return tf.mean(tf.square(tf.matMul(tf.reshape(h2, [4, -1]), c as tf.Tensor2D)));
      };
      return tf.grads(net)([w1, w2, w3]);
    };
    expectClose(await on('wasm', f), await on('cpu', f));
  });

  it('leaks no tensor through the patched kernels', () => {
    const [a, b] = [randn([5, 4]), randn([6, 4])];
    expect(leakedTensors(() => tf.matMul(a, b, false, true))).toBe(0);
    const x = randn([2, 6, 6, 1]);
    const w = randn([3, 3, 1, 2]);
    expect(leakedTensors(() => tf.grad((ww) => tf.sum(tf.conv2d(x, ww as tf.Tensor4D, 1, 'same')))(w))).toBe(0);
    const ids = tf.tensor1d([0, 1, 0, 1, 1], 'int32');
    expect(leakedTensors(() => tf.unsortedSegmentSum(a, ids, 2))).toBe(0);
    tf.dispose([a, b, x, w, ids]);
  });
});
