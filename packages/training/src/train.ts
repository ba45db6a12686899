import { dataFormat, invalidConfig, Key, type Gramian, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { parseCheckpoint, serializeCheckpoint } from './checkpoint.js';
import { evaluate, type Evaluation, type TaskMetrics } from './evaluate.js';
import type { Batch } from './objective.js';
import type { Schedule } from './schedule.js';
import { disposeTrainState, initTrainState, type Step, type StepReport, type TrainState } from './train-state.js';

/** Where batches come from. Each batch is disposed by the loop once used. */
export interface TrainData {
  /** The training batches of one epoch, in an order drawn from `key` (the loop passes a fresh key per epoch). */
  readonly train: (key: Key) => Iterable<Batch>;
  /** Validation batches, evaluated after every epoch. */
  readonly validation?: () => Iterable<Batch>;
  /**
   * Validation batches to pair with the training batches, one per step, for steps that need one
   * (`step.needs.validationBatch`: gradient blending's per-step schedule, as MixNet draws a
   * validation batch per training step). Called with a key per pass (the loop starts a new pass
   * from `Key.foldIn(epochKey, pass)` whenever one runs out, and a fresh one every epoch, so a
   * resumed run pairs the same batches). Default: the `validation` batches, cycled in order.
   */
  readonly validationBatches?: (key: Key) => Iterable<Batch>;
  /** Batches per training epoch, for the progress bar. */
  readonly batchesPerEpoch?: number;
}

/** What one epoch did. */
export interface EpochRecord {
  readonly epoch: number;
  readonly epochs: number;
  readonly lr: number;
  /** Mean training loss of each task over the epoch's batches. */
  readonly train: readonly number[];
  /** Per task: validation loss and metrics (null without validation data). */
  readonly validation: Evaluation | null;
  /** Share of steps where at least two task gradients had a negative inner product (null if no Gramian was reported). */
  readonly conflict: number | null;
  /** Mean over steps of the mean pairwise cosine between task gradients. */
  readonly cosine: number | null;
  /** Mean aggregation weights over the epoch's steps (null if the method has none). */
  readonly weights: readonly number[] | null;
  readonly seconds: number;
}

export interface BatchProgress {
  readonly epoch: number;
  readonly epochs: number;
  readonly batch: number;
  readonly batches: number;
  readonly losses: Float64Array;
}

export interface TrainCallbacks {
  readonly onBatch?: (progress: BatchProgress) => void;
  readonly onEpoch?: (record: EpochRecord) => void;
}

export interface TrainConfig<E> {
  readonly step: Step<E>;
  readonly data: TrainData;
  readonly epochs: number;
  /** The run's key: parameters, batch order and randomised methods all derive from it. */
  readonly key: Key;
  readonly schedule: Schedule;
  /** Per-task metrics on the validation split (e.g. accuracy from @mtlkit/metrics). */
  readonly metrics?: readonly (TaskMetrics | undefined)[];
  /** Stop when the mean validation loss (training loss without validation data) has not improved by `minDelta` for `patience` epochs. */
  readonly earlyStopping?: { readonly patience: number; readonly minDelta?: number };
  /** Save the state as JSON after every `every` epochs (default 1), atomically. Node only. */
  readonly checkpoint?: { readonly path: string; readonly every?: number };
  /** Continue from a checkpoint file written by a run with the same step, data and key. Node only. */
  readonly resumeFrom?: string;
  readonly callbacks?: TrainCallbacks;
}

export interface TrainResult<E> {
  /** The final state; the caller disposes it (`disposeTrainState`). */
  readonly state: TrainState<E>;
  readonly history: readonly EpochRecord[];
  readonly stoppedEarly: boolean;
  readonly bestEpoch: number;
}

interface LoopState {
  readonly history: EpochRecord[];
  readonly best: number;
  readonly bestEpoch: number;
  readonly bad: number;
}

/** Mean pairwise cosine of the task gradients and whether any pair conflicts (negative inner product). */
export const gradientCosines = (G: Gramian): { readonly mean: number; readonly conflict: boolean } => {
  let sum = 0;
  let pairs = 0;
  let conflict = false;
  for (let i = 0; i < G.m; i++) {
    for (let j = i + 1; j < G.m; j++) {
      const gij = G.values[i * G.m + j]!;
      const denom = Math.sqrt(G.values[i * G.m + i]! * G.values[j * G.m + j]!);
      sum += denom > 0 ? gij / denom : 0;
      pairs++;
      if (gij < 0) conflict = true;
    }
  }
  return { mean: pairs > 0 ? sum / pairs : 1, conflict };
};

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);

