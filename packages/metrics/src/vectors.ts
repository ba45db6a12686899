import { emptyInput, invalidArgument, nonFinite, shapeMismatch, tf, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';

/** A vector of parameters or gradients: numbers, one tensor, or a list of tensors (concatenated, flattened). */
export type VectorLike = ArrayLike<number> | tf.Tensor | readonly tf.Tensor[];

const isTensorList = (v: VectorLike): v is readonly tf.Tensor[] => Array.isArray(v) && (v.length === 0 || v[0] instanceof tf.Tensor);

/** Reads a vector once into float64, flattening tensors in order; Left on disposed tensors or non-finite entries. */
export const readVector = (v: VectorLike, what: string): E.Either<MtlError, Float64Array> => {
  let out: Float64Array;
  if (v instanceof tf.Tensor || isTensorList(v)) {
    const list = v instanceof tf.Tensor ? [v] : v;
    const total = list.reduce((s, t) => s + t.size, 0);
    out = new Float64Array(total);
    let at = 0;
    for (const t of list) {
      if (t.isDisposed) return E.left(invalidArgument(`${what} contains a disposed tensor.`));
      if (t.dtype !== 'float32' && t.dtype !== 'int32') return E.left(invalidArgument(`${what} must hold float32 tensors, got dtype ${t.dtype}.`));
      out.set(t.dataSync(), at);
      at += t.size;
    }
  } else {
    out = Float64Array.from(v);
  }
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i]!)) return E.left(nonFinite(`${what} entry ${i} is ${out[i]}; entries must be finite.`));
  }
  return E.right(out);
};

/** Reads several vectors that must share one non-zero length. */
export const readVectors = (vs: readonly (readonly [VectorLike, string])[]): E.Either<MtlError, Float64Array[]> => {
  const out: Float64Array[] = [];
  for (const [v, what] of vs) {
    const r = readVector(v, what);
    if (E.isLeft(r)) return r;
    if (r.right.length === 0) return E.left(emptyInput(`${what} is empty.`));
    if (out.length > 0 && r.right.length !== out[0]!.length) {
      return E.left(shapeMismatch(`${what} has ${r.right.length} entries but ${vs[0]![1]} has ${out[0]!.length}; they must have the same length.`));
    }
    out.push(r.right);
  }
  return E.right(out);
};

/** ⟨a, b⟩ in float64. */
export const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};
