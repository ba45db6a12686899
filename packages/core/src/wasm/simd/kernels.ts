import * as tf from '@tensorflow/tfjs-core';
import type { WasmBackend } from '../wasm-backend.js';
import { KERNELS_SCALAR_BASE64, KERNELS_SIMD_BASE64 } from './kernels-binary.js';

/**
 * mtlkit's WebAssembly kernels (kernels.c), instantiated on the tfjs wasm heap: arguments are byte
 * offsets of tfjs tensors (`heapOffset`) and sizes; nothing is copied.
 */
export interface WasmKernels {
  /** True for the 128-bit SIMD build, false for the scalar build. */
  readonly simd: boolean;
  readonly biasAdd: (a: number, b: number, out: number, rows: number, cols: number) => void;
  readonly columnSum: (a: number, out: number, part: number, rows: number, cols: number) => void;
  readonly maxPoolGrad: (x: number, dy: number, dx: number, ...geometry: ConvGeometry) => void;
  readonly im2col: (x: number, cols: number, ...geometry: ConvGeometry) => void;
  readonly col2im: (cols: number, dx: number, ...geometry: ConvGeometry) => void;
  readonly dotRows: (a: number, b: number, out: number, acc: number, M: number, N: number, K: number, same: number) => void;
  readonly combineRows: (w: number, b: number, out: number, M: number, K: number, N: number) => void;
  readonly conv2dFilterGrad: (x: number, dy: number, dw: number, acc: number, patches: number, dyt: number, co: number, chunk: number, ...geometry: ConvGeometry) => void;
}

/** batch, inH, inW, C, outH, outW, fh, fw, sh, sw, dh, dw, padTop, padLeft. */
export type ConvGeometry = [number, number, number, number, number, number, number, number, number, number, number, number, number, number];

export type KernelVariant = 'simd' | 'scalar';

const bytesOf = (variant: KernelVariant): Uint8Array<ArrayBuffer> =>
  Uint8Array.from(atob(variant === 'simd' ? KERNELS_SIMD_BASE64 : KERNELS_SCALAR_BASE64), (c) => c.charCodeAt(0));

const fromInstance = (instance: WebAssembly.Instance): WasmKernels => {
  const e = instance.exports as Record<string, CallableFunction>;
  return {
    simd: (e['simd'] as () => number)() === 1,
    biasAdd: e['bias_add'] as WasmKernels['biasAdd'],
    columnSum: e['column_sum'] as WasmKernels['columnSum'],
    maxPoolGrad: e['max_pool_grad'] as WasmKernels['maxPoolGrad'],
    im2col: e['im2col'] as WasmKernels['im2col'],
    col2im: e['col2im'] as WasmKernels['col2im'],
    dotRows: e['dot_rows'] as WasmKernels['dotRows'],
    combineRows: e['combine_rows'] as WasmKernels['combineRows'],
    conv2dFilterGrad: e['conv2d_filter_grad'] as WasmKernels['conv2dFilterGrad'],
  };
};

/** The heap of the backend's Emscripten module, if it can be reached. */
const backendMemory = (backend: WasmBackend): WebAssembly.Memory | null => {
  const memory = backend.wasm?.asm?.memory ?? backend.wasm?.wasmMemory;
  return memory instanceof WebAssembly.Memory ? memory : null;
};

/** Instantiates a variant on a heap synchronously; null if the engine cannot run it (no SIMD). */
export const instantiateKernels = (memory: WebAssembly.Memory, variant: KernelVariant): WasmKernels | null => {
  try {
    const bytes = bytesOf(variant);
    if (!WebAssembly.validate(bytes)) return null;
    return fromInstance(new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }));
  } catch {
    return null;
  }
};

/**
 * tfjs flag choosing mtlkit's kernels on the wasm backend: 'auto' (default: the SIMD build where
 * the engine runs it, else the scalar build), 'simd', 'scalar', or 'none' (tfjs's own kernels and
 * mtlkit's fallbacks). `tf.env().set('MTLKIT_WASM_KERNELS', 'scalar')` after `initBackend`; the
 * tests and the benchmarks use it to compare the paths in one process.
 */
export const WASM_KERNELS_FLAG = 'MTLKIT_WASM_KERNELS';

export type KernelChoice = 'auto' | KernelVariant | 'none';

/** Registers the flag (idempotent: a value already set is kept). */
export const registerKernelsFlag = (): void => tf.env().registerFlag(WASM_KERNELS_FLAG, () => 'auto');

const choice = (): KernelChoice => {
  try {
    return tf.env().getString(WASM_KERNELS_FLAG) as KernelChoice;
  } catch {
    return 'auto';
  }
};

const byMemory = new WeakMap<WebAssembly.Memory, Map<KernelVariant, WasmKernels | null>>();

const cached = (memory: WebAssembly.Memory, variant: KernelVariant, make: () => WasmKernels | null): WasmKernels | null => {
  let variants = byMemory.get(memory);
  if (variants === undefined) byMemory.set(memory, (variants = new Map()));
  if (!variants.has(variant)) variants.set(variant, make());
  return variants.get(variant)!;
};

/**
 * The kernels for a backend's heap as the flag chooses, instantiated once per heap and build; null
 * if the heap cannot be reached or the build cannot run, in which case callers fall back to
 * tfjs's kernels.
 */
export const wasmKernels = (backend: WasmBackend): WasmKernels | null => {
  const which = choice();
  if (which === 'none') return null;
  const memory = backendMemory(backend);
  if (memory === null) return null;
  const get = (variant: KernelVariant) => cached(memory, variant, () => instantiateKernels(memory, variant));
  return which === 'auto' ? (get('simd') ?? get('scalar')) : get(which);
};

/**
 * Compiles and instantiates both builds asynchronously (browsers refuse synchronous compilation of
 * modules over 4 KB on the main thread); `initBackend` calls it once the wasm backend runs. Returns
 * what `wasmKernels` then gives.
 */
export const prepareWasmKernels = async (backend: WasmBackend): Promise<WasmKernels | null> => {
  const memory = backendMemory(backend);
  if (memory === null) return null;
  for (const variant of ['simd', 'scalar'] as const) {
    if (byMemory.get(memory)?.has(variant)) continue;
    const bytes = bytesOf(variant);
    const instance = WebAssembly.validate(bytes)
      ? await WebAssembly.compile(bytes).then((m) => WebAssembly.instantiate(m, { env: { memory } })).catch(() => null)
      : null;
    cached(memory, variant, () => (instance === null ? null : fromInstance(instance)));
  }
  return wasmKernels(backend);
};