const disposeBatch = (b: Batch): void => {
  b.x.dispose();
  b.targets.forEach((t) => t.dispose());
  if (b.validation !== undefined) disposeBatch(b.validation);
};

/** Endless passes over `source`, pass p drawn with `Key.foldIn(key, p)`; stops if a pass is empty. */
function* passes(source: (key: Key) => Iterable<Batch>, key: Key): Generator<Batch, void, undefined> {
  for (let p = 0; ; p++) {
    let any = false;
    for (const b of source(Key.foldIn(key, p))) {
      any = true;
      yield b;
    }
    if (!any) return;
  }
}

/** Left when the step needs validation data the run does not have. */
const checkNeeds = <E>(step: Step<E>, data: TrainData): E.Either<MtlError, null> => {
  if (step.needs.validationBatch && data.validationBatches === undefined && data.validation === undefined) {
    return E.left(invalidConfig('the step needs a validation batch paired with every training step (e.g. gradient blending per step): give data.validationBatches or data.validation.'));
  }
  if (step.needs.validationEpoch && data.validation === undefined) {
    return E.left(invalidConfig('the step needs the validation losses at every epoch end (e.g. gradient blending per epoch): give data.validation.'));
  }
  return E.right(null);
};

const readText = async (path: string): Promise<E.Either<MtlError, string>> => {
  const { readFile } = await import('node:fs/promises');
  return readFile(path, 'utf8').then(
    (text) => E.right(text),
    (e: Error) => E.left(dataFormat(`cannot read checkpoint ${path}: ${e.message}`)),
  );
};

const writeAtomically = async (path: string, text: string): Promise<E.Either<MtlError, void>> => {
  const { writeFile, rename } = await import('node:fs/promises');
  const tmp = `${path}.tmp-${process.pid}`;
  return writeFile(tmp, text).then(
    () => rename(tmp, path).then(() => E.right(undefined)),
    (e: Error) => E.left(dataFormat(`cannot write checkpoint ${path}: ${e.message}`)),
  );
};

/** Summarises one epoch's step reports. */
const epochStats = (reports: readonly StepReport[], tasks: number) => {
  const train = Array.from({ length: tasks }, (_, t) => mean(reports.map((r) => r.losses[t]!)));
  const cos = reports.flatMap((r) => (r.gramian ? [gradientCosines(r.gramian)] : []));
  const ws = reports.flatMap((r) => (r.weights ? [r.weights] : []));
  return {
    train,
    conflict: cos.length > 0 ? cos.filter((c) => c.conflict).length / cos.length : null,
    cosine: cos.length > 0 ? mean(cos.map((c) => c.mean)) : null,
    weights: ws.length > 0 ? Array.from({ length: ws[0]!.length }, (_, t) => mean(ws.map((w) => w[t]!))) : null,
  };
};

/**
 * The training loop: epochs over the data, one step per batch, validation after every epoch,
 * callbacks, early stopping, and JSON checkpoints that resume exactly: a resumed run with the same
 * key ends with the same parameters as an uninterrupted one. Everything the loop creates is
 * disposed except the returned state.
 */
