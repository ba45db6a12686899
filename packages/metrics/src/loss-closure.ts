import { emptyInput, invalidArgument, nonFinite, tf, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';

/**
 * A scalar function of the parameters: a loss (for sharpness) or any score (accuracy for the
 * perturbation curve). It must not keep the tensors it receives; mtlkit disposes them after the call.
 */
export type LossClosure = (params: tf.Tensor[]) => tf.Scalar;

/** Checks a parameter list: at least one tensor, none disposed, all float32. */
export const checkParams = (params: readonly tf.Tensor[]): E.Either<MtlError, readonly tf.Tensor[]> => {
  if (params.length === 0) return E.left(emptyInput('the parameter list is empty.'));
  for (let k = 0; k < params.length; k++) {
    const p = params[k]!;
    if (p.isDisposed) return E.left(invalidArgument(`parameter ${k} has been disposed.`));
    if (p.dtype !== 'float32') return E.left(invalidArgument(`parameter ${k} must be float32, got dtype ${p.dtype}.`));
  }
  return E.right(params);
};

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Reads a scalar tensor made by a closure: rank 0 and finite, disposed after reading. */
export const readScalar = (t: tf.Tensor, what: string): E.Either<MtlError, number> => {
  if (t.rank !== 0) {
    const shape = t.shape.join(', ');
    t.dispose();
    return E.left(invalidArgument(`${what} must return a scalar, got shape [${shape}].`));
  }
  const v = t.dataSync()[0]!;
  t.dispose();
  return Number.isFinite(v) ? E.right(v) : E.left(nonFinite(`${what} returned ${v}; it must be finite.`));
};

/** Runs `f` (which may call user code), turning a throw into a Left; tensors made inside `tf.tidy` are freed by it. */
export const guard = <A>(what: string, f: () => E.Either<MtlError, A>): E.Either<MtlError, A> => {
  try {
    return f();
  } catch (e) {
    return E.left(invalidArgument(`${what} threw: ${messageOf(e)}`));
  }
};

/** closure(params + Σ deltas) as a number; every intermediate tensor is freed. */
export const evaluateAt = (closure: LossClosure, params: readonly tf.Tensor[], deltas: readonly Float32Array[] | null, what: string): E.Either<MtlError, number> =>
  guard(what, () => {
    const out = tf.tidy(() => closure(deltas === null ? [...params] : params.map((p, k) => tf.add(p, tf.tensor(deltas[k]!, p.shape, 'float32')))));
    return readScalar(out, what);
  });

/**
 * The value and gradients of `closure` at `params`, read out in float64 and freed. A parameter the
 * closure does not use has gradient 0 (the engine's `allowNoGradients`: `tf.valueAndGrads` would
 * throw after the backward pass and leak its results). If the closure throws while the tape
 * records, tfjs does not free the tensors it saved for the backward pass; when this call opened
 * the tape (no outer gradient computation), they are freed here as tfjs frees them after a
 * successful pass.
 */
export const valueAndGradients = (closure: LossClosure, params: readonly tf.Tensor[]): E.Either<MtlError, { readonly value: number; readonly gradients: Float32Array[] }> => {
  const state = tf.engine().state;
  const outermost = state.gradientDepth === 0;
  try {
    const xs = [...params];
    const { value, grads } = tf.engine().gradients(() => closure(xs), xs, undefined, true);
    const gradients = xs.map((x, k) => (grads[k] == null ? new Float32Array(x.size) : Float32Array.from(grads[k]!.dataSync())));
    tf.dispose(grads.filter((g) => g != null));
    return E.map((v: number) => ({ value: v, gradients }))(readScalar(value, 'the loss closure'));
  } catch (e) {
    if (outermost && Array.isArray(state.activeTape)) {
      for (const node of state.activeTape) for (const t of node.saved ?? []) t.dispose();
    }
    return E.left(invalidArgument(`the loss closure threw: ${messageOf(e)}`));
  }
};
