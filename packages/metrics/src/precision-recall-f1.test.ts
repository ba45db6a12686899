import { leakedTensors, tf } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { confusionMatrix } from './confusion-matrix.js';
import { precisionRecallF1, precisionRecallF1PerClass } from './precision-recall-f1.js';
import { right } from './test-either.js';

const oneHot = (classes: number[], C: number): number[][] => classes.map((c) => Array.from({ length: C }, (_, k) => (k === c ? 1 : 0)));

describe('confusionMatrix and precisionRecallF1', () => {
  // Labels 0,0,0,1,1,2; predictions 0,0,1,1,2,2 (C = 4: class 3 never occurs).
  const labels = [0, 0, 0, 1, 1, 2];
  const pred = [0, 0, 1, 1, 2, 2];

  it('counts rows = true class, columns = prediction, over all C classes', () => {
    const p = tf.tensor2d(oneHot(pred, 4));
    const y = tf.tensor1d(labels, 'int32');
    expect(right(confusionMatrix(p, y))).toEqual([
      [2, 1, 0, 0],
      [0, 1, 1, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 0],
    ]);
    tf.dispose([p, y]);
  });

  it('hand-checked macro / weighted / micro, averaging only over classes that occur', () => {
    const p = tf.tensor2d(oneHot(pred, 4));
    const y = tf.tensor1d(labels, 'int32');
    // Class 0: P = 2/2, R = 2/3, F1 = 0.8. Class 1: P = 1/2, R = 1/2, F1 = 1/2. Class 2: P = 1/2, R = 1, F1 = 2/3.
    const macro = right(precisionRecallF1(p, y, { average: 'macro' }));
    expect(macro.precision).toBeCloseTo((1 + 0.5 + 0.5) / 3, 15);
    expect(macro.recall).toBeCloseTo((2 / 3 + 0.5 + 1) / 3, 15);
    expect(macro.f1).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3, 15);
    expect(right(precisionRecallF1(p, y))).toEqual(macro);
    const weighted = right(precisionRecallF1(p, y, { average: 'weighted' }));
    expect(weighted.f1).toBeCloseTo((3 * 0.8 + 2 * 0.5 + 1 * (2 / 3)) / 6, 15);
    expect(weighted.recall).toBeCloseTo(4 / 6, 15);
    expect(right(precisionRecallF1(p, y, { average: 'micro' }))).toEqual({ f1: 4 / 6, precision: 4 / 6, recall: 4 / 6 });
    const per = right(precisionRecallF1PerClass(p, y));
    expect(per.support).toEqual([3, 2, 1, 0]);
    expect(per.present).toEqual([true, true, true, false]);
    expect(per.f1[3]).toBe(0);
    expect(E.isLeft(precisionRecallF1(p, y, { average: 'samples' as never }))).toBe(true);
    tf.dispose([p, y]);
  });

  it('perfect predictions score 1 under every average', () => {
    const p = tf.tensor2d(oneHot(labels, 3));
    const y = tf.tensor1d(labels, 'int32');
    for (const average of ['macro', 'micro', 'weighted'] as const) expect(right(precisionRecallF1(p, y, { average }))).toEqual({ f1: 1, precision: 1, recall: 1 });
    tf.dispose([p, y]);
  });

  it('leaks no tensor', () => {
    const p = tf.tensor2d(oneHot(pred, 4));
    const y = tf.tensor1d(labels, 'int32');
    expect(leakedTensors(() => confusionMatrix(p, y))).toBe(0);
    expect(leakedTensors(() => precisionRecallF1(p, y, { average: 'weighted' }))).toBe(0);
    expect(leakedTensors(() => precisionRecallF1PerClass(p, y))).toBe(0);
    tf.dispose([p, y]);
  });
});
