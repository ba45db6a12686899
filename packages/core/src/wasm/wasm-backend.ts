import type * as tf from '@tensorflow/tfjs-core';

/** The part of tfjs-backend-wasm's `BackendWasm` that mtlkit's kernels use. */
export interface WasmBackend {
  readSync(dataId: tf.DataId): ArrayLike<number>;
  makeOutput(shape: number[], dtype: tf.DataType, memoryOffset?: number, values?: tf.backend_util.BackendValues): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): tf.backend_util.TypedArray;
  disposeData(dataId: tf.DataId): boolean;
  incRef(dataId: tf.DataId): void;
  /** Byte offset of a tensor's data in the wasm heap. */
  readonly dataIdMap: { get(dataId: tf.DataId): { readonly memoryOffset: number } | undefined };
  /** The Emscripten module: its exports hold the heap (`asm.memory`). */
  readonly wasm: { readonly asm?: { readonly memory?: WebAssembly.Memory }; readonly wasmMemory?: WebAssembly.Memory };
}

export type KernelArgs = Parameters<tf.KernelFunc>[0];

/** The wasm backend a kernel runs on. */
export const wasmBackendOf = (args: KernelArgs): WasmBackend => args.backend as unknown as WasmBackend;

/** Byte offset of a tensor's data in the wasm heap (a pointer for mtlkit's kernels). */
export const heapOffset = (backend: WasmBackend, info: tf.TensorInfo): number => {
  const data = backend.dataIdMap.get(info.dataId);
  if (data === undefined) throw new Error('mtlkit: tensor data not found on the wasm backend.');
  return data.memoryOffset;
};

/** Calls a wasm kernel of tfjs by its config, with the same backend. */
export const callKernel = (config: tf.KernelConfig, args: KernelArgs, inputs: tf.NamedTensorInfoMap, attrs: object): tf.TensorInfo =>
  config.kernelFunc({ inputs, backend: args.backend, attrs: attrs as tf.NamedAttrMap }) as tf.TensorInfo;
