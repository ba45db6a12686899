import { leakedTensors, tf } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { accuracy, topKAccuracy } from './accuracy.js';

const probs = [
  [0.5, 0.3, 0.2],
  [0.1, 0.6, 0.3],
  [0.2, 0.3, 0.5],
  [0.4, 0.4, 0.2],
];

describe('accuracy and topKAccuracy', () => {
  it('counts argmax hits (2 of 4), first index on ties', () => {
    const p = tf.tensor2d(probs);
    const y = tf.tensor1d([0, 2, 2, 1], 'int32');
    // Row 3 ties classes 0 and 1: argmax is 0, label 1 -> a miss.
    expect(accuracy(p, y)).toEqual(E.right(0.5));
    expect(topKAccuracy(p, y, { k: 1 })).toEqual(E.right(0.5));
    // Top-2: row 1 (label 2, p = 0.3 second) and row 3 (label 1, tied second) become hits.
    expect(topKAccuracy(p, y, { k: 2 })).toEqual(E.right(1));
    expect(topKAccuracy(p, y, { k: 3 })).toEqual(E.right(1));
    expect(topKAccuracy(p, y, { k: 10 })).toEqual(E.right(1));
    tf.dispose([p, y]);
  });

  it('top-2 misses a label ranked third', () => {
    const p = tf.tensor2d([[0.5, 0.3, 0.2]]);
    const y = tf.tensor1d([2], 'int32');
    expect(topKAccuracy(p, y, { k: 2 })).toEqual(E.right(0));
    expect(E.isLeft(topKAccuracy(p, y, { k: 0 }))).toBe(true);
    expect(E.isLeft(topKAccuracy(p, y, { k: 1.5 }))).toBe(true);
    tf.dispose([p, y]);
  });

  it('a single sample and a single class are defined', () => {
    const p = tf.tensor2d([[1]]);
    const y = tf.tensor1d([0], 'int32');
    expect(accuracy(p, y)).toEqual(E.right(1));
    tf.dispose([p, y]);
  });

  it('leaks no tensor', () => {
    const p = tf.tensor2d(probs);
    const y = tf.tensor1d([0, 2, 2, 1], 'int32');
    expect(leakedTensors(() => accuracy(p, y))).toBe(0);
    expect(leakedTensors(() => topKAccuracy(p, y, { k: 2 }))).toBe(0);
    tf.dispose([p, y]);
  });
});
