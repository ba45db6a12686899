import * as tf from '@tensorflow/tfjs-core';
import type { WasmKernels } from './simd/kernels.js';
import { callKernel, heapOffset, wasmBackendOf, type KernelArgs } from './wasm-backend.js';

type Info = tf.backend_util.Conv2DInfo;

/** im2col in JavaScript, for when mtlkit's wasm kernels are unavailable: cols[k, n] as `im2col` of kernels.c. */
const im2colJs = (x: tf.backend_util.TypedArray, cols: tf.backend_util.TypedArray, info: Info): void => {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth } = info;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const { top, left } = info.padInfo;
  const N = batchSize * outHeight * outWidth;
  cols.fill(0);
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const n = (b * outHeight + oh) * outWidth + ow;
        for (let kh = 0; kh < fh; kh++) {
          const ih = oh * sh + kh * dh - top;
          if (ih < 0 || ih >= inHeight) continue;
          for (let kw = 0; kw < fw; kw++) {
            const iw = ow * sw + kw * dw - left;
            if (iw < 0 || iw >= inWidth) continue;
            const src = ((b * inHeight + ih) * inWidth + iw) * inChannels;
            const row = (kh * fw + kw) * inChannels;
            for (let ci = 0; ci < inChannels; ci++) cols[(row + ci) * N + n] = x[src + ci]!;
          }
        }
      }
    }
  }
};

/**
 * dW with mtlkit's `conv2d_filter_grad`: the patches (im2col) and dyᵀ of a chunk of output pixels
 * are formed in cache and every (patch row, output channel) dot product accumulated in float64 —
 * no N × K patch matrix in memory, no packing of dy (XNNPACK's GEMM for this shape, a long K and a
 * tiny output, runs at a third of the speed). For K ≤ 1024 and co ≤ 64, the shapes of small nets.
 */
const fused = (args: KernelArgs, k: WasmKernels, x: tf.TensorInfo, dy: tf.TensorInfo, info: Info): tf.TensorInfo | null => {
  const K = info.filterHeight * info.filterWidth * info.inChannels;
  const co = info.outChannels;
  if (K > 1024 || co > 64) return null;
  const backend = wasmBackendOf(args);
  // Patches and dyᵀ of one chunk fill at most 512 KB (within a core's L2 cache), chunks of 64 to 512 pixels.
  const chunk = Math.max(64, Math.min(512, Math.floor(131072 / (K + co)) & ~3));
  const out = backend.makeOutput([info.filterHeight, info.filterWidth, info.inChannels, co], 'float32');
  const scratch = backend.makeOutput([2 * K * co + (K + co) * chunk], 'float32');
  const base = heapOffset(backend, scratch);
  k.conv2dFilterGrad(heapOffset(backend, x), heapOffset(backend, dy), heapOffset(backend, out), base, base + 8 * K * co, base + 8 * K * co + 4 * K * chunk, co, chunk,
    info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth, info.padInfo.top, info.padInfo.left);
  backend.disposeData(scratch.dataId);
  return out;
};

/**
 * dW = im2col(x) · dy: the patches as a K × N matrix (K = kh·kw·ci, N = b·oh·ow) times dy viewed
 * as N × co, one fast matMul (im2col by mtlkit's kernel, else in JavaScript).
 */
const viaIm2col = (args: KernelArgs, batchMatMul: tf.KernelConfig, k: WasmKernels | null, x: tf.TensorInfo, dy: tf.TensorInfo, info: Info): tf.TensorInfo => {
  const backend = wasmBackendOf(args);
  const K = info.filterHeight * info.filterWidth * info.inChannels;
  const N = info.batchSize * info.outHeight * info.outWidth;
  const cols = backend.makeOutput([1, K, N], 'float32');
  try {
    if (k !== null) {
      k.im2col(heapOffset(backend, x), heapOffset(backend, cols), info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth,
        info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth, info.padInfo.top, info.padInfo.left);
    } else {
      // Views are taken after the allocation: growing the wasm heap detaches earlier views.
      im2colJs(backend.typedArrayFromHeap(x), backend.typedArrayFromHeap(cols), info);
    }
    const out = callKernel(batchMatMul, args, { a: cols, b: { ...dy, shape: [1, N, info.outChannels] } }, { transposeA: false, transposeB: false });
    return { ...out, shape: [info.filterHeight, info.filterWidth, info.inChannels, info.outChannels] };
  } finally {
    backend.disposeData(cols.dataId);
  }
};

