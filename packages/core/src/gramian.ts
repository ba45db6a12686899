import * as tf from '@tensorflow/tfjs-core';
import type { TaskJacobian } from './task-jacobian.js';

/**
 * The Gramian G = J Jᵀ of a task Jacobian (m x m inner products of task gradients), in float64
 * for the small solves that weightings run. Row-major, exactly symmetric.
 */
export interface Gramian {
  readonly m: number;
  readonly values: Float64Array;
}

/** G = J Jᵀ as a tensor (one matMul on the backend, float32). The caller disposes it. */
export const gramianTensor = (J: TaskJacobian): tf.Tensor2D => tf.matMul(J, J, false, true);

/**
 * G = J Jᵀ computed by one matMul in tfjs, copied to float64 and symmetrised ((G + Gᵀ)/2 removes
 * float32 rounding asymmetry). No tensor outlives the call.
 */
export const gramian = (J: TaskJacobian): Gramian => {
  const g = gramianTensor(J);
  const raw = g.dataSync();
  g.dispose();
  return symmetricGramian(J.shape[0], raw);
};

/** A Gramian from m x m row-major values, symmetrised in float64. */
export const symmetricGramian = (m: number, raw: ArrayLike<number>): Gramian => {
  const values = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) values[i * m + j] = 0.5 * (raw[i * m + j]! + raw[j * m + i]!);
  }
  return { m, values };
};

/** Entry G[i][j]. */
export const gramianAt = (G: Gramian, i: number, j: number): number => G.values[i * G.m + j]!;
