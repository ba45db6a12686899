import * as tf from '@tensorflow/tfjs-core';

const tensorsIn = (value: unknown, found: tf.Tensor[], seen: Set<unknown>): void => {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (value instanceof tf.Tensor) {
    found.push(value);
    return;
  }
  if (ArrayBuffer.isView(value)) return;
  for (const v of Array.isArray(value) ? value : Object.values(value)) tensorsIn(v, found, seen);
};

/** Every tensor reachable from a value (arrays, plain objects, Either, tuples). */
export const collectTensors = (value: unknown): tf.Tensor[] => {
  const found: tf.Tensor[] = [];
  tensorsIn(value, found, new Set());
  return found;
};

/** The id the next tensor will get: tensors with a larger or equal id were made after this call. */
const nextTensorId = (): number => {
  const marker = tf.scalar(0);
  marker.dispose();
  return marker.id + 1;
};

const disposeNew = (result: unknown, firstId: number): void =>
  tf.dispose(collectTensors(result).filter((t) => t.id >= firstId && !t.isDisposed));

/**
 * The number of tensors a call leaves behind: runs `f`, disposes the tensors of its result that
 * the call created (the caller's share; inputs returned as they are stay alive), and compares
 * `tf.memory().numTensors` before and after. For tests:
 * `expect(leakedTensors(() => aggregator(J))).toBe(0)`.
 */
export const leakedTensors = <A>(f: () => A): number => {
  const before = tf.memory().numTensors;
  const firstId = nextTensorId();
  disposeNew(f(), firstId);
  return tf.memory().numTensors - before;
};

/** `leakedTensors` for an async call. */
export const leakedTensorsAsync = async <A>(f: () => Promise<A>): Promise<number> => {
  const before = tf.memory().numTensors;
  const firstId = nextTensorId();
  disposeNew(await f(), firstId);
  return tf.memory().numTensors - before;
};
