import type * as tf from '@tensorflow/tfjs-core';
import { wasmBackendOf, type KernelArgs } from './wasm-backend.js';

/** A second tensor on the same data (a reference count), as the wasm `Reshape` does. */
export const shareData = (args: KernelArgs, x: tf.TensorInfo): tf.TensorInfo => {
  wasmBackendOf(args).incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
};

/**
 * tfjs-backend-wasm 4.22 copies the data in `Identity`, and the engine clones (Identity) every
 * tensor it saves for a backward pass. Tensors are immutable, so the clone shares the data instead,
 * as the cpu backend's `Identity` does. String tensors keep the original kernel.
 */
export const sharedIdentity = (original: tf.KernelConfig): tf.KernelConfig => ({
  ...original,
  kernelFunc: ((args: KernelArgs) => {
    const x = args.inputs['x']!;
    return x.dtype === 'string' || x.dtype === 'complex64' ? original.kernelFunc(args) : shareData(args, x);
  }) as tf.KernelFunc,
});
