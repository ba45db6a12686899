import { mgda, pcgrad } from '@mtlkit/aggregators';
import { Key, tf, type MtlError } from '@mtlkit/core';
import { conflictRegression, trainBatches } from '@mtlkit/datasets';
import { mse } from '@mtlkit/losses';
import { adam, aggregatedStep, disposeTrainState, hpsMlp, initTrainState, keyed } from '@mtlkit/training';
import type { AggregatorSource, Batch, Step, StepReport, TrainState } from '@mtlkit/training';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';

export interface Run { readonly state: TrainState<unknown>; readonly losses: readonly Float64Array[] }

/** One step of the loop, which owns the batch and the previous state: both are disposed. */
const stepWith = (step: Step<unknown>) => (run: E.Either<MtlError, Run>, batch: Batch): E.Either<MtlError, Run> => {
  const next = pipe(
    run,
    E.chain(({ state, losses }) => {
      const result = step(state, batch);
      disposeTrainState(state);
      return E.map(([s, report]: readonly [TrainState<unknown>, StepReport]) => ({ state: s, losses: [...losses, report.losses] }))(result);
    }),
  );
  tf.dispose([batch.x, ...batch.targets]);
  return next;
};

/** Two regression tasks whose gradients meet at 120°, an HPS MLP, Adam, `epochs` shuffled passes of 32-example batches. */
export const customLoop = (aggregator: AggregatorSource<unknown>, epochs = 8): E.Either<MtlError, Run> =>
  pipe(
    conflictRegression({ key: Key.fromSeed(1), angle: (2 * Math.PI) / 3, count: 256 }),
    E.chain((train) => trainBatches({ train }, { batchSize: 32 })),
    E.chain((data) => {
      const model = hpsMlp({ input: 8, hidden: [16], heads: [{ output: 1 }, { output: 1 }] });
      const step = aggregatedStep(aggregator)({ model, losses: [mse(), mse()], optimizer: adam() });
      let run: E.Either<MtlError, Run> = E.right({ state: initTrainState(step, Key.fromSeed(2), 0.01), losses: [] });
      for (let epoch = 0; epoch < epochs; epoch++) for (const batch of data.train(Key.fromSeed(100 + epoch))) run = stepWith(step)(run, batch);
      return run;
    }),
  );

export const withMgda = () => customLoop(mgda());
export const withPcgrad = () => customLoop(keyed((key) => pcgrad({ key }))); // the one-line swap
