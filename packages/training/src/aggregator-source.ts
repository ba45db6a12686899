import { Key, type Aggregation, type Aggregator, type MtlError, type StatefulAggregator, type TaskJacobian } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';

const KEYED = Symbol.for('mtlkit.keyedAggregator');

/** A randomised aggregator built afresh each step from a key (PCGrad, GradDrop, RLW...). */
export interface KeyedAggregator {
  readonly [KEYED]: (key: Key) => Aggregator;
}

/** Marks a factory `(key) => Aggregator`, so a training step gives it a new key every step. */
export const keyed = (factory: (key: Key) => Aggregator): KeyedAggregator => ({ [KEYED]: factory });

/** What a step accepts as its aggregator: plain, stateful, or randomised per step. */
export type AggregatorSource<S = unknown> = Aggregator | StatefulAggregator<S> | KeyedAggregator;

const isKeyed = <S>(a: AggregatorSource<S>): a is KeyedAggregator => typeof a === 'object' && KEYED in a;
const isStateful = <S>(a: AggregatorSource<S>): a is StatefulAggregator<S> => typeof a === 'function' && 'initial' in a;

/** The initial state of a source (null for stateless ones). */
export const initialAggregatorState = <S>(a: AggregatorSource<S>): S | null => (isStateful(a) ? a.initial : null);

/** Runs a source on a Jacobian with the step's key and state: [aggregation, next state]. */
export const runAggregator = <S>(a: AggregatorSource<S>, key: Key, state: S | null, J: TaskJacobian): E.Either<MtlError, readonly [Aggregation, S | null]> => {
  if (isKeyed(a)) return E.map((r: Aggregation) => [r, state] as const)(a[KEYED](key)(J));
  if (isStateful(a)) return a(state as S, J);
  return E.map((r: Aggregation) => [r, state] as const)(a(J));
};
