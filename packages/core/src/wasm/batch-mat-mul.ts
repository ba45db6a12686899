import * as tf from '@tensorflow/tfjs-core';
import type { WasmKernels } from './simd/kernels.js';
import { heapOffset, wasmBackendOf, type KernelArgs } from './wasm-backend.js';

const swapLastTwo = (rank: number): number[] => [...Array.from({ length: rank - 2 }, (_, i) => i), rank - 1, rank - 2];

/** Matrix sizes of a BatchMatMul: out [M, N] = op(a) [M, K] · op(b) [K, N], and whether both batch sizes are 1. */
const dims = (a: tf.TensorInfo, b: tf.TensorInfo, transposeA: boolean, transposeB: boolean) => {
  const [ra, rb] = [a.shape.length, b.shape.length];
  const M = transposeA ? a.shape[ra - 1]! : a.shape[ra - 2]!;
  const K = transposeA ? a.shape[ra - 2]! : a.shape[ra - 1]!;
  const N = transposeB ? b.shape[rb - 2]! : b.shape[rb - 1]!;
  const single = tf.util.sizeFromShape(a.shape.slice(0, -2)) === 1 && tf.util.sizeFromShape(b.shape.slice(0, -2)) === 1;
  const outer = (ra >= rb ? a : b).shape.slice(0, -2);
  return { M, K, N, single, outShape: [...outer, M, N] };
};

/**
 * The forms XNNPACK serves badly, run by mtlkit's kernels (null if the shapes are not one of them):
 * - a·bᵀ with a small output (M, N ≤ 64) and a long K ≥ 1024 — the Gramian J·Jᵀ: XNNPACK would
 *   get bᵀ transposed and packed (two copies of J), `dot_rows` reads a and b once, accumulating
 *   chunks in float64;
 * - w·b with few rows (M ≤ 8, K ≤ 64) and a long N ≥ 1024 — the combination wᵀJ — and its
 *   transposed twin aᵀ·w with w a column: XNNPACK would pack J, `combine_rows` streams it once.
 */
const smallOutput = (args: KernelArgs, k: WasmKernels, transposeA: boolean, transposeB: boolean): tf.TensorInfo | null => {
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return null;
  const { M, K, N, single, outShape } = dims(a, b, transposeA, transposeB);
  if (!single) return null;
  const backend = wasmBackendOf(args);
  if (!transposeA && transposeB && M <= 64 && N <= 64 && K >= 1024) {
    const out = backend.makeOutput(outShape, 'float32');
    const acc = backend.makeOutput([2 * M * N], 'float32');
    const same = a.dataId === b.dataId && M === N ? 1 : 0;
    k.dotRows(heapOffset(backend, a), heapOffset(backend, b), heapOffset(backend, out), heapOffset(backend, acc), M, N, K, same);
    backend.disposeData(acc.dataId);
    return out;
  }
  if (!transposeA && !transposeB && M <= 8 && K <= 64 && N >= 1024) {
    const out = backend.makeOutput(outShape, 'float32');
    k.combineRows(heapOffset(backend, a), heapOffset(backend, b), heapOffset(backend, out), M, K, N);
    return out;
  }
  if (transposeA && !transposeB && N === 1 && K <= 64 && M >= 1024) {
    // aᵀ·w = (wᵀ·a)ᵀ, and a [M, 1] result has the layout of a [1, M] one.
    const out = backend.makeOutput(outShape, 'float32');
    k.combineRows(heapOffset(backend, b), heapOffset(backend, a), heapOffset(backend, out), 1, K, M);
    return out;
  }
  return null;
};

/**
 * tfjs-backend-wasm 4.22 multiplies with XNNPACK only when neither operand is transposed; with a
 * transpose flag it runs a scalar loop about 7x slower, and every matMul gradient uses transposed
 * forms. This wrapper runs the small-output forms in mtlkit's kernels (`smallOutput`), and
 * otherwise transposes the flagged operands explicitly (wasm Transpose) and calls the fast path.
 * Same result to float32 rounding (tested against the cpu backend).
 */
export const fastBatchMatMul = (original: tf.KernelConfig, transpose: tf.KernelConfig, kernels: (args: KernelArgs) => WasmKernels | null): tf.KernelConfig => {
  const kernelFunc = (args: KernelArgs) => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
    const k = kernels(args);
    const small = k === null ? null : smallOutput(args, k, transposeA, transposeB);
    if (small !== null) return small;
    if (!transposeA && !transposeB) return original.kernelFunc(args);
    const backend = wasmBackendOf(args);
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
  return { ...original, kernelFunc: kernelFunc as tf.KernelFunc };
};
