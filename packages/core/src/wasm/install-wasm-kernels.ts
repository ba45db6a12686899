import * as tf from '@tensorflow/tfjs-core';
import { fastBatchMatMul } from './batch-mat-mul.js';
import { biasAdd } from './bias-add.js';
import { cast } from './cast.js';
import { columnSum } from './column-sum.js';
import { conv2dBackpropFilter } from './conv2d-backprop-filter.js';
import { conv2dBackpropInput } from './conv2d-backprop-input.js';
import { cpuBridge } from './cpu-bridge.js';
import { maxPoolGrad } from './max-pool-grad.js';
import { sharedIdentity } from './shared-identity.js';
import { registerKernelsFlag, wasmKernels } from './simd/kernels.js';
import { wasmBackendOf, type KernelArgs } from './wasm-backend.js';

/** Kernels that make no sense to bridge (string, ragged and drawing ops). */
const NOT_BRIDGED = new Set(['Draw', 'StaticRegexReplace', 'RaggedGather', 'RaggedRange', 'RaggedTensorToTensor']);

/** Marks the kernel functions mtlkit installed, so that installing again changes nothing. */
const MTLKIT = Symbol.for('mtlkit.wasmKernel');

const isOurs = (config: tf.KernelConfig | undefined): boolean =>
  config !== undefined && (config.kernelFunc as unknown as Record<symbol, boolean>)[MTLKIT] === true;

const replace = (config: tf.KernelConfig): void => {
  Object.defineProperty(config.kernelFunc, MTLKIT, { value: true });
  if (tf.getKernel(config.kernelName, config.backendName) !== undefined) tf.unregisterKernel(config.kernelName, config.backendName);
  tf.registerKernel(config);
};

const kernels = (args: KernelArgs) => wasmKernels(wasmBackendOf(args));

/**
 * Makes the wasm backend complete and fast for training (idempotent):
 * - BatchMatMul with transposed operands goes through XNNPACK (`fastBatchMatMul`);
 * - Conv2DBackpropFilter (missing in tfjs-backend-wasm 4.22) runs in mtlkit's fused kernel for
 *   small filters, else as im2col + matMul; Conv2DBackpropInput as dy·Wᵀ (matMul) + col2im.
 *   Without mtlkit's kernels, each is one XNNPACK convolution where the shapes allow (the filter
 *   gradient of the transposed tensors; the input gradient at stride 1, with the flipped filter),
 *   else im2col in JavaScript + matMul, and tfjs's own input gradient;
 * - MaxPoolGrad, bias adds (Add along the last axis) and bias gradients (Sum over the leading
 *   axes) run in mtlkit's WebAssembly kernels (kernels.c, SIMD where available) on the backend's
 *   heap; without them MaxPoolGrad goes through the cpu bridge, because tfjs-backend-wasm 4.22's
 *   own is wrong for batches of more than one image;
 * - Identity and same-dtype Cast share the data instead of copying it; Cast to bool is x ≠ 0;
 * - the tfjs flag MTLKIT_WASM_KERNELS ('auto', 'simd', 'scalar', 'none') picks the build of
 *   mtlkit's kernels, or none (then tfjs's kernels and XNNPACK-only fallbacks run);
 * - every other kernel the cpu backend has and wasm lacks (UnsortedSegmentSum, the
 *   DepthwiseConv2dNative backprops, Einsum, FFT...) runs through the cpu bridge.
 * Returns the names of the kernels it added or replaced.
 */
export const installWasmKernels = (): readonly string[] => {
  registerKernelsFlag();
  const installed: string[] = [];
  const wasm = (name: string) => tf.getKernel(name, 'wasm');
  const matMul = wasm(tf.BatchMatMul);
  const conv2d = wasm(tf.Conv2D);
  const transpose = wasm(tf.Transpose);
  if (matMul === undefined || conv2d === undefined || transpose === undefined) return installed;
  const fast = isOurs(matMul) ? matMul : fastBatchMatMul(matMul, transpose, kernels);
  const install = (name: string, make: (original: tf.KernelConfig) => tf.KernelConfig) => {
    const original = wasm(name);
    if (original === undefined || isOurs(original)) return;
    replace(make(original));
    installed.push(name);
  };
  install(tf.BatchMatMul, () => fast);
  install(tf.Identity, sharedIdentity);
  install(tf.Cast, cast);
  install(tf.Add, (original) => biasAdd(original, kernels));
  install(tf.Sum, (original) => columnSum(original, kernels));
  install(tf.MaxPoolGrad, () => maxPoolGrad(cpuBridge(tf.MaxPoolGrad), kernels));
  install(tf.Conv2DBackpropInput, (original) => conv2dBackpropInput(original, conv2d, fast, kernels));
  if (wasm(tf.Conv2DBackpropFilter) === undefined) {
    const native = conv2dBackpropFilter(fast, conv2d, transpose, kernels);
    const bridge = cpuBridge(tf.Conv2DBackpropFilter).kernelFunc;
    replace({
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
    replace(cpuBridge(kernelName));
    installed.push(kernelName);
  }
  return installed;
};
