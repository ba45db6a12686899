import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { fromSeed, normal } from '../key.js';
import { WASM_KERNELS_FLAG, type KernelChoice } from './simd/kernels.js';

/** Test helpers of the wasm kernels (not exported from the package). */

/** Runs f on a backend and returns plain numbers, so results of two backends can be compared. */
export const on = async (backend: 'wasm' | 'cpu', f: () => tf.Tensor | tf.Tensor[]): Promise<number[][]> => {
  const previous = tf.getBackend();
  await tf.setBackend(backend);
  try {
    const out = tf.tidy(f);
    const list = Array.isArray(out) ? out : [out];
    const values = list.map((t) => Array.from(t.dataSync()));
    tf.dispose(list);
    return values;
  } finally {
    await tf.setBackend(previous);
  }
};

/** Worst difference relative to max(1, largest reference magnitude), per output, below tol. */
export const expectClose = (a: number[][], b: number[][], tol = 1e-4): void => {
  expect(a.length).toBe(b.length);
  a.forEach((row, i) => {
    const ref = b[i]!;
    expect(row.length).toBe(ref.length);
    const scale = Math.max(1, ...ref.map(Math.abs));
    const worst = Math.max(0, ...row.map((v, j) => (Object.is(v, ref[j]) ? 0 : Math.abs(v - ref[j]!))));
    expect(worst / scale).toBeLessThan(tol);
  });
};

/** A tensor of standard normal values from a seed (the same on every backend). */
export const randn = <T extends tf.Tensor = tf.Tensor4D>(seed: number, shape: number[]): T =>
  tf.tensor(Float32Array.from(normal(fromSeed(seed), shape.reduce((a, b) => a * b, 1))), shape) as T;

/** Every choice of mtlkit's kernels the tests run on the wasm backend. */
export const CHOICES: readonly KernelChoice[] = ['simd', 'scalar', 'none'];

/** Runs f with MTLKIT_WASM_KERNELS set to a choice, restoring 'auto' after. */
export const withKernels = async <A>(choice: KernelChoice, f: () => Promise<A>): Promise<A> => {
  tf.env().set(WASM_KERNELS_FLAG, choice);
  try {
    return await f();
  } finally {
    tf.env().set(WASM_KERNELS_FLAG, 'auto');
  }
};

/** The wasm backend's number of live data buffers (scratch buffers a kernel forgets show up here). */
export const wasmDataIds = (): number => (tf.engine().findBackend('wasm') as unknown as { numDataIds(): number }).numDataIds();
