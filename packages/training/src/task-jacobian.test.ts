import { fc, test } from '@fast-check/vitest';
import { Key, leakedTensors, tf } from '@mtlkit/core';
import { crossEntropy } from '@mtlkit/losses';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { hpsLenet } from './lenet.js';
import { hpsMlp } from './mlp.js';
import type { MultiTaskModel } from './model.js';
import type { Batch, Objective, TaskLoss } from './objective.js';
import { taskLoss } from './objective.js';
import { disposeParams, flatten, type Params } from './params.js';
import { disposeRepresentationGradients, representationJacobian } from './representation-jacobian.js';
import { disposeTaskGradients, taskJacobian } from './task-jacobian.js';

// A tiny HPS model: 3 inputs → 4 tanh (shared) → heads [4 → 1] and [4 → 2 tanh → 1], MSE losses.
const model = hpsMlp({ input: 3, hidden: [4], heads: [{ output: 1 }, { hidden: [2], output: 1 }], activation: 'tanh' });
const mse = (out: tf.Tensor, y: tf.Tensor) => tf.mean(tf.square(tf.sub(out, y))) as tf.Scalar;
const objective: Objective = { model, losses: [mse, mse] };

const X = [[0.5, -1, 2], [1.5, 0.2, -0.7], [-0.3, 0.8, 0.1]];
const Y = [[[0.3], [-0.2], [1.1]], [[-1], [0.4], [0.25]]];
const makeBatch = (): Batch => ({ x: tf.tensor2d(X), targets: Y.map((y) => tf.tensor2d(y)) });

type Mat = number[][];
const matOf = (t: tf.Tensor): Mat => (t.rank === 1 ? [Array.from(t.dataSync(), Number)] : (t.arraySync() as Mat));
/** Float64 forward of the same network from plain arrays: [w, b, w, b, ...] dense layers, tanh on all but the last if linearLast. */
const stack = (x: Mat, layers: Mat[], linearLast: boolean): Mat => {
  let h = x;
  for (let l = 0; l < layers.length; l += 2) {
    const W = layers[l]!;
    const b = layers[l + 1]![0]!;
    h = h.map((row) => b.map((bj, j) => row.reduce((s, v, k) => s + v * W[k]![j]!, bj)));
    if (!(linearLast && l === layers.length - 2)) h = h.map((row) => row.map(Math.tanh));
  }
  return h;
};
const loss64 = (shared: Mat[], head: Mat[], task: number): number => {
  const out = stack(stack(X, shared, false), head, true);
  return out.reduce((s, row, n) => s + (row[0]! - Y[task]![n]![0]!) ** 2, 0) / out.length;
};

/** Central differences in float64 of L_task with respect to every entry of `which` (a list of matrices). */
const finiteDifferences = (p: Params, task: number, which: 'shared' | 'head'): number[] => {
  const shared = p.shared.map(matOf);
  const head = p.heads[task]!.map(matOf);
  const target = which === 'shared' ? shared : head;
  const out: number[] = [];
  const h = 1e-6;
  for (const m of target) {
    for (const row of m) {
      for (let j = 0; j < row.length; j++) {
        const v = row[j]!;
        row[j] = v + h;
        const up = loss64(shared, head, task);
        row[j] = v - h;
        const down = loss64(shared, head, task);
        row[j] = v;
        out.push((up - down) / (2 * h));
      }
    }
  }
  return out;
};

const expectClose = (actual: ArrayLike<number>, expected: number[]) => {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThan(1e-4 * (1 + Math.abs(expected[i]!)));
};

/** The per-task reference: one tf.valueAndGrads of Lᵢ over (shared, head i) per task, the encoder run m times. */
const perTaskGrads = (objective: Objective, params: Params, batch: Batch) =>
  params.heads.map((head, i) =>
    tf.tidy(() => {
      const s = params.shared.length;
      const { value, grads } = tf.valueAndGrads((...ps: tf.Tensor[]) => taskLoss(objective, i, ps.slice(0, s), ps.slice(s), batch))([...params.shared, ...head]);
      return { value, row: flatten(grads.slice(0, s)), head: grads.slice(s) };
    }),
  );

/** taskJacobian (one forward, a backward sweep per task) against `perTaskGrads`, entry by entry within float32 rounding. */
const expectSameAsPerTask = (objective: Objective, params: Params, batch: Batch) => {
  const r = taskJacobian(objective)(params, batch);
  if (E.isLeft(r)) throw new Error(r.left.message);
  const ref = perTaskGrads(objective, params, batch);
  const near = (have: ArrayLike<number>, want: ArrayLike<number>) => {
    expect(have.length).toBe(want.length);
    for (let k = 0; k < want.length; k++) expect(Math.abs(have[k]! - want[k]!)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(want[k]!)));
  };
  const J = r.right.jacobian.dataSync();
  const d = r.right.jacobian.shape[1];
  ref.forEach((p, i) => {
    near(J.subarray(i * d, (i + 1) * d), p.row.dataSync());
    r.right.heads[i]!.forEach((g, k) => near(g.dataSync(), p.head[k]!.dataSync()));
    expect(Math.abs(r.right.losses[i]! - p.value.dataSync()[0]!)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(r.right.losses[i]!)));
  });
  tf.dispose(ref.flatMap((p) => [p.value, p.row, ...p.head]));
  disposeTaskGradients(r.right);
};

const randomBatch = (key: Key, n: number, inputs: number, tasks: number): Batch => {
  const ks = Key.split(key, tasks + 1);
  return {
    x: tf.tensor2d(Float32Array.from(Key.normal(ks[0]!, n * inputs)), [n, inputs]),
    targets: Array.from({ length: tasks }, (_, t) => tf.tensor2d(Float32Array.from(Key.normal(ks[t + 1]!, n)), [n, 1])),
  };
};

