import * as tf from '@tensorflow/tfjs-core';
import { fastBatchMatMul } from './batch-mat-mul.js';
import { conv2dBackpropFilter } from './conv2d-backprop-filter.js';
import { cpuBridge } from './cpu-bridge.js';
import type { KernelArgs } from './wasm-backend.js';

/** Kernels that make no sense to bridge (string, ragged and drawing ops). */
const NOT_BRIDGED = new Set(['Draw', 'StaticRegexReplace', 'RaggedGather', 'RaggedRange', 'RaggedTensorToTensor']);

const replace = (config: tf.KernelConfig): void => {
  if (tf.getKernel(config.kernelName, config.backendName) !== undefined) tf.unregisterKernel(config.kernelName, config.backendName);
  tf.registerKernel(config);
};

/**
 * Makes the wasm backend complete and fast for training (idempotent):
 * - BatchMatMul with transposed operands goes through XNNPACK (see `fastBatchMatMul`);
 * - Conv2DBackpropFilter, missing in tfjs-backend-wasm 4.22, runs as im2col + matMul;
 * - every other kernel the cpu backend has and wasm lacks (UnsortedSegmentSum, the
 *   DepthwiseConv2dNative backprops, Einsum, FFT...) runs through the cpu bridge.
 * Returns the names of the kernels it added or replaced.
 */
export const installWasmKernels = (): readonly string[] => {
  const installed: string[] = [];
  const matMul = tf.getKernel(tf.BatchMatMul, 'wasm');
  if (matMul === undefined) return installed;
  const fast = fastBatchMatMul(matMul);
  if (fast !== matMul) {
    replace(fast);
    installed.push(tf.BatchMatMul);
  }
  if (tf.getKernel(tf.Conv2DBackpropFilter, 'wasm') === undefined) {
    const native = conv2dBackpropFilter(fast);
    const bridge = cpuBridge(tf.Conv2DBackpropFilter).kernelFunc;
    tf.registerKernel({
      kernelName: tf.Conv2DBackpropFilter,
      backendName: 'wasm',
      kernelFunc: ((args: KernelArgs) =>
        (args.attrs as unknown as tf.Conv2DBackpropFilterAttrs).dataFormat === 'NCHW' ? bridge(args) : native(args)) as tf.KernelFunc,
    });
    installed.push(tf.Conv2DBackpropFilter);
  }
  const onWasm = new Set(tf.getKernelsForBackend('wasm').map((k) => k.kernelName));
  for (const { kernelName } of tf.getKernelsForBackend('cpu')) {
    if (onWasm.has(kernelName) || NOT_BRIDGED.has(kernelName)) continue;
    tf.registerKernel(cpuBridge(kernelName));
    installed.push(kernelName);
  }
  return installed;
};
