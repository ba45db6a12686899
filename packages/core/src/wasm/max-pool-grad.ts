import * as tf from '@tensorflow/tfjs-core';
import type { WasmKernels } from './simd/kernels.js';
import { heapOffset, wasmBackendOf, type KernelArgs } from './wasm-backend.js';

/**
 * The gradient of a 2-D max pool (NHWC) in one pass of mtlkit's kernel: each window's dy goes to
 * the first position holding its maximum (tfjs-backend-cpu's rule), overlapping windows add up.
 * tfjs-backend-wasm 4.22's own kernel is about 20× slower, and wrong for batches of more than
 * one image. Without mtlkit's kernels `fallback` runs (the cpu bridge).
 */
export const maxPoolGrad = (fallback: tf.KernelConfig, kernels: (args: KernelArgs) => WasmKernels | null): tf.KernelConfig => ({
  ...fallback,
  kernelName: tf.MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: ((args: KernelArgs) => {
    const { dy, input } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
    const k = input.dtype === 'float32' && dy.dtype === 'float32' ? kernels(args) : null;
    if (k === null) return fallback.kernelFunc(args);
    const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as tf.MaxPoolGradAttrs;
    const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
    const backend = wasmBackendOf(args);
    const dx = backend.makeOutput([...input.shape], 'float32');
    k.maxPoolGrad(
      heapOffset(backend, input),
      heapOffset(backend, dy),
      heapOffset(backend, dx),
      info.batchSize,
      info.inHeight,
      info.inWidth,
      info.inChannels,
      info.outHeight,
      info.outWidth,
      info.filterHeight,
      info.filterWidth,
      info.strideHeight,
      info.strideWidth,
      info.dilationHeight,
      info.dilationWidth,
      info.padInfo.top,
      info.padInfo.left,
    );
    return dx;
  }) as tf.KernelFunc,
});
