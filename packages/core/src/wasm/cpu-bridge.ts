import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { KernelArgs, WasmBackend } from './wasm-backend.js';

/** One private cpu backend per process, used only as a scratch space for bridged kernels. */
let scratch: MathBackendCPU | null = null;
const cpuScratch = (): MathBackendCPU => (scratch ??= new MathBackendCPU());

/**
 * A wasm kernel that runs the cpu backend's implementation of the same kernel: inputs are copied
 * out of the wasm heap, computed by tfjs-backend-cpu, and copied back. Used for the kernels
 * tfjs-backend-wasm 4.22 lacks (the backend throws instead of falling back), so results are those
 * of the reference cpu backend by construction.
 */
export const cpuBridge = (kernelName: string): tf.KernelConfig => ({
  kernelName,
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs, backend }: KernelArgs) => {
    const cpuKernel = tf.getKernel(kernelName, 'cpu');
    if (cpuKernel === undefined) throw new Error(`mtlkit: kernel ${kernelName} has no cpu implementation to bridge to.`);
    const wasm = backend as unknown as WasmBackend;
    const cpu = cpuScratch();
    const cpuInputs: Record<string, tf.TensorInfo> = {};
    for (const [name, info] of Object.entries(inputs)) {
      if (info == null) continue;
      const values = wasm.readSync(info.dataId) as tf.backend_util.BackendValues;
      cpuInputs[name] = { dataId: cpu.write(values, info.shape, info.dtype), shape: info.shape, dtype: info.dtype };
    }
    try {
      const out = cpuKernel.kernelFunc({ inputs: cpuInputs, attrs: attrs ?? {}, backend: cpu });
      const outs = Array.isArray(out) ? out : [out];
      const moved = outs.map((o) => {
        const result = wasm.makeOutput(o.shape, o.dtype, undefined, cpu.readSync(o.dataId));
        cpu.disposeData(o.dataId, true);
        return result;
      });
      return Array.isArray(out) ? moved : moved[0]!;
    } finally {
      for (const info of Object.values(cpuInputs)) cpu.disposeData(info.dataId, true);
    }
  },
});
