import { leakedTensors, type Aggregator, type StatefulAggregator, type TaskJacobian } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { expect } from 'vitest';
import { evaluate, sampleFromRows, toJacobian, type Outcome } from './properties/index.js';

/** Test helpers shared by the method tests (not part of the build). */

export type Rows = readonly (readonly number[])[];

/** Runs the aggregator on the rows; throws on Left (a test failure with the message). */
export const run = (aggregator: Aggregator, rows: Rows): Outcome => {
  const out = evaluate(aggregator, sampleFromRows(rows));
  if (E.isLeft(out)) throw new Error(out.left);
  return out.right;
};

/** Runs a stateful aggregator over a sequence of Jacobians from its initial state: every output and the last state. */
export const runSequence = <S>(aggregator: StatefulAggregator<S>, sequence: readonly Rows[], initial: S = aggregator.initial): { outputs: Outcome[]; state: S } => {
  let state = initial;
  const outputs: Outcome[] = [];
  for (const rows of sequence) {
    const J = toJacobian(sampleFromRows(rows));
    const r = aggregator(state, J);
    J.dispose();
    if (E.isLeft(r)) throw new Error(r.left.message);
    const [a, next] = r.right;
    outputs.push({ direction: Float64Array.from(a.direction.dataSync()), weights: a.weights === null ? null : Float64Array.from(a.weights) });
    a.direction.dispose();
    state = next;
  }
  return { outputs, state };
};

/** |actual − expected|∞ ≤ rtol · max(1e-30, ‖expected‖∞) + atol, with a readable failure. */
export const expectClose = (actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, atol = 0): void => {
  expect(actual.length).toBe(expected.length);
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]!));
  const allowed = rtol * scale + atol;
  for (let i = 0; i < expected.length; i++) {
    const diff = Math.abs(actual[i]! - expected[i]!);
    if (!(diff <= allowed)) {
      throw new Error(`entry ${i}: ${actual[i]} vs expected ${expected[i]} (|Δ| = ${diff.toExponential(3)} > ${allowed.toExponential(3)}); actual [${Array.from(actual).join(', ')}], expected [${Array.from(expected).join(', ')}]`);
    }
  }
};

/** The largest |actual − expected| relative to ‖expected‖∞ (for reporting achieved tolerances). */
export const relativeError = (actual: ArrayLike<number>, expected: ArrayLike<number>): number => {
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]!));
    diff = Math.max(diff, Math.abs(actual[i]! - expected[i]!));
  }
  return diff / Math.max(scale, 1e-300);
};

/** The degenerate inputs every method must handle (issue 3): never NaN, always defined. */
export const degenerateInputs: readonly { readonly name: string; readonly rows: Rows }[] = [
  { name: 'one task', rows: [[1, -2, 3]] },
  { name: 'a zero row', rows: [[1, 2, 0], [0, 0, 0], [-1, 0.5, 2]] },
  { name: 'all-zero J', rows: [[0, 0, 0], [0, 0, 0], [0, 0, 0]] },
  { name: 'identical rows', rows: [[1, -1, 2], [1, -1, 2], [1, -1, 2]] },
  { name: 'rows scaled 1e-6..1e6', rows: [[1e-6, 2e-6, -1e-6], [3, -1, 2], [-1e6, 5e5, 1e6]] },
  { name: 'm > d', rows: [[1, 0], [0, 1], [-1, -1], [2, -1], [0.5, 3]] },
  { name: 'opposite rows', rows: [[1, 2, 3], [-1, -2, -3]] },
];

/** Asserts a finite direction of length d (and finite weights) on every degenerate input. */
export const expectDefinedOnDegenerateInputs = (aggregator: Aggregator, skip: (rows: Rows) => boolean = () => false): void => {
  for (const { name, rows } of degenerateInputs) {
    if (skip(rows)) continue;
    const out = evaluate(aggregator, sampleFromRows(rows));
    if (E.isLeft(out)) throw new Error(`${name}: ${out.left}`);
    const bad = out.right.direction.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new Error(`${name}: direction entry ${bad} is ${out.right.direction[bad]}`);
    if (out.right.weights?.some((v) => !Number.isFinite(v))) throw new Error(`${name}: non-finite weights ${out.right.weights}`);
  }
};

/** Asserts no tensor leak and no mutation of the input on a small Jacobian. */
export const expectPureAndLeakFree = (aggregator: Aggregator, rows: Rows = [[1, -2, 3, 0], [-2, 1, 0.5, 1], [0.3, 0.2, -1, 2]]): void => {
  const J: TaskJacobian = toJacobian(sampleFromRows(rows));
  const before = Array.from(J.dataSync());
  expect(leakedTensors(() => aggregator(J))).toBe(0);
  expect(Array.from(J.dataSync())).toEqual(before);
  expect(J.isDisposed).toBe(false);
  J.dispose();
};

/** Same for a stateful aggregator: two calls threading the state. */
export const expectStatefulPureAndLeakFree = <S>(aggregator: StatefulAggregator<S>, rows: Rows = [[1, -2, 3, 0], [-2, 1, 0.5, 1], [0.3, 0.2, -1, 2]]): void => {
  const J: TaskJacobian = toJacobian(sampleFromRows(rows));
  const before = Array.from(J.dataSync());
  const initial = JSON.stringify(aggregator.initial, (_, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v));
  expect(
    leakedTensors(() => {
      const first = aggregator(aggregator.initial, J);
      if (E.isLeft(first)) return first;
      first.right[0].direction.dispose();
      return aggregator(first.right[1], J);
    }),
  ).toBe(0);
  expect(Array.from(J.dataSync())).toEqual(before);
  expect(JSON.stringify(aggregator.initial, (_, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v))).toBe(initial);
  J.dispose();
};

