import { leakedTensors, tf } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { brierScore, brierScoreByClass } from './brier-score.js';

const run = <A>(f: (p: tf.Tensor2D, y: tf.Tensor1D) => A, probs: number[][], labels: number[]): A => {
  const p = tf.tensor2d(probs);
  const y = tf.tensor1d(labels, 'int32');
  const r = f(p, y);
  tf.dispose([p, y]);
  return r;
};

describe('brierScore (seeds 002/003: Σ over classes, mean over samples, no 1/C)', () => {
  it('is 0 for one-hot correct predictions', () => {
    expect(run(brierScore, [[1, 0, 0], [0, 0, 1]], [0, 2])).toEqual(E.right(0));
  });

  it('is 2 for one-hot wrong predictions (its maximum)', () => {
    expect(run(brierScore, [[0, 1, 0], [1, 0, 0]], [0, 2])).toEqual(E.right(2));
  });

  it('is 1 − 1/C for uniform predictions (not divided by C)', () => {
    const C = 4;
    const r = run(brierScore, [Array(C).fill(1 / C)], [3]);
    expect(E.isRight(r) && r.right).toBeCloseTo(1 - 1 / C, 15);
  });

  it('hand-checked: [0.75, 0.25] with label 1 gives 0.75² + 0.75² = 1.125', () => {
    expect(run(brierScore, [[0.75, 0.25]], [1])).toEqual(E.right(1.125));
    expect(run(brierScoreByClass, [[0.75, 0.25]], [1])).toEqual(E.right([0.5625, 0.5625]));
  });

  it('leaks no tensor', () => {
    const p = tf.tensor2d([[0.75, 0.25]]);
    const y = tf.tensor1d([1], 'int32');
    expect(leakedTensors(() => brierScore(p, y))).toBe(0);
    expect(leakedTensors(() => brierScoreByClass(p, y))).toBe(0);
    tf.dispose([p, y]);
  });
});
