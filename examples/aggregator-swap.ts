/**
 * A custom training loop where the gradient aggregator is one argument: the same HPS LeNet, data,
 * initialisation and batch order trained with LS (the mean of the task gradients), MGDA, UPGrad
 * and PCGrad. Run it: `node examples/run.mjs aggregator-swap [trainSize] [epochs]`.
 */
import { mean, mgda, pcgrad, upgrad } from '@mtlkit/aggregators';
import { initBackend, Key, tf, type MtlError } from '@mtlkit/core';
import { multiDigits, splitDataset, trainBatches, type TrainBatches } from '@mtlkit/datasets';
import { crossEntropy } from '@mtlkit/losses';
import { adam, aggregatedStep, disposeTrainState, evaluate, hpsLenet, initTrainState, keyed, type AggregatorSource, type Setup, type TrainState } from '@mtlkit/training';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';

export interface SwapResult {
  readonly method: string;
  /** Mean training loss of each task over the first and over the last epoch. */
  readonly firstEpochLoss: readonly number[];
  readonly lastEpochLoss: readonly number[];
  /** Test accuracy of each task (argmax of the logits). */
  readonly testAccuracy: readonly number[];
}

/** Multi-digits: two digit-recognition tasks on 36 × 36 images, split once for every method. */
export const data = (trainSize: number, batchSize = 64): E.Either<MtlError, TrainBatches> =>
  pipe(
    multiDigits({ key: Key.fromSeed(0), count: trainSize + 256 }),
    E.chain((ds) => splitDataset(ds, { key: Key.fromSeed(1), train: trainSize, validation: 128, test: 128 })),
    E.chain((splits) => trainBatches(splits, { batchSize })),
  );

/** The accuracy of logits against integer labels. */
const accuracy = (logits: tf.Tensor, labels: tf.Tensor) => {
  const hits = tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(logits, -1), labels), 'float32')));
  const v = hits.dataSync()[0]!;
  hits.dispose();
  return { accuracy: v };
};

/** The loop: `epochs` passes, one aggregated step per batch; the loop owns (and disposes) batches and old states. */
export const trainWith = (method: string, aggregator: AggregatorSource<unknown>, batches: TrainBatches, epochs: number): E.Either<MtlError, SwapResult> => {
  const setup: Setup = { model: hpsLenet({ inputShape: [36, 36, 1], heads: [{ output: 10 }, { output: 10 }] }), losses: [crossEntropy(), crossEntropy()], optimizer: adam() };
  const step = aggregatedStep(aggregator)(setup);
  let state: TrainState<unknown> = initTrainState(step, Key.fromSeed(2), 2e-3); // same initial network for every method
  const epochLosses: number[][] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const sums = [0, 0];
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
      r.right[1].losses.forEach((l, t) => (sums[t] = sums[t]! + l));
      n++;
    }
    epochLosses.push(sums.map((s) => s / n));
  }
  const test = evaluate(setup, state.params, batches.test!(), [accuracy, accuracy]);
  disposeTrainState(state);
  return E.right({ method, firstEpochLoss: epochLosses[0]!, lastEpochLoss: epochLosses.at(-1)!, testAccuracy: test.map((t) => t['accuracy']!) });
};

/** The swap: the same loop with four aggregators (PCGrad is randomised: `keyed` gives it a fresh key every step). */
export const compare = (trainSize = 1000, epochs = 2): E.Either<MtlError, SwapResult[]> =>
  pipe(
    data(trainSize),
    E.chain((batches) =>
      E.sequenceArray([
        trainWith('mean', mean(), batches, epochs),
        trainWith('mgda', mgda(), batches, epochs),
        trainWith('upgrad', upgrad(), batches, epochs),
        trainWith('pcgrad', keyed((key) => pcgrad({ key })), batches, epochs),
      ]),
    ),
    E.map((rs) => [...rs]),
  );

/** The command line: `node examples/run.mjs <name> [args]`; returns the exit code. */
export const main = async (args: readonly string[]): Promise<number> => {
  await initBackend();
  const r = compare(Number(args[0] ?? 1000), Number(args[1] ?? 2));
  if (E.isLeft(r)) {
    console.error(r.left.message);
    return 1;
  }
  for (const s of r.right) console.log(`${s.method.padEnd(7)} test accuracy ${s.testAccuracy.map((a) => `${(100 * a).toFixed(1)}%`).join(' / ')}, training loss ${s.firstEpochLoss.map((l) => l.toFixed(3)).join(' / ')} → ${s.lastEpochLoss.map((l) => l.toFixed(3)).join(' / ')}`);
  return 0;
};
