import { leakedTensors, tf } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { accuracy } from './accuracy.js';
import { parseClassification, parseProbabilities } from './classification.js';
import { taggedLeftMessage } from './test-either.js';

/** Runs `accuracy` on fresh tensors and disposes them. */
const accuracyOn = (probs: number[][] | tf.Tensor2D, labels: number[] | tf.Tensor1D, dtype: 'int32' | 'float32' = 'int32') => {
  const p = Array.isArray(probs) ? tf.tensor2d(probs, probs.length === 0 ? [0, 2] : undefined) : probs;
  const y = Array.isArray(labels) ? tf.tensor1d(labels, dtype) : labels;
  const r = accuracy(p, y);
  tf.dispose([p, y]);
  return r;
};

describe('parseClassification', () => {
  it('reads valid input once, in float64', () => {
    const p = tf.tensor2d([[0.25, 0.75], [1, 0]]);
    const y = tf.tensor1d([1, 0], 'int32');
    const d = parseClassification(p, y);
    expect(E.isRight(d) && d.right).toEqual({ n: 2, classes: 2, probs: Float64Array.from([0.25, 0.75, 1, 0]), labels: Int32Array.from([1, 0]) });
    tf.dispose([p, y]);
  });

  it('accepts float32 labels holding integers', () => {
    expect(accuracyOn([[0.9, 0.1]], [0], 'float32')).toEqual(E.right(1));
  });

  it('rejects length mismatch, naming both lengths', () => {
    expect(taggedLeftMessage(accuracyOn([[0.5, 0.5], [0.5, 0.5]], [0]))).toBe('ShapeMismatch: probs has 2 samples but labels has 1; they must have the same length.');
  });

  it('rejects rows that do not sum to 1, naming the row and the tolerance', () => {
    expect(taggedLeftMessage(accuracyOn([[0.5, 0.5], [0.5, 0.4]], [0, 1]))).toMatch(/^InvalidArgument: probs row 1 sums to 0\.9\d*, not 1 within 0\.001/);
    // A looser tolerance accepts it.
    const p = tf.tensor2d([[0.5, 0.4]]);
    const y = tf.tensor1d([0], 'int32');
    expect(E.isRight(accuracy(p, y, { tolerance: 0.2 }))).toBe(true);
    expect(taggedLeftMessage(accuracy(p, y, { tolerance: -1 }))).toMatch(/tolerance must be a finite number/);
    tf.dispose([p, y]);
  });

  it('rejects logits (entries outside [0, 1])', () => {
    expect(taggedLeftMessage(accuracyOn([[2, -1]], [0]))).toMatch(/^InvalidArgument: probs row 0, class 0 is 2, outside \[0, 1\]/);
  });

  it('rejects labels out of range, negative and non-integer labels', () => {
    expect(taggedLeftMessage(accuracyOn([[0.5, 0.5]], [2]))).toBe('InvalidArgument: label 0 is 2, outside the class range [0, 1] of probs (C = 2).');
    expect(taggedLeftMessage(accuracyOn([[0.5, 0.5]], [-1]))).toMatch(/label 0 is -1, outside the class range/);
    expect(taggedLeftMessage(accuracyOn([[0.5, 0.5], [0.5, 0.5]], [0, 0.5], 'float32'))).toBe('InvalidArgument: label 1 is 0.5, not an integer class index.');
  });

  it('rejects NaN in probabilities or labels', () => {
    expect(taggedLeftMessage(accuracyOn([[Number.NaN, 0.5]], [0]))).toBe('NonFinite: probs row 0, class 0 is NaN; probabilities must be finite.');
    expect(taggedLeftMessage(accuracyOn([[0.5, 0.5]], [Number.NaN], 'float32'))).toBe('NonFinite: label 0 is NaN; labels must be finite class indices.');
  });

  it('rejects empty input, wrong ranks, dtypes and disposed tensors', () => {
    expect(taggedLeftMessage(accuracyOn([], []))).toMatch(/^EmptyInput: probs has no samples/);
    const p3 = tf.zeros([1, 2, 2]) as unknown as tf.Tensor2D;
    expect(taggedLeftMessage(accuracyOn(p3, [0]))).toMatch(/^ShapeMismatch: probs must be a 2-D tensor N × C/);
    p3.dispose();
    const y2 = tf.zeros([1, 1], 'int32') as unknown as tf.Tensor1D;
    expect(taggedLeftMessage(accuracyOn([[1, 0]], y2))).toMatch(/^ShapeMismatch: labels must be a 1-D tensor/);
    y2.dispose();
    const yb = tf.tensor1d([true], 'bool');
    expect(taggedLeftMessage(accuracyOn([[1, 0]], yb))).toMatch(/labels must be int32 class indices, got dtype bool/);
    yb.dispose();
    const gone = tf.tensor2d([[1, 0]]);
    gone.dispose();
    expect(taggedLeftMessage(accuracyOn(gone, [0]))).toBe('InvalidArgument: probs has been disposed.');
  });

  it('parseProbabilities checks probabilities without labels', () => {
    const p = tf.tensor2d([[0.3, 0.3]]);
    expect(taggedLeftMessage(parseProbabilities(p))).toMatch(/row 0 sums to 0\.6/);
    p.dispose();
  });

  it('leaks no tensor on success or failure', () => {
    const p = tf.tensor2d([[0.9, 0.1], [0.2, 0.8]]);
    const y = tf.tensor1d([0, 1], 'int32');
    const bad = tf.tensor1d([0, 5], 'int32');
    expect(leakedTensors(() => parseClassification(p, y))).toBe(0);
    expect(leakedTensors(() => parseClassification(p, bad))).toBe(0);
    tf.dispose([p, y, bad]);
  });
});
