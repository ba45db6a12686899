import { tf } from '@mtlkit/core';
import { fc, test } from '@fast-check/vitest';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect } from 'vitest';
import { accuracy, topKAccuracy } from './accuracy.js';
import { brierScore, brierScoreByClass } from './brier-score.js';
import { expectedCalibrationError, maximumCalibrationError } from './calibration-error.js';
import { cohenKappa } from './cohen-kappa.js';
import { confusionMatrix } from './confusion-matrix.js';
import { negativeLogLikelihood } from './negative-log-likelihood.js';
import { precisionRecallF1 } from './precision-recall-f1.js';
import { predictiveEntropy } from './predictive-entropy.js';
import { right } from './test-either.js';

/** N × C rows on the simplex (normalised positive weights, some exact zeros) and N labels in [0, C). */
const sample = fc
  .record({ n: fc.integer({ min: 1, max: 30 }), c: fc.integer({ min: 1, max: 6 }) })
  .chain(({ n, c }) =>
    fc.record({
      rows: fc.array(
        fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1e-3, max: 10, noNaN: true })), { minLength: c, maxLength: c }).map((w) => {
          const s = w.reduce((a, b) => a + b, 0);
          return s === 0 ? w.map((_, k) => (k === 0 ? 1 : 0)) : w.map((v) => v / s);
        }),
        { minLength: n, maxLength: n },
      ),
      labels: fc.array(fc.integer({ min: 0, max: c - 1 }), { minLength: n, maxLength: n }),
      seed: fc.integer(),
    }),
  );

/** Every classification metric of the sample, as plain numbers. */
const allMetrics = (rows: number[][], labels: number[]) => {
  const p = tf.tensor2d(rows);
  const y = tf.tensor1d(labels, 'int32');
  const kappa = cohenKappa(p, y);
  const out = {
    accuracy: right(accuracy(p, y)),
    top2: right(topKAccuracy(p, y, { k: 2 })),
    brier: right(brierScore(p, y)),
    brierByClass: right(brierScoreByClass(p, y)),
    ece: right(expectedCalibrationError(p, y)),
    mce: right(maximumCalibrationError(p, y)).mce,
    nll: right(negativeLogLikelihood(p, y)),
    entropy: right(predictiveEntropy(p)).mean,
    entropyMax: right(predictiveEntropy(p, { normalisation: 'maximum' })).mean,
    macro: right(precisionRecallF1(p, y, { average: 'macro' })),
    micro: right(precisionRecallF1(p, y, { average: 'micro' })),
    weighted: right(precisionRecallF1(p, y, { average: 'weighted' })),
    confusion: right(confusionMatrix(p, y)),
    kappa: E.isRight(kappa) ? kappa.right : null,
  };
  tf.dispose([p, y]);
  return out;
};

const shuffle = <A>(xs: readonly A[], seed: number): A[] => {
  const out = [...xs];
  let s = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
};

describe('classification and calibration metrics: properties', () => {
  test.prop([sample], { seed: 42, numRuns: 60 })('stay in their ranges', ({ rows, labels }) => {
    const C = rows[0]!.length;
    const m = allMetrics(rows, labels);
    for (const v of [m.accuracy, m.top2, m.ece.ece, m.mce, m.entropyMax, ...Object.values(m.macro), ...Object.values(m.weighted), ...Object.values(m.micro)]) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1 + 1e-12);
    }
    expect(m.top2).toBeGreaterThanOrEqual(m.accuracy);
    expect(m.brier).toBeGreaterThanOrEqual(0);
    expect(m.brier).toBeLessThanOrEqual(2 + 1e-6);
    expect(m.brierByClass.reduce((a, b) => a + b, 0)).toBeCloseTo(m.brier, 12);
    expect(m.mce).toBeGreaterThanOrEqual(m.ece.ece - 1e-15);
    expect(m.ece.bins.reduce((a, b) => a + b.count, 0)).toBe(rows.length);
    expect(m.nll).toBeGreaterThanOrEqual(0);
    expect(m.nll).toBeLessThanOrEqual(-Math.log(1e-15) + 1e-9);
    expect(m.entropy).toBeGreaterThanOrEqual(0);
    expect(m.entropy).toBeLessThanOrEqual(Math.log(C) + 1e-6);
    // Micro P = R = F1 = accuracy for single-label data.
    expect(m.micro.f1).toBe(m.accuracy);
    expect(m.confusion.flat().reduce((a, b) => a + b, 0)).toBe(rows.length);
    if (m.kappa !== null) {
      expect(m.kappa).toBeGreaterThanOrEqual(-1 - 1e-12);
      expect(m.kappa).toBeLessThanOrEqual(1 + 1e-12);
    }
  });

  test.prop([sample], { seed: 7, numRuns: 40 })('do not depend on the order of the samples', ({ rows, labels, seed }) => {
    const order = shuffle(rows.map((_, i) => i), seed);
    const a = allMetrics(rows, labels);
    const b = allMetrics(order.map((i) => rows[i]!), order.map((i) => labels[i]!));
    // Counting metrics are exact; sums of floats agree to rounding.
    expect(b.accuracy).toBe(a.accuracy);
    expect(b.top2).toBe(a.top2);
    expect(b.confusion).toEqual(a.confusion);
    expect(b.macro).toEqual(a.macro);
    expect(b.weighted).toEqual(a.weighted);
    expect(b.kappa).toEqual(a.kappa);
    for (const k of ['brier', 'mce', 'nll', 'entropy'] as const) expect(b[k]).toBeCloseTo(a[k], 12);
    expect(b.ece.ece).toBeCloseTo(a.ece.ece, 12);
    b.ece.bins.forEach((bin, i) => expect(bin.count).toBe(a.ece.bins[i]!.count));
  });
});
