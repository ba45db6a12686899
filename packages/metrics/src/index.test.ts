import { Key, tf } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import * as metrics from './index.js';
import { right } from './test-either.js';

/** The API shape issue 4 fixes (outside checks call it), through the public face only. */
describe('public API contract', () => {
  it('classification and calibration: (probs N×C, labels int32 N, options?) -> Either', () => {
    const probs = tf.tensor2d([[0.9, 0.1], [0.4, 0.6], [0.7, 0.3]]);
    const labels = tf.tensor1d([0, 1, 1], 'int32');
    expect(right(metrics.accuracy(probs, labels))).toBeCloseTo(2 / 3, 15);
    expect(Object.keys(right(metrics.precisionRecallF1(probs, labels, { average: 'macro' }))).sort()).toEqual(['f1', 'precision', 'recall']);
    const ece = right(metrics.expectedCalibrationError(probs, labels, { bins: 10 }));
    expect(typeof ece.ece).toBe('number');
    expect(ece.bins).toHaveLength(10);
    expect(typeof right(metrics.brierScore(probs, labels))).toBe('number');
    expect(typeof right(metrics.cohenKappa(probs, labels))).toBe('number');
    expect(typeof right(metrics.negativeLogLikelihood(probs, labels))).toBe('number');
    expect(right(metrics.confusionMatrix(probs, labels))).toEqual([[1, 0], [1, 1]]);
    expect(typeof right(metrics.topKAccuracy(probs, labels, { k: 1 }))).toBe('number');
    expect(typeof right(metrics.maximumCalibrationError(probs, labels)).mce).toBe('number');
    expect(right(metrics.predictiveEntropy(probs)).perSample).toHaveLength(3);
    expect(right(metrics.ensemble.accuracy([probs, probs], labels))).toBeCloseTo(2 / 3, 15);
    tf.dispose([probs, labels]);
  });

  it('multi-objective, multi-task and diagnostics', () => {
    expect(metrics.hypervolume([[1, 3], [2, 2], [3, 1]], [4, 4])).toEqual(E.right(6));
    expect(metrics.igd([[0, 0]], [[0, 0]])).toEqual(E.right(0));
    expect(metrics.gd([[0, 0]], [[3, 4]])).toEqual(E.right(5));
    expect(right(metrics.deltaM({ t: { accuracy: 0.5 } }, { t: { accuracy: 0.6 } })).deltaM).toBeCloseTo(0.2, 15);
    expect(right(metrics.metricTable([{ t: { accuracy: 0.5 } }]))['t']!['accuracy']!.mean).toBe(0.5);
    expect(right(metrics.gradientConflict({ m: 2, values: Float64Array.of(1, -1, -1, 1) })).conflictShare).toBe(1);
    expect(right(metrics.ogr({ train: 1, validation: 2 }, { train: 0, validation: 1 }))).toBe(0);
    expect(right(metrics.ogrSquared([1], [1], [1])).ogrSquared).toBe(0);
    const theta = [tf.tensor1d([1, 1])];
    const loss = (ps: tf.Tensor[]) => tf.sum(tf.square(ps[0]!)) as tf.Scalar;
    expect(right(metrics.rhoSharpness(loss, theta, 0.1)).sharpness).toBeGreaterThan(0);
    expect(right(metrics.perturbationCurve(loss, theta, { radii: [0, 1], key: Key.fromSeed(0) }))).toHaveLength(2);
    const [yhat, y] = [tf.tensor1d([1]), tf.tensor1d([0])];
    expect(right(metrics.mse(yhat, y))).toEqual({ mse: 1, perTask: [1] });
    tf.dispose([...theta, yhat, y]);
  });
});
