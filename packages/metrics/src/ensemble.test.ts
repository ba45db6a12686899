import { leakedTensors, tf } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { accuracy } from './accuracy.js';
import { brierScore } from './brier-score.js';
import { expectedCalibrationError } from './calibration-error.js';
import { averageProbabilities, ensemble } from './ensemble.js';
import { leftMessage, right } from './test-either.js';

describe('ensemble metrics over averaged member probabilities', () => {
  it('average two members: hand-checked accuracy and Brier', () => {
    // Member A is sure of class 0, member B of class 1: the average is [0.5, 0.5] (argmax 0).
    const a = tf.tensor2d([[1, 0], [0.5, 0.5]]);
    const b = tf.tensor2d([[0, 1], [0.25, 0.75]]);
    const y = tf.tensor1d([0, 1], 'int32');
    // Averages: [0.5, 0.5] (label 0, hit), [0.375, 0.625] (label 1, hit).
    expect(ensemble.accuracy([a, b], y)).toEqual(E.right(1));
    expect(ensemble.brierScore([a, b], y)).toEqual(E.right((0.5 + 2 * 0.375 ** 2) / 2));
    const avg = right(averageProbabilities([a, b]));
    expect(Array.from(avg.dataSync())).toEqual([0.5, 0.5, 0.375, 0.625]);
    expect(right(expectedCalibrationError(avg, y)).ece).toBe(right(ensemble.expectedCalibrationError([a, b], y)).ece);
    expect(right(ensemble.predictiveEntropy([a, b])).perSample[0]).toBeCloseTo(Math.LN2, 15);
    tf.dispose([a, b, y, avg]);
  });

  it('a one-member ensemble is the model itself', () => {
    const p = tf.tensor2d([[0.9, 0.1], [0.3, 0.7], [0.6, 0.4]]);
    const y = tf.tensor1d([0, 0, 1], 'int32');
    expect(ensemble.accuracy([p], y)).toEqual(accuracy(p, y));
    expect(ensemble.brierScore([p], y)).toEqual(brierScore(p, y));
    expect(ensemble.expectedCalibrationError([p], y, { bins: 5 })).toEqual(expectedCalibrationError(p, y, { bins: 5 }));
    expect(ensemble.topKAccuracy([p], y, { k: 1 })).toEqual(accuracy(p, y));
    tf.dispose([p, y]);
  });

  it('rejects no members, members of different shapes, a bad member and bad labels', () => {
    const p = tf.tensor2d([[0.9, 0.1]]);
    const q = tf.tensor2d([[0.9, 0.1], [0.5, 0.5]]);
    const bad = tf.tensor2d([[0.9, 0.9]]);
    const y = tf.tensor1d([0], 'int32');
    const y3 = tf.tensor1d([3], 'int32');
    expect(leftMessage(ensemble.accuracy([], y))).toBe('an ensemble needs at least one member probability matrix.');
    expect(leftMessage(ensemble.accuracy([p, q], y))).toMatch(/^ensemble member 1 has shape \[2, 2\] but member 0 has \[1, 2\]/);
    expect(leftMessage(ensemble.accuracy([p, bad], y))).toMatch(/^ensemble member 1 row 0 sums to 1\.8/);
    expect(leftMessage(ensemble.accuracy([p], y3))).toMatch(/^label 0 is 3, outside the class range/);
    expect(leftMessage(averageProbabilities([]))).toMatch(/at least one member/);
    tf.dispose([p, q, bad, y, y3]);
  });

  it('leaks no tensor (averageProbabilities hands its one tensor to the caller)', () => {
    const a = tf.tensor2d([[1, 0]]);
    const b = tf.tensor2d([[0.5, 0.5]]);
    const y = tf.tensor1d([0], 'int32');
    for (const f of Object.values(ensemble)) expect(leakedTensors(() => (f as (m: tf.Tensor2D[], y: tf.Tensor1D) => unknown)([a, b], y))).toBe(0);
    expect(leakedTensors(() => averageProbabilities([a, b]))).toBe(0);
    tf.dispose([a, b, y]);
  });
});
