import * as tf from '@tensorflow/tfjs-core';
import * as E from 'fp-ts/lib/Either.js';
import { invalidArgument, shapeMismatch, type MtlError } from './error.js';

/** One cotangent per output of f; null stands for zero (the backward sweep then skips that output). */
export type Cotangent = readonly (tf.Tensor | null)[];

export interface Vjps {
  /** The outputs of f, computed once. */
  readonly values: readonly tf.Tensor[];
  /** grads[j][k] = ∂(Σᵢ ⟨yᵢ, cotangents[j][i]⟩)/∂xs[k]; null where that does not depend on xs[k]. */
  readonly grads: readonly (readonly (tf.Tensor | null)[])[];
}

/** The tape record of one kernel call (tfjs-core's TapeNode). */
interface TapeNode {
  readonly id: number;
  readonly kernelName: string;
  readonly inputs: Readonly<Record<string, tf.Tensor>>;
  readonly outputs: readonly tf.Tensor[];
  readonly gradient?: (dys: tf.Tensor[]) => Record<string, () => tf.Tensor>;
  readonly saved?: readonly tf.Tensor[];
}

/** The members of tfjs-core's Engine (4.x) that recording a tape needs; not in its public types. */
interface EngineTape {
  readonly state: { activeTape: TapeNode[] | null; gradientDepth: number };
  startTape(): void;
  endTape(): void;
}

const engineTape = (): EngineTape | null => {
  const engine = tf.engine() as unknown as Partial<EngineTape>;
  return typeof engine.startTape === 'function' && typeof engine.endTape === 'function' && engine.state !== undefined && 'activeTape' in engine.state
    ? (engine as EngineTape)
    : null;
};

/** The nodes on a path from some x to some y, in tape order, their inputs pruned to those that depend on an x. */
const between = (tape: readonly TapeNode[], xs: readonly tf.Tensor[], ys: readonly tf.Tensor[]): TapeNode[] => {
  const fromX = new Set(xs.map((x) => x.id));
  const nodeFromX = new Set<number>();
  for (const node of tape) {
    if (Object.values(node.inputs).some((t) => fromX.has(t.id))) {
      nodeFromX.add(node.id);
      for (const o of node.outputs) fromX.add(o.id);
    }
  }
  const toY = new Set(ys.map((y) => y.id));
  const nodeToY = new Set<number>();
  for (let i = tape.length - 1; i >= 0; i--) {
    const node = tape[i]!;
    if (node.outputs.some((o) => toY.has(o.id))) {
      nodeToY.add(node.id);
      for (const t of Object.values(node.inputs)) toY.add(t.id);
    }
  }
  return tape
    .filter((node) => nodeFromX.has(node.id) && nodeToY.has(node.id))
    .map((node) => ({ ...node, inputs: Object.fromEntries(Object.entries(node.inputs).filter(([, t]) => fromX.has(t.id))) }));
};

/**
 * Reverse accumulation of one cotangent through the recorded nodes. Nodes none of whose outputs
 * received a gradient are skipped (their inputs' gradients would be zero), so a cotangent that is
 * zero on some outputs — one task's loss among m — costs only the part of the graph it reaches.
 */
const backprop = (nodes: readonly TapeNode[], xs: readonly tf.Tensor[], ys: readonly tf.Tensor[], cotangent: Cotangent): (tf.Tensor | null)[] => {
  const acc = new Map<number, tf.Tensor>();
  ys.forEach((y, i) => {
    const dy = cotangent[i];
    if (dy == null) return;
    const previous = acc.get(y.id);
    acc.set(y.id, previous === undefined ? dy : tf.add(previous, dy));
  });
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i]!;
    const dys = node.outputs.map((o) => acc.get(o.id) ?? null);
    if (dys.every((d) => d === null)) continue;
    if (node.gradient === undefined) throw new Error(`mtlkit: cannot compute the gradient of ${node.kernelName}: tfjs has no gradient for it.`);
    const gradients = node.gradient(dys.map((d, k) => d ?? tf.zerosLike(node.outputs[k]!)));
    for (const [name, x] of Object.entries(node.inputs)) {
      const make = gradients[name];
      if (make === undefined) throw new Error(`mtlkit: the gradient of ${node.kernelName} has no entry for its input ${name}.`);
      const dx = make();
      const previous = acc.get(x.id);
      acc.set(x.id, previous === undefined ? dx : tf.add(previous, dx));
    }
  }
  return xs.map((x) => acc.get(x.id) ?? null);
};