export const train = async <E>(config: TrainConfig<E>): Promise<E.Either<MtlError, TrainResult<E>>> => {
  const { step, data, epochs, schedule, callbacks = {} } = config;
  const needs = checkNeeds(step, data);
  if (E.isLeft(needs)) return needs;
  const [kState, kData] = Key.split(config.key, 2) as [Key, Key];
  const kPair = Key.foldIn(kData, 0x7061_6972);
  const pairSource = data.validationBatches ?? (data.validation === undefined ? undefined : () => data.validation!());
  const tasks = step.setup.model.tasks;
  let state: TrainState<E>;
  let loop: LoopState = { history: [], best: Number.POSITIVE_INFINITY, bestEpoch: -1, bad: 0 };
  if (config.resumeFrom !== undefined) {
    const text = await readText(config.resumeFrom);
    const restored = E.chain((t: string) => parseCheckpoint(step, t, config.resumeFrom!))(text);
    if (E.isLeft(restored)) return restored;
    state = restored.right.state;
    loop = restored.right.loop as LoopState;
  } else {
    state = initTrainState(step, kState, schedule(0));
  }
  const fail = (e: MtlError) => {
    disposeTrainState(state);
    return E.left(e);
  };
  let stoppedEarly = false;
  for (let epoch = state.epoch; epoch < epochs && !stoppedEarly; epoch++) {
    const started = performance.now();
    state = { ...state, epoch, lr: schedule(epoch) };
    const reports: StepReport[] = [];
    let b = 0;
    const paired = step.needs.validationBatch && pairSource !== undefined ? passes(pairSource, Key.foldIn(kPair, epoch)) : null;
    for (const drawn of data.train(Key.foldIn(kData, epoch))) {
      let batch = drawn;
      if (paired !== null) {
        const v = paired.next();
        if (v.done === true) {
          disposeBatch(drawn);
          return fail(invalidConfig('the validation batches to pair with the training steps are empty.'));
        }
        batch = { ...drawn, validation: v.value };
      }
      const r = step(state, batch);
      disposeBatch(batch);
      if (E.isLeft(r)) {
        paired?.return();
        return fail(r.left);
      }
      disposeTrainState(state);
      state = r.right[0];
      reports.push(r.right[1]);
      callbacks.onBatch?.({ epoch, epochs, batch: b, batches: data.batchesPerEpoch ?? b + 1, losses: r.right[1].losses });
      b++;
    }
    paired?.return();
    const validation = data.validation ? evaluate(step.setup, state.params, data.validation(), config.metrics) : null;
    const stats = epochStats(reports, tasks);
    const record: EpochRecord = { epoch, epochs, lr: state.lr, ...stats, validation, seconds: (performance.now() - started) / 1000 };
    if (step.endEpoch !== undefined) {
      const next = step.endEpoch(state, record);
      if (E.isLeft(next)) return fail(next.left);
      state = next.right;
    }
    callbacks.onEpoch?.(record);
    const monitored = validation ? mean(validation.map((v) => v['loss']!)) : mean(stats.train);
    const improved = monitored < loop.best - (config.earlyStopping?.minDelta ?? 0);
    loop = {
      history: [...loop.history, record],
      best: improved ? monitored : loop.best,
      bestEpoch: improved ? epoch : loop.bestEpoch,
      bad: improved ? 0 : loop.bad + 1,
    };
    stoppedEarly = config.earlyStopping !== undefined && loop.bad >= config.earlyStopping.patience;
    state = { ...state, epoch: epoch + 1 };
    const every = config.checkpoint?.every ?? 1;
    if (config.checkpoint !== undefined && ((epoch + 1) % every === 0 || epoch + 1 === epochs || stoppedEarly)) {
      const saved = await writeAtomically(config.checkpoint.path, serializeCheckpoint(state, loop));
      if (E.isLeft(saved)) return fail(saved.left);
    }
  }
  return E.right({ state, history: loop.history, stoppedEarly, bestEpoch: loop.bestEpoch });
};
