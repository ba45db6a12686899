import * as tf from '@tensorflow/tfjs-core';
import type { KernelArgs, WasmBackend } from './wasm-backend.js';

const FAST = Symbol.for('mtlkit.fastBatchMatMul');

const swapLastTwo = (rank: number): number[] => [...Array.from({ length: rank - 2 }, (_, i) => i), rank - 1, rank - 2];

/**
 * tfjs-backend-wasm 4.22 multiplies with XNNPACK only when neither operand is transposed; with a
 * transpose flag it runs a scalar loop about 7x slower, and every matMul gradient uses transposed
 * forms. This wrapper transposes the flagged operands explicitly (wasm Transpose) and calls the
 * fast path. Same result to float32 rounding (tested against the cpu backend).
 */
export const fastBatchMatMul = (original: tf.KernelConfig): tf.KernelConfig => {
  if ((original.kernelFunc as unknown as Record<symbol, boolean>)[FAST]) return original;
  const transpose = tf.getKernel(tf.Transpose, 'wasm');
  if (transpose === undefined) return original;
  const kernelFunc = (args: KernelArgs) => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
    if (!transposeA && !transposeB) return original.kernelFunc(args);
    const backend = args.backend as unknown as WasmBackend;
    const explicit = (x: tf.TensorInfo): tf.TensorInfo =>
      transpose.kernelFunc({ inputs: { x }, backend: args.backend, attrs: { perm: swapLastTwo(x.shape.length) } }) as tf.TensorInfo;
    const a2 = transposeA ? explicit(a) : a;
    const b2 = transposeB ? explicit(b) : b;
    try {
      return original.kernelFunc({ ...args, inputs: { a: a2, b: b2 }, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
    } finally {
      if (transposeA) backend.disposeData(a2.dataId);
      if (transposeB) backend.disposeData(b2.dataId);
    }
  };
  Object.defineProperty(kernelFunc, FAST, { value: true });
  return { ...original, kernelFunc: kernelFunc as tf.KernelFunc };
};
