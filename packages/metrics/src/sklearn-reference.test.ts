import { readFileSync } from 'node:fs';
import { tf } from '@mtlkit/core';
import { describe, expect, it } from 'vitest';
import { accuracy, topKAccuracy } from './accuracy.js';
import { brierScore, brierScoreByClass } from './brier-score.js';
import { cohenKappa } from './cohen-kappa.js';
import { confusionMatrix } from './confusion-matrix.js';
import { negativeLogLikelihood } from './negative-log-likelihood.js';
import { precisionRecallF1, precisionRecallF1PerClass } from './precision-recall-f1.js';
import { mae, mse, rmse } from './regression.js';
import { right } from './test-either.js';

/**
 * Reference values from scikit-learn, generated once by scripts/sklearn-fixture.py with Debian's
 * python3-sklearn and committed as data (src/fixtures/sklearn-reference.json; version inside).
 */
interface Scores { precision: number; recall: number; f1: number }
interface Case {
  name: string;
  probs: number[][];
  labels: number[];
  accuracy: number;
  top2_accuracy: number | null;
  confusion_matrix: number[][];
  cohen_kappa: number;
  cohen_kappa_linear: number;
  cohen_kappa_quadratic: number;
  log_loss: number;
  brier_by_class: number[];
  macro: Scores;
  micro: Scores;
  weighted: Scores;
  per_class: { precision: number[]; recall: number[]; f1: number[]; support: number[] };
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/sklearn-reference.json', import.meta.url), 'utf8')) as {
  sklearn: string;
  classification: Case[];
  regression: { predictions: number[][]; targets: number[][]; mse: number[]; mae: number[]; rmse: number[]; rmse_uniform_average: number };
};

const close = (actual: number, expected: number, tol: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol);

describe(`scikit-learn ${fixture.sklearn} reference values`, () => {
  it('the fixture is the one generated with sklearn 1.2.1 and has cases', () => {
    expect(fixture.sklearn).toBe('1.2.1');
    expect(fixture.classification.length).toBeGreaterThanOrEqual(5);
  });

  for (const c of fixture.classification) {
    it(`${c.name}: accuracy, top-2, confusion matrix, P/R/F1, kappa, log loss, Brier`, () => {
      const p = tf.tensor2d(c.probs);
      const y = tf.tensor1d(c.labels, 'int32');
      // Counting metrics are ratios of integers: equal up to the last bit or two.
      close(right(accuracy(p, y)), c.accuracy, 1e-15);
      if (c.top2_accuracy !== null) close(right(topKAccuracy(p, y, { k: 2 })), c.top2_accuracy, 1e-15);
      expect(right(confusionMatrix(p, y))).toEqual(c.confusion_matrix);
      for (const average of ['macro', 'micro', 'weighted'] as const) {
        const s = right(precisionRecallF1(p, y, { average }));
        close(s.precision, c[average].precision, 1e-12);
        close(s.recall, c[average].recall, 1e-12);
        close(s.f1, c[average].f1, 1e-12);
      }
      const per = right(precisionRecallF1PerClass(p, y));
      expect(per.support).toEqual(c.per_class.support);
      per.f1.forEach((f, k) => close(f, c.per_class.f1[k]!, 1e-12));
      per.precision.forEach((f, k) => close(f, c.per_class.precision[k]!, 1e-12));
      per.recall.forEach((f, k) => close(f, c.per_class.recall[k]!, 1e-12));
      close(right(cohenKappa(p, y)), c.cohen_kappa, 1e-12);
      close(right(cohenKappa(p, y, { weights: 'linear' })), c.cohen_kappa_linear, 1e-12);
      close(right(cohenKappa(p, y, { weights: 'quadratic' })), c.cohen_kappa_quadratic, 1e-12);
      // sklearn renormalises rows (float32 values sum to 1 within ~1e-7); we do not.
      close(right(negativeLogLikelihood(p, y)), c.log_loss, 1e-6);
      const byClass = right(brierScoreByClass(p, y));
      byClass.forEach((b, k) => close(b, c.brier_by_class[k]!, 1e-12));
      // The seeds' multi-class Brier score is the sum of the one-vs-rest scores (no 1/C).
      close(right(brierScore(p, y)), c.brier_by_class.reduce((a, b) => a + b, 0), 1e-12);
      tf.dispose([p, y]);
    });
  }

  it('regression: per-task MSE, MAE, RMSE and the uniform RMSE average', () => {
    const r = fixture.regression;
    const yhat = tf.tensor2d(r.predictions);
    const t = tf.tensor2d(r.targets);
    const m = right(mse(yhat, t));
    m.perTask.forEach((v, k) => close(v, r.mse[k]!, 1e-12));
    close(m.mse, r.mse.reduce((a, b) => a + b, 0) / r.mse.length, 1e-12);
    right(mae(yhat, t)).perTask.forEach((v, k) => close(v, r.mae[k]!, 1e-12));
    const rm = right(rmse(yhat, t));
    rm.perTask.forEach((v, k) => close(v, r.rmse[k]!, 1e-12));
    close(rm.rmse, r.rmse_uniform_average, 1e-12);
    tf.dispose([yhat, t]);
  });
});
