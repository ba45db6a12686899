import { test } from '@fast-check/vitest';
import { leakedTensors, solverFailed, statefulAggregator, tf, type Aggregator } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { conflictingJacobians, jacobians, scaledJacobians } from './arbitraries.js';
import { assertHolds, evaluate, repeatedCalls } from './evaluate.js';
import { finiteOutput } from './finite-output.js';
import { linearUnderScaling } from './linear-under-scaling.js';
import { nonConflicting } from './non-conflicting.js';
import { permutationInvariant } from './permutation-invariant.js';
import { positivelyHomogeneous } from './positively-homogeneous.js';
import { sampleFromRows, toJacobian } from './sample.js';
import { firstRow, meanOfRows, nanDirection, sumOfRows, unitSum, zeroDirection } from './test-aggregators.js';
import { weightsOnSimplex } from './weights-on-simplex.js';

const params = { seed: 42, numRuns: 30 };
const conflicting = sampleFromRows([[1, 0, 0], [-3, 1, 0]]);
const failsWith = (r: E.Either<string, void>, pattern: RegExp): void => {
  expect(E.isLeft(r)).toBe(true);
  if (E.isLeft(r)) expect(r.left).toMatch(pattern);
};

describe('finiteOutput', () => {
  test.prop([scaledJacobians()], params)('holds for the sum of the rows', (s) => assertHolds(finiteOutput(sumOfRows, s)));
  it('fails on NaN, on a Left and on a direction of the wrong length', () => {
    failsWith(finiteOutput(nanDirection, conflicting), /direction entry 0 is NaN/);
    failsWith(finiteOutput(() => E.left(solverFailed('stuck.')), conflicting), /returned Left \(SolverFailed: stuck\.\)/);
    const wrong: Aggregator = () => E.right({ direction: tf.zeros([2]) as tf.Tensor1D, weights: null });
    failsWith(finiteOutput(wrong, conflicting), /shape \[2\], expected \[3\]/);
  });
});

describe('nonConflicting', () => {
  test.prop([conflictingJacobians()], params)('holds for the zero direction', (s) => assertHolds(nonConflicting(zeroDirection, s)));
  it('fails for the sum of two conflicting rows, naming the task', () => failsWith(nonConflicting(sumOfRows, conflicting), /conflicts with task 0/));
  it('holds for the sum of rows that agree', () => assertHolds(nonConflicting(sumOfRows, sampleFromRows([[1, 0], [1e-6, 1e-6]]))));
});

describe('linearUnderScaling', () => {
  test.prop([scaledJacobians()], params)('holds for the sum and the mean of the rows', (s) => {
    assertHolds(linearUnderScaling(sumOfRows, s));
    assertHolds(linearUnderScaling(meanOfRows, s));
  });
  it('fails for a unit-length direction', () => failsWith(linearUnderScaling(unitSum, conflicting), /A\(diag/));
});

describe('permutationInvariant', () => {
  test.prop([jacobians()], params)('holds for the sum of the rows', (s) => assertHolds(permutationInvariant(sumOfRows, s)));
  it('fails for "take the first row"', () => failsWith(permutationInvariant(firstRow, conflicting), /A\(PJ\) ≠ A\(J\)/));
});

describe('positivelyHomogeneous', () => {
  test.prop([scaledJacobians()], params)('holds for the sum of the rows', (s) => assertHolds(positivelyHomogeneous(sumOfRows, s)));
  it('fails for a unit-length direction', () => failsWith(positivelyHomogeneous(unitSum, conflicting), /A\(cJ\) ≠ c A\(J\)/));
});

describe('weightsOnSimplex', () => {
  test.prop([jacobians()], params)('holds for the mean of the rows', (s) => assertHolds(weightsOnSimplex(meanOfRows, s)));
  it('fails for the sum (weights sum to m), for no weights, and for weights that do not give the direction', () => {
    failsWith(weightsOnSimplex(sumOfRows, conflicting), /sum to 2, not 1/);
    failsWith(weightsOnSimplex(zeroDirection, conflicting), /no weights/);
    const lying: Aggregator = (J) => E.map((a: { direction: tf.Tensor1D }) => ({ direction: a.direction, weights: Float64Array.of(1, 0) }))(sumOfRows(J));
    failsWith(weightsOnSimplex(lying, conflicting), /not Jᵀw/);
  });
});

describe('evaluate and repeatedCalls', () => {
  it('leave no tensor behind', () => {
    expect(leakedTensors(() => evaluate(sumOfRows, conflicting))).toBe(0);
    expect(leakedTensors(() => linearUnderScaling(sumOfRows, conflicting))).toBe(0);
    expect(leakedTensors(() => permutationInvariant(sumOfRows, conflicting))).toBe(0);
  });
  it('repeatedCalls runs a stateful aggregator from its initial state and returns the last output', () => {
    const scaled = statefulAggregator(1, (n: number, J) => {
      const r = sumOfRows(J);
      if (E.isLeft(r)) return r;
      const direction = tf.tidy(() => tf.mul(r.right.direction, n)) as tf.Tensor1D;
      r.right.direction.dispose();
      return E.right([{ direction, weights: null }, n + 1] as const);
    });
    const third = evaluate(repeatedCalls(scaled, 3), conflicting);
    expect(E.isRight(third) && Array.from(third.right.direction)).toEqual([-6, 3, 0]);
    const J = toJacobian(conflicting);
    expect(leakedTensors(() => repeatedCalls(scaled, 3)(J))).toBe(0);
    J.dispose();
  });
  it('draws are reproducible: the same sample and key give the same verdict', () => {
    const s = sampleFromRows([[1, 2], [3, -1]]);
    expect(linearUnderScaling(unitSum, s)).toEqual(linearUnderScaling(unitSum, s));
  });
});
