import { emptyInput, tf, type MtlError } from '@mtlkit/core';
import { ensemble, mse } from '@mtlkit/metrics';
import * as E from 'fp-ts/lib/Either.js';
import type { EnsembleModel } from './ensemble-model.js';
import type { Batch } from './objective.js';
import type { Params } from './params.js';

/**
 * What `ensembleCalibration` reports per task: for 'probabilities' tasks the ensemble's accuracy,
 * Brier score (Σ over classes, mean over samples), expected calibration error (10 equal-width
 * bins by default) and negative log-likelihood, all of the averaged member probabilities; for
 * 'mean' tasks the MSE of the mean prediction.
 */
export type EnsembleScores = readonly Readonly<Record<string, number>>[];

const metricsOf = (members: tf.Tensor2D[], labels: tf.Tensor1D, bins: number): E.Either<MtlError, Record<string, number>> => {
  const acc = ensemble.accuracy(members, labels);
  if (E.isLeft(acc)) return acc;
  const brier = ensemble.brierScore(members, labels);
  if (E.isLeft(brier)) return brier;
  const ece = ensemble.expectedCalibrationError(members, labels, { bins });
  if (E.isLeft(ece)) return ece;
  const nll = ensemble.negativeLogLikelihood(members, labels);
  if (E.isLeft(nll)) return nll;
  return E.right({ accuracy: acc.right, brier: brier.right, ece: ece.right.ece, nll: nll.right });
};

/**
 * Calibration of an ensemble on a split (seed 002, "Metrics": Brier score and ECE of the ensemble's
 * predictive distribution p̄ = (1/M) Σₘ softmax(zₘ); seed 003, appendix D.2), with the metrics of
 * @mtlkit/metrics (`ensemble.brierScore`, `ensemble.expectedCalibrationError`...). The members'
 * outputs of every batch are kept, so binned metrics see the whole split; each batch is disposed
 * after use (like `evaluate`). Labels are class indices [batch]. Left on an empty split or labels
 * the metrics reject (naming them).
 */
export const ensembleCalibration = (model: EnsembleModel, params: Params, batches: Iterable<Batch>, options: { readonly bins?: number } = {}): E.Either<MtlError, EnsembleScores> => {
  const bins = options.bins ?? 10;
  const particles = params.shared[0] as tf.Tensor2D;
  const outs: tf.Tensor3D[][] = model.outputs.map(() => []);
  const ys: tf.Tensor[][] = model.outputs.map(() => []);
  for (const batch of batches) {
    const zs = tf.tidy(() => model.memberOutputs(particles, batch.x).map((z, i) => (model.outputs[i]!.combine === 'probabilities' ? tf.softmax(z) : z) as tf.Tensor3D));
    zs.forEach((z, i) => outs[i]!.push(z));
    model.outputs.forEach((_, i) => ys[i]!.push(tf.clone(batch.targets[i]!)));
    tf.dispose([batch.x, ...batch.targets]);
  }
  const done = () => tf.dispose([...outs.flat(), ...ys.flat()]);
  if (outs[0]!.length === 0) {
    done();
    return E.left(emptyInput('ensembleCalibration: the split has no batch.'));
  }
  const records: Record<string, number>[] = [];
  for (let i = 0; i < model.outputs.length; i++) {
    const all = tf.concat(outs[i]!, 1) as tf.Tensor3D;
    const y = tf.concat(ys[i]!);
    let r: E.Either<MtlError, Record<string, number>>;
    if (model.outputs[i]!.combine === 'probabilities') {
      const members = tf.unstack(all) as tf.Tensor2D[];
      r = metricsOf(members, y as tf.Tensor1D, bins);
      tf.dispose(members);
    } else {
      const meanPrediction = tf.mean(all, 0);
      r = E.map((s: { mse: number }) => ({ mse: s.mse }))(mse(meanPrediction, y));
      meanPrediction.dispose();
    }
    tf.dispose([all, y]);
    if (E.isLeft(r)) {
      done();
      return E.left({ ...r.left, message: `ensembleCalibration, task ${i}: ${r.left.message}` });
    }
    records.push(r.right);
  }
  done();
  return E.right(records);
};
