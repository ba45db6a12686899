import * as tf from '@tensorflow/tfjs-core';
import * as E from 'fp-ts/lib/Either.js';
import { parseJacobian, type TaskJacobian } from './task-jacobian.js';

/** Test helper (not exported from the package): a task Jacobian from plain rows; throws on Left. The caller disposes it. */
export const jacobian = (rows: number[][]): TaskJacobian => {
  const r = parseJacobian(tf.tensor2d(rows));
  if (E.isLeft(r)) throw new Error(r.left.message);
  return r.right;
};
