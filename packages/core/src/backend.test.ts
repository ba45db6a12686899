import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initBackend, registerGradients } from './backend.js';

describe('initBackend', () => {
  it('starts WASM with SIMD in Node, with gradients registered', async () => {
    const info = await initBackend();
    expect(info.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(info.simd).toBe(true);
    const g = tf.grad((x) => tf.sum(tf.square(x)))(tf.tensor1d([1, -2, 3]));
    expect(Array.from(g.dataSync())).toEqual([2, -4, 6]);
  });

  it('gives the cpu backend when asked, and is idempotent', async () => {
    expect((await initBackend({ prefer: 'cpu' })).name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    await registerGradients();
    expect((await initBackend()).name).toBe('wasm');
    expect((await initBackend()).name).toBe('wasm');
  });

  it('falls back to cpu with exactly one warning when WASM cannot start, and starts WASM again once it can', async () => {
    const warnings: string[] = [];
    // Test files share the tfjs engine (vitest's isolate: false), so the real wasm registration is
    // put back at the end.
    const real = tf.engine().registryFactory['wasm']!;
    // A wasm backend whose initialisation fails, as when the .wasm binary cannot be loaded.
    tf.removeBackend('wasm');
    tf.registerBackend('wasm', async () => {
      throw new Error('no wasm binary here');
    });
    try {
      const info = await initBackend({ warn: (m) => warnings.push(m) });
      expect(info.name).toBe('cpu');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/WASM backend could not start.*falling back to the slower cpu backend/);
    } finally {
      tf.removeBackend('wasm');
      tf.registerBackend('wasm', real.factory, real.priority);
    }
    const again = await initBackend({ warn: (m) => warnings.push(m) });
    expect(again).toMatchObject({ name: 'wasm', simd: true, kernels: 'simd' });
    expect(warnings).toHaveLength(1);
    const x = tf.tensor1d([1, -2, 3]);
    const g = tf.grad((v) => tf.sum(tf.square(v)))(x);
    expect(Array.from(g.dataSync())).toEqual([2, -4, 6]);
    tf.dispose([x, g]);
  });
});
