import { test } from '@fast-check/vitest';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { constant, constantWeighting } from './constant.js';
import { expectClose, expectDefinedOnDegenerateInputs, expectPureAndLeakFree, run } from './test-helpers.js';
import { combineRows, FLOAT32_RTOL, jacobian, rowsArb } from './test-support.js';

describe('constant', () => {
  test.prop([rowsArb(3, 5), fc.array(fc.integer({ min: -100, max: 100 }).map((k) => k / 10), { minLength: 3, maxLength: 3 })], { seed: 42, numRuns: 50 })(
    'returns Jᵀw with the given weights',
    (rows, weights) => {
      const out = run(constant({ weights }), rows);
      expect(Array.from(out.weights!)).toEqual(weights);
      const expected = combineRows(rows, weights);
      expectClose(out.direction, expected, FLOAT32_RTOL, 1e-6 * Math.max(...rows.flat().map(Math.abs)));
    },
  );

  it('rejects a wrong number of weights and non-finite weights with a sentence', () => {
    const J = jacobian([[1, 2], [3, 4]]);
    const wrong = constant({ weights: [1, 2, 3] })(J);
    expect(E.isLeft(wrong) && wrong.left._tag).toBe('ShapeMismatch');
    expect(E.isLeft(wrong) && wrong.left.message).toMatch(/3 weights for 2 tasks/);
    const nan = constant({ weights: [1, Number.NaN] })(J);
    expect(E.isLeft(nan) && nan.left._tag).toBe('NonFinite');
    J.dispose();
    const w = constantWeighting({ weights: [1] })({ m: 2, values: new Float64Array(4) });
    expect(E.isLeft(w) && w.left._tag).toBe('ShapeMismatch');
  });

  it('is defined on degenerate inputs, leaks nothing and does not mutate J', () => {
    for (const m of [1, 2, 3, 5, 7]) {
      const weights = Array.from({ length: m }, (_, i) => i - 1);
      expectDefinedOnDegenerateInputs(constant({ weights }), (rows) => rows.length !== m);
    }
    expectPureAndLeakFree(constant({ weights: [0.5, -1, 2] }));
  });
});
