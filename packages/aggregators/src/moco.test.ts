import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { moco, type MocoOptions } from './moco.js';
import { repeatedCalls, sampleFromRows, toJacobian } from './properties/index.js';
import { apply, crossProducts, dot, seededRows, simplexByBisection, type Matrix } from './test-linear-algebra.js';
import { combineRows } from './test-support.js';
import { expectClose, expectDefinedOnDegenerateInputs, expectStatefulPureAndLeakFree, runSequence } from './test-helpers.js';

const J_BASE = [[-4, 1, 1], [6, 1, 1]];

/** MoCo in float64 over a sequence (LibMTL's update order), returning each direction. */
const mocoReference = (sequence: readonly Matrix[], o: Required<MocoOptions>): Float64Array[] => {
  const m = sequence[0]!.length;
  let y: number[][] = sequence[0]!.map((r) => r.map(() => 0));
  let lambda = new Array<number>(m).fill(1 / m);
  return sequence.map((J, t0) => {
    const t = t0 + 1;
    const bt = o.beta / t ** o.betaSigma;
    const gt = o.gamma / t ** o.gammaSigma;
    const target = o.normalize === 'unit' ? J.map((r) => (dot(r, r) > 0 ? r.map((v) => v / Math.sqrt(dot(r, r))) : [...r])) : J;
    y = y.map((row, i) => row.map((v, k) => v - bt * (v - target[i]![k]!)));
    const step = apply(crossProducts(y, y), lambda).map((v, i) => lambda[i]! - gt * (v + o.rho * lambda[i]!));
    if (o.projection === 'softmax') {
      const e = step.map((v) => Math.exp(v - Math.max(...step)));
      lambda = e.map((v) => v / e.reduce((s, x) => s + x, 0));
    } else lambda = simplexByBisection(step);
    return combineRows(y, lambda);
  });
};

const defaults: Required<MocoOptions> = { beta: 0.5, betaSigma: 0.5, gamma: 0.1, gammaSigma: 0.5, rho: 0, projection: 'softmax', normalize: 'none' };

describe('moco', () => {
  it("equals LibMTL's update (y tracking, decaying steps, softmax or simplex) in float64 over four calls", () => {
    const sequence = [1, 2, 3, 4].map((s) => seededRows(s, 3, 5));
    for (const o of [defaults, { ...defaults, projection: 'simplex' as const, normalize: 'unit' as const, rho: 0.2, betaSigma: 0, gamma: 0.3 }]) {
      const expected = mocoReference(sequence, o);
      runSequence(moco(o), sequence).outputs.forEach((out, t) => expectClose(out.direction, expected[t]!, 1e-5));
    }
  });

  it('on a fixed J with y = J at once (β = 1, no decay) and a small step, λ converges to MGDA: direction [0, 1, 1]', () => {
    const { outputs, state } = runSequence(moco({ beta: 1, betaSigma: 0, gamma: 0.005, gammaSigma: 0, projection: 'simplex' }), new Array(150).fill(J_BASE));
    expectClose(state.lambda!, [0.6, 0.4], 1e-6);
    expectClose(outputs[149]!.direction, [0, 1, 1], 0, 1e-5);
    expect(state.step).toBe(150);
  });

  it('reports no weights (the direction combines y, not J); a state for other shapes or a bad option is Left', () => {
    const { outputs, state } = runSequence(moco(), [J_BASE]);
    expect(outputs[0]!.weights).toBeNull();
    const J = toJacobian(sampleFromRows([[1, 2], [3, 4]]));
    const r = moco()(state, J);
    expect(E.isLeft(r) && r.left._tag).toBe('ShapeMismatch');
    expect(E.isLeft(moco({ beta: 0 })(moco().initial, J))).toBe(true);
    J.dispose();
  });

  it('degenerate inputs are defined; no leak, no mutation', () => {
    expectDefinedOnDegenerateInputs(repeatedCalls(moco(), 2));
    expectDefinedOnDegenerateInputs(repeatedCalls(moco({ normalize: 'unit' }), 2));
    expectStatefulPureAndLeakFree(moco());
  });
});
