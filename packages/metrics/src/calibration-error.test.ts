import { leakedTensors, tf } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { binOf, expectedCalibrationError, maximumCalibrationError } from './calibration-error.js';
import { right } from './test-either.js';

const rows = (row: number[], times: number): number[][] => Array.from({ length: times }, () => row);
describe('binOf: (m−1)/M < conf ≤ m/M', () => {
  it('puts edges in the lower bin and handles 0.3·10 = 3.0000000000000004', () => {
    expect(binOf(0.5, 10)).toBe(5);
    expect(binOf(0.3, 10)).toBe(3);
    expect(binOf(0.7, 10)).toBe(7);
    expect(binOf(0.1, 10)).toBe(1);
    expect(binOf(1, 10)).toBe(10);
    expect(binOf(0.30000001, 10)).toBe(4);
    expect(binOf(0.05, 10)).toBe(1);
    expect(binOf(0.95, 1)).toBe(1);
    for (let m = 1; m <= 15; m++) expect(binOf(m / 15, 15)).toBe(m);
  });
});

describe('expectedCalibrationError and maximumCalibrationError', () => {
  it('are 0 on a perfectly calibrated histogram', () => {
    // Confidence 0.75 in 4 samples, 3 correct; confidence 0.625 in 8 samples, 5 correct.
    const probs = [...rows([0.75, 0.25], 4), ...rows([0.375, 0.625], 8)];
    const labels = [0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0];
    const p = tf.tensor2d(probs);
    const y = tf.tensor1d(labels, 'int32');
    const ece = right(expectedCalibrationError(p, y, { bins: 10 }));
    expect(ece.ece).toBe(0);
    expect(right(maximumCalibrationError(p, y)).mce).toBe(0);
    expect(ece.bins).toHaveLength(10);
    expect(ece.bins[7]).toEqual({ lower: 0.7, upper: 0.8, count: 4, accuracy: 0.75, confidence: 0.75 });
    expect(ece.bins[6]).toEqual({ lower: 0.6, upper: 0.7, count: 8, accuracy: 0.625, confidence: 0.625 });
    expect(ece.bins[0]).toEqual({ lower: 0, upper: 0.1, count: 0, accuracy: null, confidence: null });
    tf.dispose([p, y]);
  });

  it('hand-checked: two bins with gaps 0.25 and 0.5', () => {
    // Bin (0.7, 0.8]: 2 samples, conf 0.75, 1 correct -> gap 0.25, weight 2/6.
    // Bin (0.4, 0.5]: 4 samples (C = 3, conf 0.5), all correct -> gap 0.5, weight 4/6.
    const probs = [...rows([0.75, 0.25, 0], 2), ...rows([0.5, 0.25, 0.25], 4)];
    const labels = [0, 1, 0, 0, 0, 0];
    const p = tf.tensor2d(probs);
    const y = tf.tensor1d(labels, 'int32');
    expect(right(expectedCalibrationError(p, y)).ece).toBeCloseTo((2 / 6) * 0.25 + (4 / 6) * 0.5, 15);
    expect(right(maximumCalibrationError(p, y)).mce).toBe(0.5);
    // One bin: |acc − conf| of the whole sample = |5/6 − (2·0.75 + 4·0.5)/6|.
    expect(right(expectedCalibrationError(p, y, { bins: 1 })).ece).toBeCloseTo(Math.abs(5 / 6 - 3.5 / 6), 15);
    tf.dispose([p, y]);
  });

  it('rejects a bad number of bins', () => {
    const p = tf.tensor2d([[1, 0]]);
    const y = tf.tensor1d([0], 'int32');
    const r = expectedCalibrationError(p, y, { bins: 0 });
    expect(E.isLeft(r) && r.left.message).toBe('the number of calibration bins must be an integer ≥ 1, got 0.');
    expect(E.isLeft(maximumCalibrationError(p, y, { bins: 2.5 }))).toBe(true);
    tf.dispose([p, y]);
  });

  it('leaks no tensor', () => {
    const p = tf.tensor2d([[0.6, 0.4], [0.2, 0.8]]);
    const y = tf.tensor1d([0, 0], 'int32');
    expect(leakedTensors(() => expectedCalibrationError(p, y))).toBe(0);
    expect(leakedTensors(() => maximumCalibrationError(p, y))).toBe(0);
    tf.dispose([p, y]);
  });
});
