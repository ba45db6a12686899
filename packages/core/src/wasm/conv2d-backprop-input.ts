import * as tf from '@tensorflow/tfjs-core';
import type { WasmKernels } from './simd/kernels.js';
import { callKernel, heapOffset, wasmBackendOf, type KernelArgs } from './wasm-backend.js';

/** filter [fh, fw, ci, co] turned 180° with its channel axes swapped: [fh, fw, co, ci]. */
const flippedFilter = (args: KernelArgs, filter: tf.TensorInfo): tf.TensorInfo => {
  const backend = wasmBackendOf(args);
  const [fh, fw, ci, co] = filter.shape as [number, number, number, number];
  const out = backend.makeOutput([fh, fw, co, ci], 'float32');
  // Views are taken after the allocation: growing the wasm heap detaches earlier views.
  const w = backend.typedArrayFromHeap(filter);
  const f = backend.typedArrayFromHeap(out);
  for (let kh = 0; kh < fh; kh++) {
    for (let kw = 0; kw < fw; kw++) {
      const src = ((fh - 1 - kh) * fw + (fw - 1 - kw)) * ci * co;
      const dst = (kh * fw + kw) * co * ci;
      for (let i = 0; i < ci; i++) for (let o = 0; o < co; o++) f[dst + o * ci + i] = w[src + i * co + o]!;
    }
  }
  return out;
};

/**
 * The gradient of a 2-D convolution with respect to its input, dx[b, h, w, ci] =
 * Σ_{kh, kw, co} dy[b, (h + pt − kh)/sh, (w + pl − kw)/sw, co] · W[kh, kw, ci, co], for the wasm
 * backend, whose own kernel is a scalar loop (tfjs-backend-wasm 4.22): dy·Wᵀ (one fast matMul,
 * N × K with N = b·oh·ow, K = fh·fw·ci) scattered back by col2im (mtlkit's kernel). Without
 * mtlkit's kernels, at stride 1: the convolution of dy, padded by fh − 1 − pt (top) and so on,
 * with W turned 180° and its channel axes swapped — one XNNPACK convolution, about 1.6× slower
 * on LeNet's shapes as it also multiplies the padding. NCHW and the rest run the original kernel.
 */
export const conv2dBackpropInput = (
  original: tf.KernelConfig,
  conv2d: tf.KernelConfig,
  batchMatMul: tf.KernelConfig,
  kernels: (args: KernelArgs) => WasmKernels | null,
): tf.KernelConfig => ({
  ...original,
  kernelFunc: ((args: KernelArgs) => {
    const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
    if (dataFormat === 'NCHW' || dy.dtype !== 'float32' || filter.dtype !== 'float32') return original.kernelFunc(args);
    const info = tf.backend_util.computeConv2DInfo(inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false, 'channelsLast');
    const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight: fh, filterWidth: fw } = info;
    const { top, left } = info.padInfo;
    const backend = wasmBackendOf(args);
    const k = kernels(args);
    if (k !== null) {
      const N = batchSize * outHeight * outWidth;
      const K = fh * fw * inChannels;
      const cols = callKernel(
        batchMatMul,
        args,
        { a: { ...dy, shape: [1, N, outChannels] }, b: { ...filter, shape: [1, K, outChannels] } },
        { transposeA: false, transposeB: true },
      );
      try {
        const dx = backend.makeOutput([...inputShape], 'float32');
        k.col2im(heapOffset(backend, cols), heapOffset(backend, dx), batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, fh, fw, info.strideHeight, info.strideWidth, 1, 1, top, left);
        return dx;
      } finally {
        backend.disposeData(cols.dataId);
      }
    }
    const pads = [fh - 1 - top, inHeight - outHeight + top, fw - 1 - left, inWidth - outWidth + left] as const;
    if (info.strideHeight !== 1 || info.strideWidth !== 1 || pads.some((p) => p < 0)) return original.kernelFunc(args);
    const flipped = flippedFilter(args, filter);
    try {
      return callKernel(conv2d, args, { x: dy, filter: flipped }, {
        strides: [1, 1],
        dilations: [1, 1],
        pad: [[0, 0], [pads[0], pads[1]], [pads[2], pads[3]], [0, 0]],
        dataFormat: 'NHWC',
      });
    } finally {
      backend.disposeData(flipped.dataId);
    }
  }) as tf.KernelFunc,
});
