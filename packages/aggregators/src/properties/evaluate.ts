import { formatError, type Aggregator, type StatefulAggregator, type TaskJacobian } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { withJacobian, type JacobianSample } from './sample.js';

/**
 * The verdict of a property check: `Right` when the property holds on the sample, `Left` with a
 * sentence that says what went wrong (with the numbers) otherwise.
 */
export type PropertyResult = E.Either<string, void>;

export const holds: PropertyResult = E.right(undefined);
export const fails = (reason: string): PropertyResult => E.left(reason);

/**
 * Throws an Error carrying the reason when the property does not hold: use it as the body of a
 * fast-check property (`(s) => assertHolds(nonConflicting(upgrad(), s))`), so that fast-check
 * shrinks the sample and reports the reason.
 */
export const assertHolds = (result: PropertyResult): void => {
  if (E.isLeft(result)) throw new Error(result.left);
};

/** An aggregator's output read back into float64 arrays (the tensor already disposed). */
export interface Outcome {
  readonly direction: Float64Array;
  readonly weights: Float64Array | null;
}

/**
 * Runs the aggregator on a fresh tensor of the sample, reads the direction out (outside any
 * `tf.tidy`) and disposes both the input and the output tensors. `Left` with a sentence when the
 * aggregator returned `Left` or a direction of the wrong shape.
 */
export const evaluate = (aggregator: Aggregator, sample: JacobianSample): E.Either<string, Outcome> =>
  withJacobian(sample, (J) => {
    const result = aggregator(J);
    if (E.isLeft(result)) return E.left(`the aggregator returned Left (${formatError(result.left)})`);
    const { direction, weights } = result.right;
    const shape = direction.shape;
    const values = Float64Array.from(direction.dataSync());
    if ((direction as unknown) !== J) direction.dispose();
    if (shape.length !== 1 || shape[0] !== sample.d) {
      return E.left(`the direction has shape [${shape.join(', ')}], expected [${sample.d}]`);
    }
    return E.right({ direction: values, weights: weights === null ? null : Float64Array.from(weights) });
  });

/**
 * A stateful aggregator seen as a plain one, for the property checkers: J ↦ the output of the
 * `calls`-th consecutive call on J, starting from `initial` (default 2, so that the state update
 * is exercised). Intermediate outputs are disposed.
 */
export const repeatedCalls =
  <S>(aggregator: StatefulAggregator<S>, calls = 2): Aggregator =>
  (J: TaskJacobian) => {
    let state = aggregator.initial;
    for (let c = 1; ; c++) {
      const r = aggregator(state, J);
      if (E.isLeft(r)) return r;
      const [aggregation, next] = r.right;
      if (c >= calls) return E.right(aggregation);
      aggregation.direction.dispose();
      state = next;
    }
  };
