import { parseJacobian, tf, type TaskJacobian } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';

/**
 * A task Jacobian as plain numbers: m rows (tasks) of d float32-representable entries. The
 * arbitraries of the kit generate these rather than tensors, so that fast-check can shrink and
 * replay them without allocating tfjs memory; a tensor is made only when a check runs.
 */
export interface JacobianSample {
  readonly m: number;
  readonly d: number;
  readonly rows: readonly (readonly number[])[];
}

/** A sample from rows (each entry rounded to float32, so the tensor holds exactly these numbers). */
export const sampleFromRows = (rows: readonly (readonly number[])[]): JacobianSample => ({
  m: rows.length,
  d: rows[0]?.length ?? 0,
  rows: rows.map((r) => r.map((v) => Math.fround(v))),
});

/**
 * A fresh float32 `TaskJacobian` holding the sample. The caller owns the tensor and disposes it
 * (or use `withJacobian`). Throws a RangeError for an empty or non-finite sample, which the kit's
 * arbitraries never produce.
 */
export const toJacobian = (sample: JacobianSample): TaskJacobian => {
  const t = tf.tensor2d(sample.rows.map((r) => [...r]), [sample.m, sample.d], 'float32');
  const J = parseJacobian(t);
  if (E.isLeft(J)) {
    t.dispose();
    throw new RangeError(`toJacobian: ${J.left.message}`);
  }
  return J.right;
};

/** Runs `f` on a fresh tensor of the sample and disposes that tensor afterwards (f must not keep it). */
export const withJacobian = <A>(sample: JacobianSample, f: (J: TaskJacobian) => A): A => {
  const J = toJacobian(sample);
  try {
    return f(J);
  } finally {
    J.dispose();
  }
};

/** The sample with its rows multiplied by the given positive or zero coefficients. */
export const scaleRows = (sample: JacobianSample, c: ArrayLike<number>): JacobianSample =>
  sampleFromRows(sample.rows.map((r, i) => r.map((v) => v * c[i]!)));

/** The sample with its rows reordered: row i of the result is row `order[i]` of the input. */
export const permuteRows = (sample: JacobianSample, order: ArrayLike<number>): JacobianSample =>
  sampleFromRows(Array.from({ length: sample.m }, (_, i) => sample.rows[order[i]!]!));
