import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { moDo, moDoSampled, type MoDoState } from './mo-do.js';
import { repeatedCalls, sampleFromRows, toJacobian } from './properties/index.js';
import { apply, crossProducts, seededRows, simplexByBisection, type Matrix } from './test-linear-algebra.js';
import { combineRows } from './test-support.js';
import { expectClose, expectDefinedOnDegenerateInputs, expectStatefulPureAndLeakFree, runSequence } from './test-helpers.js';

const J_BASE = [[-4, 1, 1], [6, 1, 1]];

/** One MoDo step in float64: λ ← Π(λ − γ(J₁J₂ᵀλ + ρλ)), direction = J₃ᵀλ. */
const moDoReference = (lambda: readonly number[], J1: Matrix, J2: Matrix, J3: Matrix, gamma: number, rho: number): { lambda: number[]; direction: Float64Array } => {
  const Al = apply(crossProducts(J1, J2), lambda);
  const next = simplexByBisection(lambda.map((l, i) => l - gamma * (Al[i]! + rho * l)));
  return { lambda: next, direction: combineRows(J3, next) };
};

const runSampled = (options: Parameters<typeof moDoSampled>[0], batches: readonly (readonly [Matrix, Matrix, Matrix])[]): { lambda: Float64Array; direction: Float64Array }[] => {
  const agg = moDoSampled(options);
  let state: MoDoState = agg.initial;
  return batches.map(([a, b, c]) => {
    const [first, second, update] = [a, b, c].map((rows) => toJacobian(sampleFromRows(rows)));
    const r = agg(state, { first: first!, second: second!, update: update! });
    [first, second, update].forEach((t) => t!.dispose());
    if (E.isLeft(r)) throw new Error(r.left.message);
    const direction = Float64Array.from(r.right[0].direction.dataSync());
    r.right[0].direction.dispose();
    state = r.right[1];
    return { lambda: Float64Array.from(state.lambda!), direction };
  });
};

describe('moDo', () => {
  it('one step on [[-4, 1, 1], [6, 1, 1]] by hand: λ = Π([0.50195, 0.49195]) = [0.505, 0.495]', () => {
    const { outputs } = runSequence(moDo(), [J_BASE]);
    expectClose(outputs[0]!.weights!, [0.505, 0.495], 1e-9);
    expectClose(outputs[0]!.direction, [0.95, 1, 1], 1e-6);
  });

  it('with three independent batches: λ from the cross Gramian J₁J₂ᵀ (in that order), the direction from J₃, over three steps', () => {
    const batches = [0, 1, 2].map((t) => [seededRows(3 * t + 1, 3, 5), seededRows(3 * t + 2, 3, 5), seededRows(3 * t + 3, 3, 5)] as const);
    for (const [gamma, rho] of [[0.001, 0.1], [0.05, 0]] as const) {
      const got = runSampled({ gamma, rho }, batches);
      let lambda = [1 / 3, 1 / 3, 1 / 3];
      batches.forEach(([a, b, c], t) => {
        const expected = moDoReference(lambda, a, b, c, gamma, rho);
        expectClose(got[t]!.lambda, expected.lambda, 1e-6);
        expectClose(got[t]!.direction, expected.direction, 1e-5);
        lambda = expected.lambda;
      });
    }
  });

  it('with ρ = 0 on a fixed J, the weights converge to the minimum-norm point (MGDA: [0.6, 0.4], direction [0, 1, 1])', () => {
    const { outputs } = runSequence(moDo({ gamma: 0.005, rho: 0 }), new Array(150).fill(J_BASE));
    expectClose(outputs[149]!.weights!, [0.6, 0.4], 1e-6);
    expectClose(outputs[149]!.direction, [0, 1, 1], 0, 1e-5);
  });

  it('Jacobians of different shapes, a state for another m and bad options are Left', () => {
    const [a, b] = [toJacobian(sampleFromRows([[1, 2]])), toJacobian(sampleFromRows([[1, 2], [3, 4]]))];
    const mixed = moDoSampled()(moDoSampled().initial, { first: a, second: b, update: b });
    expect(E.isLeft(mixed) && mixed.left.message).toMatch(/share one shape, got \[1, 2\], \[2, 2\], \[2, 2\]/);
    const other = moDo()({ lambda: Float64Array.of(1) }, b);
    expect(E.isLeft(other) && other.left._tag).toBe('ShapeMismatch');
    expect(E.isLeft(moDo({ gamma: 0 })(moDo().initial, b))).toBe(true);
    a.dispose();
    b.dispose();
  });

  it('degenerate inputs are defined; no leak, no mutation', () => {
    expectDefinedOnDegenerateInputs(repeatedCalls(moDo(), 2));
    expectStatefulPureAndLeakFree(moDo());
  });
});
