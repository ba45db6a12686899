import { Key, tf, type MtlError } from '@mtlkit/core';
import { trainBatches, type Splits } from '@mtlkit/datasets';
import { crossEntropy, mse as mseLoss } from '@mtlkit/losses';
import { accuracy, brierScore, expectedCalibrationError, mae, mse, negativeLogLikelihood } from '@mtlkit/metrics';
import {
  adam,
  aggregatedStep,
  constantLr,
  disposeTrainState,
  ensembleModel,
  forward,
  hpsLenet,
  hpsMlp,
  mooSvgdEnsembleStep,
  mtSgdEnsembleStep,
  samMtlStep,
  train,
  weightedLossStep,
  type Batch,
  type MultiTaskModel,
  type Params,
  type Setup,
  type Step,
  type TaskMetrics,
} from '@mtlkit/training';
import * as E from 'fp-ts/lib/Either.js';
import { withConflictTrace, type ConflictTrace } from './conflict-trace.js';
import { aggregatorFor, methodInfo, weightingFor } from './methods.js';
import type { ModelSpec, TaskSpec } from './problem.js';
import type { EpochPoint, ReliabilityBinData } from './run-result.js';
import type { RunSettings } from './settings.js';
import type { RunProgress } from './run-job.js';

/** The HPS network of a problem: one head per task (classes for a classification, width for a regression). */
export const buildModel = (spec: ModelSpec, tasks: readonly TaskSpec[]): MultiTaskModel => {
  const outputs = tasks.map((t) => (t.kind === 'classification' ? t.classes : t.width));
  if (spec._tag === 'Lenet') return hpsLenet({ inputShape: [...spec.inputShape] as [number, number, number], heads: outputs.map((output) => ({ output })) });
  const mlp = hpsMlp({ input: spec.input, hidden: spec.hidden, heads: outputs.map((output) => ({ output, hidden: [] })) });
  // Inputs of rank > 1 (EEG epochs: channels × samples) are flattened for the MLP.
  return { ...mlp, encode: (shared, x) => mlp.encode(shared, x.rank === 2 ? x : tf.reshape(x, [-1, spec.input])) };
};

const lossesFor = (tasks: readonly TaskSpec[]) => tasks.map((t) => (t.kind === 'classification' ? crossEntropy() : mseLoss()));

const fold = (e: E.Either<MtlError, number>): number => (E.isRight(e) ? e.right : Number.NaN);

/** Validation metrics per task for `train`: accuracy of the softmax of the outputs, or MSE. */
const validationMetrics = (tasks: readonly TaskSpec[]): TaskMetrics[] =>
  tasks.map((t) =>
    t.kind === 'classification'
      ? (outputs: tf.Tensor, targets: tf.Tensor) => {
          const p = tf.softmax(outputs) as tf.Tensor2D;
          const a = fold(accuracy(p, targets as tf.Tensor1D));
          p.dispose();
          return { accuracy: a };
        }
      : (outputs: tf.Tensor, targets: tf.Tensor) => ({ mse: fold(E.map((s: { mse: number }) => s.mse)(mse(outputs, targets))) }),
  );

export interface TestScores {
  readonly metrics: Record<string, Record<string, number>>;
  readonly reliability: Record<string, ReliabilityBinData[]>;
}

/**
 * Test metrics of every task from the outputs over the whole split: accuracy, Brier score, ECE
 * (10 bins, with the bins for the reliability diagram) and NLL of the softmax of the outputs
 * (for an ensemble the outputs are log p̄, so this is the averaged-probability prediction); MSE
 * and MAE for regressions.
 */
export const testScores = (model: MultiTaskModel, params: Params, tasks: readonly TaskSpec[], batches: Iterable<Batch>): E.Either<MtlError, TestScores> => {
  const outs: tf.Tensor[][] = tasks.map(() => []);
  const ys: tf.Tensor[][] = tasks.map(() => []);
  for (const b of batches) {
    const o = tf.tidy(() => forward(model)(params, b.x));
    o.forEach((t, i) => outs[i]!.push(t));
    b.targets.forEach((t, i) => ys[i]!.push(t));
    b.x.dispose();
  }
  const metrics: Record<string, Record<string, number>> = {};
  const reliability: Record<string, ReliabilityBinData[]> = {};
  let failure: MtlError | null = null;
  tasks.forEach((task, i) => {
    if (failure !== null || outs[i]!.length === 0) return;
    const o = tf.concat(outs[i]!);
    const y = tf.concat(ys[i]!);
    if (task.kind === 'classification') {
      const p = tf.softmax(o) as tf.Tensor2D;
      const labels = y as tf.Tensor1D;
      const ece = expectedCalibrationError(p, labels, { bins: 10 });
      const all = [accuracy(p, labels), brierScore(p, labels), E.map((e: { ece: number }) => e.ece)(ece), negativeLogLikelihood(p, labels)];
      const bad = all.find(E.isLeft);
      if (bad !== undefined) failure = { ...bad.left, message: `test metrics of task ${task.name}: ${bad.left.message}` };
      else {
        const [acc, brier, e, nll] = all.map((r) => (r as E.Right<number>).right);
        metrics[task.name] = { accuracy: acc!, brier: brier!, ece: e!, nll: nll! };
        if (E.isRight(ece)) reliability[task.name] = ece.right.bins.map((b) => ({ lower: b.lower, upper: b.upper, count: b.count, accuracy: b.accuracy ?? 0, confidence: b.confidence ?? 0 }));
      }
      p.dispose();
    } else {
      const s = mse(o, y);
      const a = mae(o, y);
      if (E.isLeft(s)) failure = s.left;
      else if (E.isLeft(a)) failure = a.left;
      else metrics[task.name] = { mse: s.right.mse, mae: a.right.mae };
    }
    tf.dispose([o, y]);
  });
  tf.dispose([...outs.flat(), ...ys.flat()]);
  return failure === null ? E.right({ metrics, reliability }) : E.left(failure);
};

