import { leakedTensors, tf } from '@mtlkit/core';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { mae, mse, rmse } from './regression.js';
import { taggedLeftMessage, right } from './test-either.js';

describe('mse, mae, rmse per task', () => {
  it('hand-checked on two tasks', () => {
    // Task 0 errors: 1, −1 -> MSE 1, MAE 1. Task 1 errors: 0, 4 -> MSE 8, MAE 2, RMSE √8.
    const yhat = tf.tensor2d([[1, 0], [0, 4]]);
    const y = tf.tensor2d([[0, 0], [1, 0]]);
    expect(right(mse(yhat, y))).toEqual({ mse: 4.5, perTask: [1, 8] });
    expect(right(mae(yhat, y))).toEqual({ mae: 1.5, perTask: [1, 2] });
    expect(right(rmse(yhat, y))).toEqual({ rmse: (1 + Math.sqrt(8)) / 2, perTask: [1, Math.sqrt(8)] });
    tf.dispose([yhat, y]);
  });

  it('a 1-D input is one task; perfect predictions give 0', () => {
    const a = tf.tensor1d([1, 2, 3]);
    expect(right(mse(a, a))).toEqual({ mse: 0, perTask: [0] });
    a.dispose();
  });

  it('rejects mismatched shapes, empty input, NaN and rank 3', () => {
    const a = tf.tensor1d([1, 2]);
    const b = tf.tensor1d([1, 2, 3]);
    const e = tf.tensor1d([]);
    const n = tf.tensor1d([1, Number.NaN]);
    const r3 = tf.zeros([1, 1, 1]);
    expect(taggedLeftMessage(mse(a, b))).toBe('ShapeMismatch: predictions have shape [2] but targets have [3]; they must match.');
    expect(taggedLeftMessage(mae(e, e))).toMatch(/^EmptyInput/);
    expect(taggedLeftMessage(rmse(n, a))).toBe('NonFinite: predictions entry 1 is NaN; values must be finite.');
    expect(taggedLeftMessage(mse(r3, r3))).toMatch(/^ShapeMismatch: predictions must be N/);
    tf.dispose([a, b, e, n, r3]);
  });

  test.prop([fc.array(fc.tuple(fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: -100, max: 100, noNaN: true })), { minLength: 1, maxLength: 40 })], { seed: 42, numRuns: 50 })(
    'RMSE² = MSE, MAE ≤ RMSE, all ≥ 0 (Jensen)',
    (pairs) => {
      const yhat = tf.tensor1d(pairs.map((p) => p[0]));
      const y = tf.tensor1d(pairs.map((p) => p[1]));
      const m = right(mse(yhat, y)).mse;
      const a = right(mae(yhat, y)).mae;
      const r = right(rmse(yhat, y)).rmse;
      expect(a).toBeGreaterThanOrEqual(0);
      expect(r * r).toBeCloseTo(m, 6);
      expect(a).toBeLessThanOrEqual(r * (1 + 1e-12) + 1e-12);
      tf.dispose([yhat, y]);
    },
  );

  it('leaks no tensor', () => {
    const a = tf.tensor2d([[1, 2]]);
    expect(leakedTensors(() => mse(a, a))).toBe(0);
    expect(leakedTensors(() => mae(a, a))).toBe(0);
    expect(leakedTensors(() => rmse(a, a))).toBe(0);
    a.dispose();
  });
});
