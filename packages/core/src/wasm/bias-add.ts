import * as tf from '@tensorflow/tfjs-core';
import type { WasmKernels } from './simd/kernels.js';
import { heapOffset, wasmBackendOf, type KernelArgs } from './wasm-backend.js';

/** Size of the last axis if `small` broadcasts along the last axis of `big` only ([C] or [1,…,1,C]). */
const lastAxisBroadcast = (big: readonly number[], small: readonly number[]): number | null => {
  if (big.length === 0 || small.length === 0 || small.length > big.length) return null;
  const c = big[big.length - 1]!;
  if (small[small.length - 1] !== c) return null;
  if (!small.slice(0, -1).every((d) => d === 1)) return null;
  const size = tf.util.sizeFromShape([...big]);
  return size > c ? c : null;
};

/**
 * `Add` of a tensor and a bias along its last axis ([..., C] + [C], either order) — the bias of
 * every dense and convolution layer — in one pass of mtlkit's kernel, where tfjs-backend-wasm 4.22
 * runs a generic broadcasting loop about 10× slower. Other adds keep the original kernel.
 */
export const biasAdd = (original: tf.KernelConfig, kernels: (args: KernelArgs) => WasmKernels | null): tf.KernelConfig => ({
  ...original,
  kernelFunc: ((args: KernelArgs) => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return original.kernelFunc(args);
    const [big, small] = lastAxisBroadcast(a.shape, b.shape) !== null ? [a, b] : [b, a];
    const cols = lastAxisBroadcast(big.shape, small.shape);
    const k = cols === null ? null : kernels(args);
    if (cols === null || k === null) return original.kernelFunc(args);
    const backend = wasmBackendOf(args);
    const out = backend.makeOutput([...big.shape], 'float32');
    k.biasAdd(heapOffset(backend, big), heapOffset(backend, small), heapOffset(backend, out), tf.util.sizeFromShape([...big.shape]) / cols, cols);
    return out;
  }) as tf.KernelFunc,
});
