import type { MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import type { EpochInput, LossWeighting, StepInput } from './weighting.js';

/** One event of a training run as a weighting sees it. */
export type WeightingEvent =
  | { readonly _tag: 'step'; readonly input: StepInput; readonly after?: Float64Array }
  | { readonly _tag: 'epoch'; readonly input: EpochInput };

export const stepEvent = (input: StepInput, after?: Float64Array): WeightingEvent => (after === undefined ? { _tag: 'step', input } : { _tag: 'step', input, after });
export const epochEvent = (input: EpochInput): WeightingEvent => ({ _tag: 'epoch', input });

/**
 * Drives a weighting through a recorded sequence of steps and epoch ends, exactly as a training
 * loop does (`weights` per step, then `afterStep` with `after` when given, `endEpoch` per epoch):
 * the weights of every step and the final state, or the first Left. Pure; for tests, for
 * studying a method on a loss history, and as the reference for a training step's driver.
 */
export const replay = <S>(
  weighting: LossWeighting<S>,
  events: readonly WeightingEvent[],
  state: S = weighting.initial,
): E.Either<MtlError, { readonly weights: readonly Float64Array[]; readonly state: S }> => {
  const weights: Float64Array[] = [];
  let s = state;
  for (const event of events) {
    if (event._tag === 'epoch') {
      const r = weighting.endEpoch(s, event.input);
      if (E.isLeft(r)) return r;
      s = r.right;
      continue;
    }
    const r = weighting.weights(s, event.input);
    if (E.isLeft(r)) return r;
    weights.push(r.right[0]);
    s = r.right[1];
    if (event.after !== undefined) {
      const a = weighting.afterStep(s, event.after);
      if (E.isLeft(a)) return a;
      s = a.right;
    }
  }
  return E.right({ weights, state: s });
};