/** The gradients when the engine's tape cannot be reached (or inside another gradient): one `tf.grads` run of f per cotangent. */
const repeated = (f: () => tf.Tensor[], xs: readonly tf.Tensor[], cotangents: readonly Cotangent[]): readonly (readonly (tf.Tensor | null)[])[] =>
  cotangents.map((cotangent) =>
    tf.tidy(() => {
      const inner = () => {
        const terms = f().flatMap((y, i) => (cotangent[i] == null ? [] : [tf.sum(tf.mul(y, cotangent[i]!))]));
        return terms.length === 0 ? tf.scalar(0) : tf.addN(terms);
      };
      const { grads: gs } = tf.engine().gradients(inner, [...xs], undefined, true);
      return xs.map((_, k) => gs[k] ?? null) as tf.Tensor[];
    }) as (tf.Tensor | null)[],
  );

/** Left for a cotangent entry whose shape or dtype is not its output's. */
const checkCotangents = (values: readonly tf.Tensor[], cotangents: readonly Cotangent[]): E.Either<MtlError, null> => {
  const nonFloat = values.findIndex((v) => v.dtype !== 'float32');
  if (nonFloat >= 0) return E.left(invalidArgument(`vjps: output ${nonFloat} of f is ${values[nonFloat]!.dtype}; only float32 outputs have gradients.`));
  for (const [j, cotangent] of cotangents.entries()) {
    if (cotangent.length !== values.length) return E.left(shapeMismatch(`vjps: cotangent ${j} has ${cotangent.length} entries but f has ${values.length} outputs.`));
    for (const [i, dy] of cotangent.entries()) {
      if (dy != null && (!tf.util.arraysEqual(dy.shape, values[i]!.shape) || dy.dtype !== 'float32')) {
        return E.left(shapeMismatch(`vjps: cotangent ${j} of output ${i} has shape [${dy.shape}] (${dy.dtype}) but the output has shape [${values[i]!.shape}] (float32).`));
      }
    }
  }
  return E.right(null);
};

/**
 * Several vector-Jacobian products of one function at one point from ONE forward pass: the outputs
 * y = f() are recorded once on tfjs's tape and back-propagated once per cotangent, where `tf.grads`
 * would run f again for each (reverse-mode autodiff, Griewank & Walther 2008, ch. 3: each product
 * is one reverse sweep over the same recorded forward sweep). For the task Jacobian, f returns the
 * m task losses and cotangent i is 1 on loss i and null elsewhere: the shared encoder runs forward
 * once instead of m times, and sweep i skips the other tasks' heads (the nodes a cotangent does not
 * reach). Falls back to one `tf.grads` per cotangent inside another gradient computation. Left for
 * a cotangent whose entries do not match the outputs, a non-float output, or no xs. The caller owns
 * `values` and every gradient.
 */
export const vjps = (f: () => tf.Tensor[], xs: readonly tf.Tensor[], cotangents: readonly Cotangent[]): E.Either<MtlError, Vjps> => {
  if (xs.length === 0) return E.left(invalidArgument('vjps: no tensors to differentiate with respect to.'));
  const engine = engineTape();
  if (engine === null || engine.state.gradientDepth > 0) {
    // The outputs first, so that a cotangent that does not fit them is a Left before any gradient runs.
    const values = tf.tidy(f);
    const ok = checkCotangents(values, cotangents);
    if (E.isLeft(ok)) {
      tf.dispose(values);
      return ok;
    }
    return E.right({ values, grads: repeated(f, xs, cotangents) });
  }
  engine.startTape();
  let values: tf.Tensor[];
  try {
    values = tf.tidy(f);
  } finally {
    engine.endTape();
  }
  const tape = engine.state.activeTape ?? [];
  engine.state.activeTape = null;
  try {
    const ok = checkCotangents(values, cotangents);
    if (E.isLeft(ok)) {
      tf.dispose(values);
      return ok;
    }
    const nodes = between(tape, xs, values);
    const grads = cotangents.map((cotangent) => tf.tidy(() => backprop(nodes, xs, values, cotangent) as tf.Tensor[]) as (tf.Tensor | null)[]);
    return E.right({ values, grads });
  } catch (e) {
    tf.dispose(values);
    throw e;
  } finally {
    for (const node of tape) for (const t of node.saved ?? []) t.dispose();
  }
};
