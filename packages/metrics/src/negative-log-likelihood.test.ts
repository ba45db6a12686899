import { leakedTensors, tf } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { negativeLogLikelihood } from './negative-log-likelihood.js';

describe('negativeLogLikelihood', () => {
  it('hand-checked: −(ln 0.75 + ln 0.5)/2, ln C for uniform rows', () => {
    const p = tf.tensor2d([[0.75, 0.25], [0.5, 0.5]]);
    const y = tf.tensor1d([0, 1], 'int32');
    const r = negativeLogLikelihood(p, y);
    expect(E.isRight(r) && r.right).toBeCloseTo(-(Math.log(0.75) + Math.log(0.5)) / 2, 15);
    tf.dispose([p, y]);
  });

  it('clips a zero probability at eps instead of returning Infinity', () => {
    const p = tf.tensor2d([[1, 0]]);
    const y = tf.tensor1d([1], 'int32');
    expect(negativeLogLikelihood(p, y)).toEqual(E.right(-Math.log(1e-15)));
    expect(negativeLogLikelihood(p, y, { eps: 1e-3 })).toEqual(E.right(-Math.log(1e-3)));
    expect(E.isLeft(negativeLogLikelihood(p, y, { eps: 0 }))).toBe(true);
    tf.dispose([p, y]);
  });

  it('leaks no tensor', () => {
    const p = tf.tensor2d([[0.75, 0.25]]);
    const y = tf.tensor1d([0], 'int32');
    expect(leakedTensors(() => negativeLogLikelihood(p, y))).toBe(0);
    tf.dispose([p, y]);
  });
});
