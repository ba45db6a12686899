import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { installWasmKernels } from './wasm/install-wasm-kernels.js';
import { prepareWasmKernels } from './wasm/simd/kernels.js';
import type { WasmBackend } from './wasm/wasm-backend.js';

export type BackendName = 'wasm' | 'cpu';

export interface BackendOptions {
  /** Backend to try first (default 'wasm'); 'cpu' skips WASM entirely. */
  readonly prefer?: BackendName;
  /**
   * Where the `.wasm` binaries are served from, for bundlers and browsers (passed to
   * tfjs-backend-wasm's `setWasmPaths`). Not needed in Node.
   */
  readonly wasmPaths?: string | Readonly<Record<string, string>>;
  /** Called with the one warning issued when WASM cannot start (default `console.warn`). */
  readonly warn?: (message: string) => void;
}

export interface BackendInfo {
  readonly name: BackendName;
  /** WASM SIMD in use (always false on cpu). */
  readonly simd: boolean;
  /** Kernels mtlkit added or replaced on the wasm backend. */
  readonly patchedKernels: readonly string[];
  /** Which build of mtlkit's own WebAssembly kernels runs (null on cpu, or if they cannot load). */
  readonly kernels: 'simd' | 'scalar' | null;
}

/**
 * Registers tfjs-core's gradients (tfjs-core registers none by itself). In Node this loads a
 * pre-bundled CommonJS copy, because tfjs-core's own ESM file does not load under Node's resolver;
 * bundlers and vitest load tfjs-core's file. Idempotent.
 */
export const registerGradients = async (): Promise<void> => {
  if (tf.getGradient(tf.BatchMatMul) === undefined) await import('#gradients');
};

/**
 * Sets up tfjs for mtlkit: gradients registered, the wasm backend (SIMD where available) with
 * mtlkit's kernels installed, and the cpu backend as a fallback with one clear warning. Call once
 * before training; `tf` from this package is the tfjs instance it configures.
 */
export const initBackend = async (options: BackendOptions = {}): Promise<BackendInfo> => {
  await registerGradients();
  const useCpu = async (): Promise<BackendInfo> => {
    await tf.setBackend('cpu');
    await tf.ready();
    return { name: 'cpu', simd: false, patchedKernels: [], kernels: null };
  };
  if (options.prefer === 'cpu') return useCpu();
  let reason = 'tf.setBackend("wasm") returned false';
  try {
    const patchedKernels = installWasmKernels();
    if (options.wasmPaths !== undefined) setWasmPaths(options.wasmPaths as string);
    if (await tf.setBackend('wasm')) {
      await tf.ready();
      const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
      const kernels = await prepareWasmKernels(tf.backend() as unknown as WasmBackend);
      return { name: 'wasm', simd, patchedKernels, kernels: kernels === null ? null : kernels.simd ? 'simd' : 'scalar' };
    }
  } catch (e) {
    reason = e instanceof Error ? e.message : String(e);
  }
  (options.warn ?? console.warn)(`mtlkit: the WASM backend could not start (${reason}); falling back to the slower cpu backend.`);
  return useCpu();
};
