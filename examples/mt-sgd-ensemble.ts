/**
 * An MT-SGD ensemble in a custom loop (Phan et al. 2022, seed 002): M HPS LeNets are the particles
 * of one M × d tensor; each step computes every task's score (the tempered posterior's gradient
 * −N∇L̄ᵢ per member), MT-SGD's direction (one simplex QP over the tasks' Stein directions) and one
 * Adam step. Prediction averages the members' probabilities; `ensembleCalibration` gives the
 * ensemble's accuracy, Brier score, ECE and NLL per task. Run it:
 * `node examples/run.mjs mt-sgd-ensemble [trainSize] [epochs] [members]`.
 */
import { initBackend, Key, tf, type MtlError } from '@mtlkit/core';
import { multiDigits, splitDataset, trainBatches, type TrainBatches } from '@mtlkit/datasets';
import { crossEntropy } from '@mtlkit/losses';
import { adam, disposeTrainState, ensembleCalibration, ensembleModel, hpsLenet, initTrainState, mtSgdEnsembleStep, type EnsembleModel, type EnsembleScores, type TrainState } from '@mtlkit/training';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';

export interface EnsembleResult {
  readonly members: number;
  /** MT-SGD's task weights, mean over the last epoch's steps. */
  readonly weights: readonly number[];
  /** Mean member loss of each task over the first and the last epoch. */
  readonly firstEpochLoss: readonly number[];
  readonly lastEpochLoss: readonly number[];
  /** Per task on the test split: accuracy, brier, ece, nll of the averaged probabilities. */
  readonly test: EnsembleScores;
}

export const trainEnsemble = (batches: TrainBatches, trainSize: number, epochs: number, members: number): E.Either<MtlError, EnsembleResult> =>
  pipe(
    ensembleModel(hpsLenet({ inputShape: [36, 36, 1], heads: [{ output: 10 }, { output: 10 }] }), {
      members,
      outputs: [
        { size: 10, combine: 'probabilities' },
        { size: 10, combine: 'probabilities' },
      ],
    }),
    E.chain((model: EnsembleModel) => {
      // Targets pᵢ(θ) ∝ exp(−N·L̄ᵢ(θ)): N = the training set size, so the ensemble samples the posterior of each task.
      const step = mtSgdEnsembleStep({ dataSize: trainSize })({ model, losses: [crossEntropy(), crossEntropy()], optimizer: adam() });
      let state: TrainState<null> = initTrainState(step, Key.fromSeed(2), 2e-3); // member m drawn from Key.foldIn(key, m)
      const epochLosses: number[][] = [];
      let weights = [0, 0];
      for (let epoch = 0; epoch < epochs; epoch++) {
        const sums = [0, 0];
        const w = [0, 0];
        let n = 0;
        for (const batch of batches.train(Key.fromSeed(100 + epoch))) {
          const r = step(state, batch);
          tf.dispose([batch.x, ...batch.targets]);
          if (E.isLeft(r)) {
            disposeTrainState(state);
            return r;
          }
          disposeTrainState(state);
          state = r.right[0];
          const report = r.right[1];
          report.losses.forEach((l, t) => (sums[t] = sums[t]! + l));
          report.weights?.forEach((v, t) => (w[t] = w[t]! + v));
          n++;
        }
        epochLosses.push(sums.map((s) => s / n));
        weights = w.map((v) => v / n);
      }
      const test = ensembleCalibration(model, state.params, batches.test!(), { bins: 10 });
      disposeTrainState(state);
      return E.map((scores: EnsembleScores) => ({ members, weights, firstEpochLoss: epochLosses[0]!, lastEpochLoss: epochLosses.at(-1)!, test: scores }))(test);
    }),
  );

export const run = (trainSize = 1000, epochs = 2, members = 3): E.Either<MtlError, EnsembleResult> =>
  pipe(
    multiDigits({ key: Key.fromSeed(0), count: trainSize + 256 }),
    E.chain((ds) => splitDataset(ds, { key: Key.fromSeed(1), train: trainSize, validation: 128, test: 128 })),
    E.chain((splits) => trainBatches(splits, { batchSize: 64 })),
    E.chain((batches) => trainEnsemble(batches, trainSize, epochs, members)),
  );

/** The command line: `node examples/run.mjs <name> [args]`; returns the exit code. */
export const main = async (args: readonly string[]): Promise<number> => {
  await initBackend();
  const r = run(Number(args[0] ?? 1000), Number(args[1] ?? 2), Number(args[2] ?? 3));
  if (E.isLeft(r)) {
    console.error(r.left.message);
    return 1;
  }
  const { members, weights, firstEpochLoss, lastEpochLoss, test } = r.right;
  console.log(`MT-SGD ensemble of ${members}: task weights ${weights.map((w) => w.toFixed(3)).join(' / ')}, mean member loss ${firstEpochLoss.map((l) => l.toFixed(3)).join(' / ')} → ${lastEpochLoss.map((l) => l.toFixed(3)).join(' / ')}`);
  test.forEach((t, i) => console.log(`task ${i + 1}: accuracy ${(100 * t['accuracy']!).toFixed(1)}%, Brier ${t['brier']!.toFixed(4)}, ECE ${t['ece']!.toFixed(4)}, NLL ${t['nll']!.toFixed(4)}`));
  return 0;
};
