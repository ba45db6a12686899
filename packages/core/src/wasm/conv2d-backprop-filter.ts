import * as tf from '@tensorflow/tfjs-core';
import type { KernelArgs, WasmBackend } from './wasm-backend.js';

/**
 * The gradient of a 2-D convolution with respect to its filter, for the wasm backend (missing in
 * tfjs-backend-wasm 4.22): dW[kh, kw, ci, co] = Σ_{b, oh, ow} x[b, oh·sh + kh·dh − pt, ow·sw + kw·dw − pl, ci] · dy[b, oh, ow, co],
 * computed as im2col (patches laid out as a K x N matrix, K = kh·kw·ci, N = b·oh·ow) times dy
 * viewed as N x co, one fast matMul. NHWC only; other layouts go through the cpu bridge.
 */
export const conv2dBackpropFilter = (batchMatMul: tf.KernelConfig): tf.KernelFunc =>
  ((args: KernelArgs) => {
    const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const { strides, pad, dimRoundingMode, filterShape } = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    const backend = args.backend as unknown as WasmBackend;
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filterShape,
      strides,
      1,
      pad,
      dimRoundingMode,
      false,
      'channelsLast',
    );
    const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
    const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
    const { top, left } = info.padInfo;
    const K = fh * fw * inChannels;
    const N = batchSize * outHeight * outWidth;
    const cols = backend.makeOutput([1, K, N], 'float32');
    // Views are taken after the allocation: growing the wasm heap detaches earlier views.
    const xv = backend.typedArrayFromHeap(x);
    const cv = backend.typedArrayFromHeap(cols);
    cv.fill(0);
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
              for (let ci = 0; ci < inChannels; ci++) cv[(row + ci) * N + n] = xv[src + ci]!;
            }
          }
        }
      }
    }
    const dy2: tf.TensorInfo = { dataId: dy.dataId, shape: [1, N, outChannels], dtype: 'float32' };
    try {
      const out = batchMatMul.kernelFunc({
        inputs: { a: cols, b: dy2 },
        backend: args.backend,
        attrs: { transposeA: false, transposeB: false },
      }) as tf.TensorInfo;
      return { ...out, shape: [...filterShape] };
    } finally {
      backend.disposeData(cols.dataId);
    }
  }) as tf.KernelFunc;
