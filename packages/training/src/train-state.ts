import { collectTensors, Key, tf, type Gramian, type MtlError } from '@mtlkit/core';
import type * as E from 'fp-ts/lib/Either.js';
import type { Batch, Objective } from './objective.js';
import { disposeOptimizerState, type Optimizer, type OptimizerState } from './optimizer.js';
import { allTensors, disposeParams, fromAllTensors, type Params } from './params.js';

/** What a step trains and how: the model, one loss per task, and the optimiser. */
export interface Setup extends Objective {
  readonly optimizer: Optimizer;
}

/**
 * Everything a training run carries from step to step, as data: parameters, optimiser state,
 * counters, the learning rate of the current epoch, the run's key, and the step's own state
 * (`extra`: a stateful aggregator's or weighting's state). Steps return a new state and dispose
 * nothing of the old one; the loop disposes it (`disposeTrainState`).
 */
export interface TrainState<E = unknown> {
  readonly params: Params;
  readonly optimizer: OptimizerState;
  readonly step: number;
  readonly epoch: number;
  readonly lr: number;
  readonly key: Key;
  readonly extra: E;
}

/** What a step reports: the batch's task losses, the weights used (if any), the task Gramian (if computed). */
export interface StepReport {
  readonly losses: Float64Array;
  readonly weights: Float64Array | null;
  readonly gramian: Gramian | null;
}

/** What the loop tells a step at the end of an epoch (DWA and gradient blending update their weights then). */
export interface EpochSummary {
  readonly epoch: number;
  /** Mean training loss of each task over the epoch. */
  readonly train: readonly number[];
  /** Per task: validation loss and metrics, if the run has validation data. */
  readonly validation: readonly Readonly<Record<string, number>>[] | null;
}

/** What a step needs from the loop beyond the training batch. */
export interface StepNeeds {
  /** A validation batch paired with every training batch (`Batch.validation`). */
  readonly validationBatch: boolean;
  /** The validation losses in the `EpochSummary` (the run must have validation data). */
  readonly validationEpoch: boolean;
}

const NO_NEEDS: StepNeeds = { validationBatch: false, validationEpoch: false };

/**
 * A pure training step `(state, batch) => Either<MtlError, [state, report]>`, with the initial
 * `extra` state, the setup it trains, what it needs from the loop, and an optional end-of-epoch
 * update of its state.
 */
export type Step<E = unknown> = ((state: TrainState<E>, batch: Batch) => E.Either<MtlError, readonly [TrainState<E>, StepReport]>) & {
  readonly initial: E;
  readonly setup: Setup;
  readonly needs: StepNeeds;
  readonly endEpoch?: (state: TrainState<E>, summary: EpochSummary) => E.Either<MtlError, TrainState<E>>;
};

export const makeStep = <E>(
  setup: Setup,
  initial: E,
  run: (state: TrainState<E>, batch: Batch) => E.Either<MtlError, readonly [TrainState<E>, StepReport]>,
  endEpoch?: (state: TrainState<E>, summary: EpochSummary) => E.Either<MtlError, TrainState<E>>,
  needs: StepNeeds = NO_NEEDS,
): Step<E> => Object.assign((state: TrainState<E>, batch: Batch) => run(state, batch), endEpoch === undefined ? { initial, setup, needs } : { initial, setup, needs, endEpoch });

/** A fresh state: parameters drawn from the key, optimiser initialised, counters at 0. */
export const initTrainState = <E>(step: Step<E>, key: Key, lr: number): TrainState<E> => {
  const [kInit, kRun] = Key.split(key, 2) as [Key, Key];
  const params = step.setup.model.init(kInit);
  return { params, optimizer: step.setup.optimizer.init(allTensors(params)), step: 0, epoch: 0, lr, key: kRun, extra: step.initial };
};

export const disposeTrainState = (s: TrainState<unknown>): void => {
  disposeParams(s.params);
  disposeOptimizerState(s.optimizer);
  tf.dispose(collectTensors(s.extra));
};

/**
 * One optimiser update of every parameter from the shared gradient and each head's gradient.
 * Returns the next state (step + 1) with `extra` replaced.
 */
export const applyGradients = <E>(
  setup: Setup,
  state: TrainState<E>,
  shared: readonly tf.Tensor[],
  heads: readonly (readonly tf.Tensor[])[],
  extra: E,
): TrainState<E> => {
  const [next, optimizer] = setup.optimizer.update(state.optimizer, allTensors(state.params), [...shared, ...heads.flat()], state.lr);
  return { ...state, params: fromAllTensors(state.params, next), optimizer, step: state.step + 1, extra };
};
