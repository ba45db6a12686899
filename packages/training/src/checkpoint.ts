import { decode, invalidConfig, Key, tf, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { fromJsonValue, tensorFromJson, tensorToJson, toJsonValue } from './json-value.js';
import { allTensors, disposeParams } from './params.js';
import type { Step, TrainState } from './train-state.js';

const TensorJsonCodec = t.type({ shape: t.array(t.number), dtype: t.keyof({ float32: null, int32: null }), data: t.string }, 'Tensor');

/** The io-ts codec of a checkpoint file: a whole `TrainState` plus the loop's own state, as JSON. */
export const CheckpointCodec = t.type(
  {
    format: t.literal('mtlkit-checkpoint'),
    version: t.literal(1),
    step: t.number,
    epoch: t.number,
    lr: t.number,
    key: t.tuple([t.number, t.number]),
    params: t.type({ shared: t.array(TensorJsonCodec), heads: t.array(t.array(TensorJsonCodec)) }),
    optimizer: t.type({ t: t.number, slots: t.array(t.array(TensorJsonCodec)) }),
    extra: t.unknown,
    loop: t.unknown,
  },
  'Checkpoint',
);
export type Checkpoint = t.TypeOf<typeof CheckpointCodec>;

/** A training state (and the loop's own state: history, early stopping...) as a checkpoint value. */
export const toCheckpoint = <E>(state: TrainState<E>, loop: unknown = null): Checkpoint => ({
  format: 'mtlkit-checkpoint',
  version: 1,
  step: state.step,
  epoch: state.epoch,
  lr: state.lr,
  key: [...Key.keyToJson(state.key)] as [number, number],
  params: { shared: state.params.shared.map(tensorToJson), heads: state.params.heads.map((h) => h.map(tensorToJson)) },
  optimizer: { t: state.optimizer.t, slots: state.optimizer.slots.map((s) => s.map(tensorToJson)) },
  extra: toJsonValue(state.extra),
  loop: toJsonValue(loop),
});

const shapeText = (s: readonly number[]) => `[${s.join(', ')}]`;

/**
 * Restores a training state from a decoded checkpoint, checking that its parameters have the
 * shapes of the step's model (a checkpoint of another model is rejected by name and position).
 * Returns the state and the loop's state; the tensors belong to the caller.
 */
export const fromCheckpoint = <E>(step: Step<E>, cp: Checkpoint): E.Either<MtlError, { readonly state: TrainState<E>; readonly loop: unknown }> => {
  const fresh = step.setup.model.init(Key.fromSeed(0));
  const expected = [fresh.shared.map((x) => x.shape), fresh.heads.map((h) => h.map((x) => x.shape))] as const;
  disposeParams(fresh);
  if (cp.params.heads.length !== expected[1].length) return E.left(invalidConfig(`checkpoint has ${cp.params.heads.length} task heads, the model has ${expected[1].length}.`));
  const pairs = [
    ...cp.params.shared.map((j, i) => [j.shape, expected[0][i], `shared parameter ${i}`] as const),
    ...cp.params.heads.flatMap((h, k) => h.map((j, i) => [j.shape, expected[1][k]?.[i], `parameter ${i} of head ${k}`] as const)),
  ];
  const bad = pairs.find(([got, want]) => want === undefined || shapeText(got) !== shapeText(want));
  const count = expected[0].length + expected[1].flat().length;
  if (bad !== undefined || pairs.length !== count) {
    return E.left(invalidConfig(bad ? `checkpoint ${bad[2]} has shape ${shapeText(bad[0])}, the model expects ${bad[1] ? shapeText(bad[1]) : 'no such parameter'}.` : `checkpoint has ${pairs.length} parameter tensors, the model has ${count}.`));
  }
  const params = { shared: cp.params.shared.map(tensorFromJson), heads: cp.params.heads.map((h) => h.map(tensorFromJson)) };
  const slots = cp.optimizer.slots.map((s) => s.map(tensorFromJson));
  const state: TrainState<E> = {
    params,
    optimizer: { t: cp.optimizer.t, slots },
    step: cp.step,
    epoch: cp.epoch,
    lr: cp.lr,
    key: Key.keyFromJson(cp.key),
    extra: fromJsonValue(cp.extra) as E,
  };
  if (slots.some((s) => s.length !== allTensors(params).length)) {
    tf.dispose([...allTensors(params), ...slots.flat()]);
    return E.left(invalidConfig('checkpoint optimiser state does not match the parameters (one slot per parameter tensor).'));
  }
  return E.right({ state, loop: fromJsonValue(cp.loop) });
};

/** A checkpoint as JSON text. */
export const serializeCheckpoint = <E>(state: TrainState<E>, loop: unknown = null): string => JSON.stringify(toCheckpoint(state, loop));

/** Parses and validates checkpoint text; `source` names it in error messages (e.g. the file path). */
export const parseCheckpoint = <E>(step: Step<E>, text: string, source: string): E.Either<MtlError, { readonly state: TrainState<E>; readonly loop: unknown }> =>
  pipe(
    E.tryCatch(
      () => JSON.parse(text) as unknown,
      (e) => invalidConfig(`${source}: not valid JSON (${e instanceof Error ? e.message : String(e)}).`),
    ),
    E.chain(decode(CheckpointCodec, source)),
    E.chain((cp) => fromCheckpoint(step, cp)),
  );