/** The training step of a method on a network (the setup's model; ensembles build their own). */
const stepFor = (method: string, setup: Setup, tasks: readonly TaskSpec[], settings: RunSettings, key: Key, trainSize: number): E.Either<string, Step<unknown>> => {
  const info = methodInfo(method);
  if (info === undefined) return E.left(`unknown method "${method}"`);
  const ctx = { key, tasks: tasks.length, ...(settings.weights !== undefined && { weights: settings.weights }) };
  switch (info.kind) {
    case 'aggregator':
      return E.right(aggregatedStep(aggregatorFor(method, ctx)!, method === 'mgda-ub' ? { mode: 'representation' } : {})(setup) as Step<unknown>);
    case 'weighting':
      return E.right(weightedLossStep(weightingFor(method, ctx)!)(setup) as Step<unknown>);
    case 'sam': {
      const aggregator = aggregatorFor(settings.samAggregator, ctx);
      if (aggregator === undefined) return E.left(`SAM-MTL's aggregator "${settings.samAggregator}" is not an aggregator`);
      return E.right(samMtlStep({ rhoShared: settings.samRho, rhoTask: settings.samRho, aggregator })(setup) as Step<unknown>);
    }
    case 'ensemble': {
      const ens = ensembleModel(setup.model, {
        members: settings.particles,
        outputs: tasks.map((t) => (t.kind === 'classification' ? { size: t.classes, combine: 'probabilities' as const } : { size: t.width, combine: 'mean' as const })),
      });
      if (E.isLeft(ens)) return E.left(ens.left.message);
      const ensembleSetup = { ...setup, model: ens.right };
      const target = { dataSize: trainSize };
      return E.right((method === 'mt-sgd' ? mtSgdEnsembleStep(target)(ensembleSetup) : mooSvgdEnsembleStep(target)(ensembleSetup)) as Step<unknown>);
    }
  }
};

export interface SupervisedRun {
  readonly metrics: Record<string, Record<string, number>>;
  readonly reliability: Record<string, ReliabilityBinData[]>;
  readonly history: EpochPoint[];
  readonly conflict: ConflictTrace;
}

/**
 * One method with one seed on a supervised problem: the seed's key draws the initial parameters
 * and the batch order (the same for every method of the seed), `train` runs the epochs with
 * validation after each, then the test split is scored.
 */
export const runSupervised = async (
  problem: { readonly tasks: readonly TaskSpec[]; readonly splits: Splits; readonly model: ModelSpec },
  settings: RunSettings,
  method: string,
  seed: number,
  progress: RunProgress,
): Promise<E.Either<string, SupervisedRun>> => {
  const { tasks, splits } = problem;
  const key = Key.fromSeed(seed);
  const setup: Setup = { model: buildModel(problem.model, tasks), losses: lossesFor(tasks), optimizer: adam() };
  const built = stepFor(method, setup, tasks, settings, Key.foldIn(key, 0x6d65_7468), splits.train.size);
  if (E.isLeft(built)) return built;
  const kind = methodInfo(method)!.kind;
  const data = trainBatches(splits, { batchSize: settings.batchSize, evalBatchSize: 500 });
  if (E.isLeft(data)) return E.left(data.left.message);
  const traced = withConflictTrace(built.right, { probeEvery: kind === 'weighting' ? settings.probeEvery : 0, record: kind !== 'ensemble', batchesPerEpoch: data.right.batchesPerEpoch });
  const history: EpochPoint[] = [];
  const result = await train({
    step: traced.step,
    data: data.right,
    epochs: settings.epochs,
    key,
    schedule: constantLr(settings.lr),
    metrics: validationMetrics(tasks),
    callbacks: {
      onBatch: (b) => progress({ _tag: 'Batch', epoch: b.epoch, epochs: b.epochs, batch: b.batch, batches: b.batches }),
      onEpoch: (r) => {
        history.push({ epoch: r.epoch, train: [...r.train], validation: r.validation === null ? null : r.validation.map((v) => ({ ...v })), weights: r.weights === null ? null : [...r.weights] });
        progress({ _tag: 'Epoch', epoch: r.epoch, epochs: r.epochs, train: [...r.train], validation: r.validation === null ? null : r.validation.map((v) => ({ ...v })), seconds: r.seconds });
      },
    },
  });
  if (E.isLeft(result)) return E.left(result.left.message);
  const { state } = result.right;
  const scores = testScores(traced.step.setup.model, state.params, tasks, data.right.test!());
  disposeTrainState(state);
  if (E.isLeft(scores)) return E.left(scores.left.message);
  return E.right({ ...scores.right, history, conflict: traced.trace() });
};