/**
 * dW as a convolution (batch and channels swapped): dW[kh, kw, ci, co] = Σ_{oh, ow, b}
 * xᵀ[ci, kh + oh·sh − pt, kw + ow·sw − pl, b] · dyᵀ[oh, ow, b, co], i.e. the convolution of
 * xᵀ = x transposed to [ci, H, W, b] with the filter dyᵀ = dy transposed to [oh, ow, b, co] at
 * dilation (sh, sw): one XNNPACK convolution (the wasm `Conv2D`) and three wasm transposes. Null
 * when the bottom or right padding would have to be negative (rows of x no window reaches).
 */
const viaConv = (args: KernelArgs, conv2d: tf.KernelConfig, transpose: tf.KernelConfig, x: tf.TensorInfo, dy: tf.TensorInfo, info: Info): tf.TensorInfo | null => {
  const { inHeight, inWidth, outHeight, outWidth, strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
  const { top, bottom, left, right } = info.padInfo;
  const bottom2 = bottom - (inHeight + top + bottom - (outHeight - 1) * sh - 1 - (fh - 1));
  const right2 = right - (inWidth + left + right - (outWidth - 1) * sw - 1 - (fw - 1));
  if (bottom2 < 0 || right2 < 0) return null;
  const backend = wasmBackendOf(args);
  const xT = callKernel(transpose, args, { x }, { perm: [3, 1, 2, 0] });
  const dyT = callKernel(transpose, args, { x: dy }, { perm: [1, 2, 0, 3] });
  let r: tf.TensorInfo | null = null;
  try {
    r = callKernel(conv2d, args, { x: xT, filter: dyT }, { strides: [1, 1], dilations: [sh, sw], pad: [[0, 0], [top, bottom2], [left, right2], [0, 0]], dataFormat: 'NHWC' });
    return callKernel(transpose, args, { x: r }, { perm: [1, 2, 0, 3] });
  } finally {
    backend.disposeData(xT.dataId);
    backend.disposeData(dyT.dataId);
    if (r !== null) backend.disposeData(r.dataId);
  }
};

/**
 * The gradient of a 2-D convolution with respect to its filter, for the wasm backend (missing in
 * tfjs-backend-wasm 4.22): dW[kh, kw, ci, co] = Σ_{b, oh, ow} x[b, oh·sh + kh − pt, ow·sw + kw − pl, ci] · dy[b, oh, ow, co],
 * by mtlkit's fused kernel (`fused`) for small filters, else im2col + one fast matMul. Without mtlkit's kernels: one XNNPACK
 * convolution of the transposed tensors (`viaConv`, as fast on LeNet's second layer, 1.8× slower
 * on its first), else im2col in JavaScript. NHWC only (the caller bridges NCHW to the cpu backend).
 */
export const conv2dBackpropFilter = (
  batchMatMul: tf.KernelConfig,
  conv2d: tf.KernelConfig,
  transpose: tf.KernelConfig,
  kernels: (args: KernelArgs) => WasmKernels | null,
): tf.KernelFunc =>
  ((args: KernelArgs) => {
    const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const { strides, pad, dimRoundingMode, filterShape } = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
    const k = kernels(args);
    return (k === null ? viaConv(args, conv2d, transpose, x, dy, info) : fused(args, k, x, dy, info)) ?? viaIm2col(args, batchMatMul, k, x, dy, info);
  }) as tf.KernelFunc;
