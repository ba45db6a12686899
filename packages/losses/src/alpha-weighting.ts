import type { MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { filled, lossWeighting, optionError, stepGradients, stepLosses, taskValues, type GradientStats, type LossWeighting } from './weighting.js';

/** The state of a weighting that keeps its weights α itself (AlphaGrad, AdaMT). */
export interface AlphaState {
  /** Number of tasks (0 until the first step). */
  readonly m: number;
  readonly alpha: Float64Array;
}

/**
 * A weighting whose weights α are updated each step from the gradient statistics of the shared
 * layer (AlphaGrad, AdaMT), with the update of the authors' `mtl_bci/grads.py`: update, then weigh.
 * α starts at `initial` (finite, > 0, one per task; default all 1); every step checks `valid`, then
 * α ← update(α, g) and the step back-propagates Σᵢ αᵢ Lᵢ with the new α. The update keeps α positive
 * and summing to T, and is the same for permuted tasks.
 */
export const alphaWeighting = (w: {
  readonly name: string;
  readonly initial: readonly number[] | undefined;
  readonly valid?: E.Either<MtlError, null>;
  readonly update: (alpha: Float64Array, gradients: GradientStats) => Float64Array;
}): LossWeighting<AlphaState> => {
  const { name, initial } = w;
  const valid = pipe(
    w.valid ?? E.right(null),
    E.chain(() => (initial === undefined ? E.right(null) : pipe(taskValues(name, 'the initial α', initial, 0, true), E.chain((a) => optionError(name, a.every((v) => v > 0), 'the initial α must be > 0.'))))),
  );
  return lossWeighting<AlphaState>({
    name,
    initial: { m: 0, alpha: new Float64Array(0) },
    needs: { gradients: true },
    claims: { nonNegative: true, sum: 'tasks', permutationInvariant: true },
    weights: (state, input) =>
      pipe(
        valid,
        E.chain(() => stepLosses(name, input, state.m || (initial?.length ?? 0), false)),
        E.chain((l) => stepGradients(name, input, l.length)),
        E.map((g) => {
          const m = g.norms.length;
          const next = w.update(state.m === 0 ? (initial ? Float64Array.from(initial) : filled(m, 1)) : state.alpha, g);
          return [Float64Array.from(next), { m, alpha: next }] as const;
        }),
      ),
  });
};
