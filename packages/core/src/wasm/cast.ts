import type * as tf from '@tensorflow/tfjs-core';
import { shareData } from './shared-identity.js';
import { wasmBackendOf, type KernelArgs } from './wasm-backend.js';

/**
 * `Cast` on wasm: to the same dtype it shares the data (tfjs-backend-wasm 4.22 copies it; every
 * ReLU gradient casts its float mask to float); to bool it gives x ≠ 0 (NaN → true), as the cpu
 * backend, where tfjs-backend-wasm 4.22 stores the value modulo 256 (−2 → 254, 256 → 0). Other
 * casts keep the original kernel.
 */
export const cast = (original: tf.KernelConfig): tf.KernelConfig => ({
  ...original,
  kernelFunc: ((args: KernelArgs) => {
    const x = args.inputs['x']!;
    const { dtype } = args.attrs as unknown as tf.CastAttrs;
    const numeric = x.dtype === 'float32' || x.dtype === 'int32' || x.dtype === 'bool';
    if (!numeric) return original.kernelFunc(args);
    if (dtype === x.dtype) return shareData(args, x);
    if (dtype !== 'bool') return original.kernelFunc(args);
    const backend = wasmBackendOf(args);
    const out = backend.makeOutput([...x.shape], 'bool');
    // Views are taken after the allocation: growing the wasm heap detaches earlier views.
    const from = backend.typedArrayFromHeap(x);
    const to = backend.typedArrayFromHeap(out);
    for (let i = 0; i < from.length; i++) to[i] = from[i] !== 0 ? 1 : 0;
    return out;
  }) as tf.KernelFunc,
});
