import * as tf from '@tensorflow/tfjs-core';
import { fc, test } from '@fast-check/vitest';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { leakedTensors } from './leaks.js';
import { jacobianShape, parseJacobian } from './task-jacobian.js';

const params = { seed: 424242, numRuns: 60 };
const finite = fc.float({ noNaN: true, noDefaultInfinity: true, min: Math.fround(-1e30), max: Math.fround(1e30) });
const matrix = fc
  .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 12 }))
  .chain(([m, d]) => fc.tuple(fc.constant(m), fc.constant(d), fc.array(finite, { minLength: m * d, maxLength: m * d })));

const tagOf = (t: tf.Tensor) => {
  const r = parseJacobian(t);
  return E.isLeft(r) ? r.left._tag : 'Right';
};

describe('parseJacobian', () => {
  test.prop([matrix], params)('accepts every finite m x d float32 tensor, returning it unchanged', ([m, d, values]) => {
    const t = tf.tensor2d(values, [m, d]);
    const r = parseJacobian(t);
    expect(E.isRight(r) && r.right === t).toBe(true);
    if (E.isRight(r)) expect(jacobianShape(r.right)).toEqual([m, d]);
    t.dispose();
  });

  test.prop([matrix, fc.nat(), fc.constantFrom(Number.NaN, Infinity, -Infinity)], params)(
    'rejects a NaN or infinity with NonFinite, naming its row and column',
    ([m, d, values], pos, bad) => {
      const i = pos % (m * d);
      const corrupted = values.slice();
      corrupted[i] = bad;
      const t = tf.tensor2d(corrupted, [m, d]);
      const r = parseJacobian(t);
      expect(E.isLeft(r) && r.left._tag).toBe('NonFinite');
      if (E.isLeft(r)) expect(r.left.message).toContain(`row ${Math.floor(i / d)}, column ${i % d}`);
      t.dispose();
    },
  );

  it('rejects each bad shape and dtype with InvalidJacobian', () => {
    const cases = [tf.tensor1d([1, 2]), tf.zeros([2, 2, 2]), tf.scalar(1), tf.zeros([0, 3]), tf.zeros([3, 0]), tf.tensor2d([[1, 2]], [1, 2], 'int32')];
    expect(cases.map(tagOf)).toEqual(Array(cases.length).fill('InvalidJacobian'));
    const r = parseJacobian(cases[0]!);
    expect(E.isLeft(r) && r.left.message).toMatch(/rank 2.*rank 1/);
    tf.dispose(cases);
    const gone = tf.zeros([2, 2]);
    gone.dispose();
    expect(tagOf(gone)).toBe('InvalidJacobian');
  });

  it('finds the first bad entry even when a later sum would overflow', () => {
    const t = tf.tensor2d([[3e38, 3e38], [1, Number.NaN]]);
    const r = parseJacobian(t);
    expect(E.isLeft(r) && r.left.message).toContain('row 1, column 1 is NaN');
    const big = tf.tensor2d([[3e38, 3e38], [3e38, 3e38]]);
    expect(tagOf(big)).toBe('Right');
    tf.dispose([t, big]);
  });

  it('leaks no tensor, on success and on failure', () => {
    const ok = tf.randomNormal([3, 5]);
    const bad = tf.tensor2d([[1, Number.NaN]]);
    expect(leakedTensors(() => parseJacobian(ok))).toBe(0);
    expect(leakedTensors(() => parseJacobian(bad))).toBe(0);
    expect(ok.isDisposed).toBe(false);
    tf.dispose([ok, bad]);
  });
});
