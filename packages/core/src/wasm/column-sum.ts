import * as tf from '@tensorflow/tfjs-core';
import type { WasmKernels } from './simd/kernels.js';
import { heapOffset, wasmBackendOf, type KernelArgs } from './wasm-backend.js';

/**
 * `Sum` over every axis but the last (the gradient of a bias) in one pass of mtlkit's kernel, in
 * blocks of 64 rows; tfjs-backend-wasm 4.22 first transposes the tensor so that the reduced axes
 * are innermost. Other sums keep the original kernel.
 */
export const columnSum = (original: tf.KernelConfig, kernels: (args: KernelArgs) => WasmKernels | null): tf.KernelConfig => ({
  ...original,
  kernelFunc: ((args: KernelArgs) => {
    const x = args.inputs['x']!;
    const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
    const rank = x.shape.length;
    if (x.dtype !== 'float32' || rank < 2) return original.kernelFunc(args);
    const axes = [...tf.util.parseAxisParam(axis, x.shape)].sort((p, q) => p - q);
    const leading = axes.length === rank - 1 && axes.every((ax, i) => ax === i);
    const k = leading ? kernels(args) : null;
    if (k === null) return original.kernelFunc(args);
    const backend = wasmBackendOf(args);
    const cols = x.shape[rank - 1]!;
    const rows = tf.util.sizeFromShape([...x.shape]) / cols;
    const out = backend.makeOutput(keepDims ? [...Array<number>(rank - 1).fill(1), cols] : [cols], 'float32');
    const part = backend.makeOutput([cols], 'float32');
    try {
      k.columnSum(heapOffset(backend, x), heapOffset(backend, out), heapOffset(backend, part), rows, cols);
    } finally {
      backend.disposeData(part.dataId);
    }
    return out;
  }) as tf.KernelFunc,
});