describe('taskJacobian', () => {
  test.prop([fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 4 }), fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 8 })], {
    seed: 42,
    numRuns: 40,
  })('equals one tf.valueAndGrads per task (MLPs of 1-4 tasks, float32 tolerance)', (seed, tasks, hidden, n) => {
    const m: MultiTaskModel = hpsMlp({ input: 3, hidden, heads: Array.from({ length: tasks }, (_, t) => (t % 2 === 0 ? { output: 1 } : { hidden: [3], output: 1 })), activation: 'tanh' });
    const obj: Objective = { model: m, losses: Array.from({ length: tasks }, () => mse) };
    const params = m.init(Key.fromSeed(seed));
    const batch = randomBatch(Key.fromSeed(seed + 1), n, 3, tasks);
    expectSameAsPerTask(obj, params, batch);
    disposeParams(params);
    tf.dispose([batch.x, ...batch.targets]);
  });

  it('equals one tf.valueAndGrads per task on a small LeNet (convolutions, pooling, cross-entropy)', () => {
    const lenet = hpsLenet({ inputShape: [16, 16, 1], channels: [3, 4], features: 6, heads: [{ output: 4 }, { output: 3 }] });
    const losses: TaskLoss[] = [crossEntropy(), crossEntropy()];
    const params = lenet.init(Key.fromSeed(9));
    const k = Key.fromSeed(10);
    const batch: Batch = {
      x: tf.tensor4d(Float32Array.from(Key.uniform(k, 5 * 16 * 16)), [5, 16, 16, 1]),
      targets: [4, 3].map((c, t) => tf.tensor1d(Int32Array.from(Key.uniform(Key.foldIn(k, t + 1), 5), (u) => Math.floor(c * u)), 'int32')),
    };
    expectSameAsPerTask({ model: lenet, losses }, params, batch);
    disposeParams(params);
    tf.dispose([batch.x, ...batch.targets]);
  });

  it('rows are the per-task gradients of the shared parameters (float64 finite differences)', () => {
    const params = model.init(Key.fromSeed(5));
    const batch = makeBatch();
    const r = taskJacobian(objective)(params, batch);
    expect(E.isRight(r)).toBe(true);
    if (E.isRight(r)) {
      const g = r.right;
      expect(g.jacobian.shape).toEqual([2, 3 * 4 + 4]);
      const rows = g.jacobian.arraySync();
      for (const task of [0, 1]) {
        expectClose(rows[task]!, finiteDifferences(params, task, 'shared'));
        expectClose(Array.from(g.heads[task]!.flatMap((t) => Array.from(t.dataSync()))), finiteDifferences(params, task, 'head'));
        expect(g.losses[task]).toBeCloseTo(loss64(params.shared.map(matOf), params.heads[task]!.map(matOf), task), 5);
      }
      disposeTaskGradients(g);
    }
    disposeParams(params);
    tf.dispose([batch.x, ...batch.targets]);
  });

  it('representation mode: ∇_z rows back-propagated through the encoder give the parameter rows', () => {
    const params = model.init(Key.fromSeed(6));
    const batch = makeBatch();
    const full = taskJacobian(objective)(params, batch);
    const rep = representationJacobian(objective)(params, batch);
    expect(E.isRight(full) && E.isRight(rep)).toBe(true);
    if (E.isRight(full) && E.isRight(rep)) {
      expect(rep.right.jacobian.shape).toEqual([2, 3 * 4]);
      const zRows = tf.unstack(rep.right.jacobian);
      const pRows = full.right.jacobian.arraySync();
      zRows.forEach((zRow, task) => {
        const back = rep.right.backward(zRow as tf.Tensor1D);
        expectClose(back.flatMap((t) => Array.from(t.dataSync())), pRows[task]!);
        tf.dispose(back);
      });
      tf.dispose(zRows);
      expectClose(rep.right.losses, Array.from(full.right.losses));
      disposeTaskGradients(full.right);
      disposeRepresentationGradients(rep.right);
    }
    disposeParams(params);
    tf.dispose([batch.x, ...batch.targets]);
  });

  it('rejects a batch whose targets do not match the tasks, and NaN losses, without leaking', () => {
    const params = model.init(Key.fromSeed(7));
    const x = tf.tensor2d(X);
    const y = tf.tensor2d(Y[0]!);
    const bad = taskJacobian(objective)(params, { x, targets: [y] });
    expect(E.isLeft(bad) && bad.left._tag).toBe('ShapeMismatch');
    const nanY = tf.tensor2d([[Number.NaN], [0], [0]]);
    expect(leakedTensors(() => taskJacobian(objective)(params, { x, targets: [y, nanY] }))).toBe(0);
    const nan = taskJacobian(objective)(params, { x, targets: [y, nanY] });
    expect(E.isLeft(nan) && nan.left.message).toMatch(/loss of task 1 is NaN/);
    tf.dispose([x, y, nanY]);
    disposeParams(params);
  });

  it('leaks no tensor in either mode', () => {
    const params = model.init(Key.fromSeed(8));
    const batch = makeBatch();
    expect(leakedTensors(() => E.map(disposeTaskGradients)(taskJacobian(objective)(params, batch)))).toBe(0);
    expect(leakedTensors(() => E.map(disposeRepresentationGradients)(representationJacobian(objective)(params, batch)))).toBe(0);
    disposeParams(params);
    tf.dispose([batch.x, ...batch.targets]);
  });
});
