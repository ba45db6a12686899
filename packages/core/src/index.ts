/**
 * @mtlkit/core — the shared vocabulary of mtlkit: task Jacobians, Gramians, aggregators, the
 * seeded `Key`, errors, and a tfjs backend set up for training (`initBackend`).
 * `tf` is the tfjs-core instance the rest of mtlkit uses; import it from here.
 */
export * as tf from '@tensorflow/tfjs-core';
export * from './error.js';
export * from './task-jacobian.js';
export * from './gramian.js';
export * from './float64-gramian.js';
export * from './aggregator.js';
import * as KeyModule from './key.js';
/** Seeded, splittable PRNG: `Key.fromSeed(42)`, `Key.split(k, n)`, `Key.uniform(k, n)`... */
export const Key = KeyModule;
export type Key = KeyModule.Key;
export * from './backend.js';
export { installWasmKernels } from './wasm/install-wasm-kernels.js';
export * from './leaks.js';
export * from './decode.js';
export { vjps, type Cotangent, type Vjps } from './vjps.js';
