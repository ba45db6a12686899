import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { combine, fromWeighting, statefulAggregator, type Weighting } from './aggregator.js';
import { solverFailed } from './error.js';
import { leakedTensors } from './leaks.js';
import { jacobian } from './test-jacobian.js';

/** Weights proportional to the diagonal of G: an easy closed form to check against. */
const diagonal: Weighting = (G) => E.right(Float64Array.from({ length: G.m }, (_, i) => G.values[i * G.m + i]!));

describe('fromWeighting', () => {
  it('computes weights from the Gramian and combines the rows: direction = Jᵀ w', () => {
    const J = jacobian([[1, 0, 2], [0, 3, 0]]);
    const r = fromWeighting(diagonal)(J);
    expect(E.isRight(r)).toBe(true);
    if (E.isRight(r)) {
      expect(Array.from(r.right.weights!)).toEqual([5, 9]);
      expect(Array.from(r.right.direction.dataSync())).toEqual([5, 27, 10]);
      r.right.direction.dispose();
    }
    J.dispose();
  });

  it('passes solver failures through, and rejects non-finite or wrongly sized weights', () => {
    const J = jacobian([[1, 2]]);
    const failing = fromWeighting(() => E.left(solverFailed('did not converge.')))(J);
    expect(E.isLeft(failing) && failing.left._tag).toBe('SolverFailed');
    const nan = fromWeighting(() => E.right(Float64Array.of(Number.NaN)))(J);
    expect(E.isLeft(nan) && nan.left._tag).toBe('NonFinite');
    const wrong = fromWeighting(() => E.right(Float64Array.of(1, 2)))(J);
    expect(E.isLeft(wrong) && wrong.left._tag).toBe('ShapeMismatch');
    J.dispose();
  });

  it('leaks no tensor', () => {
    const J = jacobian([[1, 0, 2], [0, 3, 0]]);
    expect(leakedTensors(() => fromWeighting(diagonal)(J))).toBe(0);
    expect(leakedTensors(() => combine(J, [1, 2]))).toBe(0);
    J.dispose();
  });
});

describe('statefulAggregator', () => {
  it('threads the state without mutation and exposes the initial state', () => {
    const counting = statefulAggregator(0, (n: number, J) => E.right([{ direction: combine(J, [n, n]), weights: null }, n + 1] as const));
    const J = jacobian([[1, 1], [2, 2]]);
    expect(counting.initial).toBe(0);
    const first = counting(counting.initial, J);
    const second = E.isRight(first) ? counting(first.right[1], J) : first;
    expect(E.isRight(second) && second.right[1]).toBe(2);
    if (E.isRight(first)) first.right[0].direction.dispose();
    if (E.isRight(second)) expect(Array.from(second.right[0].direction.dataSync())).toEqual([3, 3]);
    if (E.isRight(second)) second.right[0].direction.dispose();
    J.dispose();
  });
});
