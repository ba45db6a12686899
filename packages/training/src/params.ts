import { tf } from '@mtlkit/core';

/**
 * The parameters of a hard-parameter-sharing model: the shared encoder's tensors, and one list of
 * tensors per task head. Immutable: a step returns new parameters; whoever holds a `Params`
 * disposes it (`disposeParams`) when done.
 */
export interface Params {
  readonly shared: readonly tf.Tensor[];
  readonly heads: readonly (readonly tf.Tensor[])[];
}

/** Every tensor of the parameters, shared first then each head in task order. */
export const allTensors = (p: Params): tf.Tensor[] => [...p.shared, ...p.heads.flat()];

/** Rebuilds `Params` with the layout of `like` from a flat list in `allTensors` order. */
export const fromAllTensors = (like: Params, tensors: readonly tf.Tensor[]): Params => {
  let at = like.shared.length;
  const shared = tensors.slice(0, at);
  const heads = like.heads.map((h) => {
    const part = tensors.slice(at, at + h.length);
    at += h.length;
    return part;
  });
  return { shared, heads };
};

export const disposeParams = (p: Params): void => tf.dispose(allTensors(p));

/** Number of scalar parameters in a list of tensors. */
export const sizeOf = (ts: readonly tf.Tensor[]): number => ts.reduce((n, t) => n + t.size, 0);

/** Concatenates tensors into one vector (the layout of a task-Jacobian row). */
export const flatten = (ts: readonly tf.Tensor[]): tf.Tensor1D =>
  tf.tidy(() => (ts.length === 0 ? tf.zeros([0]) : tf.concat(ts.map((t) => tf.reshape(t, [-1])))) as tf.Tensor1D);

/** Splits a vector back into tensors of the given shapes (inverse of `flatten`). */
export const unflatten = (v: tf.Tensor1D, shapes: readonly (readonly number[])[]): tf.Tensor[] =>
  tf.tidy(() => {
    const sizes = shapes.map((s) => s.reduce((a, b) => a * b, 1));
    return tf.split(v, sizes).map((part, i) => tf.reshape(part, [...shapes[i]!]));
  });

/** Elementwise a + s·b over two lists of tensors. */
export const addScaled = (a: readonly tf.Tensor[], b: readonly tf.Tensor[], s: number): tf.Tensor[] =>
  a.map((t, i) => tf.tidy(() => tf.add(t, tf.mul(b[i]!, s))));

/** Euclidean norm of a list of tensors seen as one vector. */
export const globalNorm = (ts: readonly tf.Tensor[]): number => {
  const sq = tf.tidy(() => tf.addN(ts.map((t) => tf.sum(tf.square(t)))));
  const v = sq.dataSync()[0]!;
  sq.dispose();
  return Math.sqrt(v);
};
