/**
 * SAM-MTL in a custom loop: the flat-region step of seed 003 (Theorem 5; ASAM perturbations of the
 * shared and head parameters, loss and flatness components aggregated by MGDA) against plain MGDA,
 * from the same initial network. At the end it measures each task's ρ-sharpness (the loss increase
 * after SAM's normalised ascent step of radius ρ, @mtlkit/metrics) on a training batch.
 * Run it: `node examples/run.mjs sam-mtl [trainSize] [epochs] [rho]`.
 */
import { mgda } from '@mtlkit/aggregators';
import { initBackend, Key, tf, type MtlError } from '@mtlkit/core';
import { multiDigits, splitDataset, trainBatches, type TrainBatches } from '@mtlkit/datasets';
import { crossEntropy } from '@mtlkit/losses';
import { rhoSharpness } from '@mtlkit/metrics';
import { adam, aggregatedStep, disposeTrainState, evaluate, hpsLenet, initTrainState, samMtlStep, taskLoss, type Setup, type Step, type TrainState } from '@mtlkit/training';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';

export interface SamResult {
  readonly method: string;
  readonly testAccuracy: readonly number[];
  readonly testLoss: readonly number[];
  /** Per task: L(θ + ε̂) − L(θ) on one training batch, ε̂ = ρ∇L/‖∇L‖ over all parameters. */
  readonly sharpness: readonly number[];
  readonly lastEpochLoss: readonly number[];
}

const setup = (): Setup => ({ model: hpsLenet({ inputShape: [36, 36, 1], heads: [{ output: 10 }, { output: 10 }] }), losses: [crossEntropy(), crossEntropy()], optimizer: adam() });

const accuracy = (logits: tf.Tensor, labels: tf.Tensor) => {
  const hits = tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(logits, -1), labels), 'float32')));
  const v = hits.dataSync()[0]!;
  hits.dispose();
  return { accuracy: v };
};

/** ρ-sharpness of each task's loss on one batch at the final parameters: task i's loss as a function of (θ_sh, θ_i). */
const sharpnessOf = (s: Setup, state: TrainState<unknown>, batches: TrainBatches, rho: number): E.Either<MtlError, number[]> => {
  const batch = batches.train(Key.fromSeed(999))[Symbol.iterator]().next().value!;
  const { shared, heads } = state.params;
  const per = heads.map((head, i) => rhoSharpness((ps) => taskLoss(s, i, ps.slice(0, shared.length), ps.slice(shared.length), batch), [...shared, ...head], rho));
  tf.dispose([batch.x, ...batch.targets]);
  return E.map((rs: readonly { sharpness: number }[]) => rs.map((r) => r.sharpness))(E.sequenceArray(per));
};

export const trainWith = (method: string, makeStep: (s: Setup) => Step<unknown>, batches: TrainBatches, epochs: number, rho: number): E.Either<MtlError, SamResult> => {
  const s = setup();
  const step = makeStep(s);
  let state: TrainState<unknown> = initTrainState(step, Key.fromSeed(2), 2e-3);
  let last = [0, 0];
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
    last = sums.map((v) => v / n);
  }
  const test = evaluate(s, state.params, batches.test!(), [accuracy, accuracy]);
  const sharp = sharpnessOf(s, state, batches, rho);
  disposeTrainState(state);
  return E.map((sharpness: number[]) => ({ method, testAccuracy: test.map((t) => t['accuracy']!), testLoss: test.map((t) => t['loss']!), sharpness, lastEpochLoss: last }))(sharp);
};

export const compare = (trainSize = 1000, epochs = 2, rho = 0.5): E.Either<MtlError, SamResult[]> =>
  pipe(
    multiDigits({ key: Key.fromSeed(0), count: trainSize + 256 }),
    E.chain((ds) => splitDataset(ds, { key: Key.fromSeed(1), train: trainSize, validation: 128, test: 128 })),
    E.chain((splits) => trainBatches(splits, { batchSize: 64 })),
    E.chain((batches) =>
      E.sequenceArray([
        trainWith('mgda', (s) => aggregatedStep(mgda())(s) as Step<unknown>, batches, epochs, rho),
        // The swap: SAM-MTL around the same aggregator (ρ_sh = ρ_ns = ρ, adaptive perturbations).
        trainWith('sam-mtl', (s) => samMtlStep({ rhoShared: rho, rhoTask: rho, aggregator: mgda() })(s) as Step<unknown>, batches, epochs, rho),
      ]),
    ),
    E.map((rs) => [...rs]),
  );

/** The command line: `node examples/run.mjs <name> [args]`; returns the exit code. */
export const main = async (args: readonly string[]): Promise<number> => {
  await initBackend();
  const r = compare(Number(args[0] ?? 1000), Number(args[1] ?? 2), Number(args[2] ?? 0.5));
  if (E.isLeft(r)) {
    console.error(r.left.message);
    return 1;
  }
  for (const s of r.right) {
    console.log(`${s.method.padEnd(7)} test accuracy ${s.testAccuracy.map((a) => `${(100 * a).toFixed(1)}%`).join(' / ')}, test loss ${s.testLoss.map((l) => l.toFixed(3)).join(' / ')}, ρ-sharpness ${s.sharpness.map((v) => v.toFixed(4)).join(' / ')}`);
  }
  return 0;
};
