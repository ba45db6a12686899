import { leakedTensors, tf } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { gradientStats } from './gradient-stats.js';

describe('gradientStats', () => {
  it('gives each task gradient’s Frobenius norm and mean, and leaks nothing', () => {
    const g = [tf.tensor2d([[3, 0], [0, -4]]), tf.tensor2d([[1, 1], [1, 1]])];
    const r = gradientStats(g);
    if (E.isLeft(r)) throw new Error(r.left.message);
    expect(Array.from(r.right.norms)).toEqual([5, 2]);
    expect(Array.from(r.right.means)).toEqual([-0.25, 1]);
    expect(leakedTensors(() => gradientStats(g))).toBe(0);
    tf.dispose(g);
  });

  it('rejects differing shapes, no task, and a NaN', () => {
    const a = tf.zeros([2, 2]);
    const b = tf.zeros([4]);
    const n = tf.tensor1d([1, Number.NaN, 0, 0]);
    const r = gradientStats([a, b]);
    expect(E.isLeft(r) && r.left.message).toMatch(/task 1 has shape \[4\]/);
    expect(E.isLeft(gradientStats([]))).toBe(true);
    const bad = gradientStats([b, n]);
    expect(E.isLeft(bad) && bad.left._tag).toBe('NonFinite');
    tf.dispose([a, b, n]);
  });
});
