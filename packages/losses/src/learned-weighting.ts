import type { MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { checkParameterOptimizer, initParameterOptimizer, parameterStep, type ParameterOptimizer, type ParameterOptimizerState } from './parameter-optimizer.js';
import { filled, lossWeighting, stepLosses, type LossWeighting } from './weighting.js';

/** The state of a weighting with one learnt parameter per task, kept under the name `K`. */
export type LearnedState<K extends string> = { readonly m: number; readonly optimizer: ParameterOptimizerState } & { readonly [k in K]: Float64Array };

/**
 * A weighting with one learnable parameter pᵢ per task in the objective Σᵢ fᵢ(pᵢ, Lᵢ) (uncertainty's
 * log σᵢ², IMTL-L's log scale sᵢ). p starts at `init` when the first step fixes the number of tasks;
 * each step back-propagates Σᵢ wᵢ Lᵢ with w = `weightsOf(p)` (= ∂f/∂L), then p takes one `optimizer`
 * step along `gradient(p, L)` (= ∂f/∂p). Checks `valid`, then the optimiser, then the losses (≥ 0).
 * Weights are positive and the same for permuted tasks.
 */
export const learnedWeighting = <K extends string>(w: {
  readonly name: string;
  /** The field of the state that holds p. */
  readonly key: K;
  readonly init: number;
  readonly optimizer: ParameterOptimizer;
  readonly valid?: E.Either<MtlError, null>;
  readonly weightsOf: (p: Float64Array) => Float64Array;
  readonly gradient: (p: Float64Array, losses: Float64Array) => Float64Array;
}): LossWeighting<LearnedState<K>> => {
  const { name, key, optimizer: opt } = w;
  const state = (m: number, p: Float64Array, optimizer: ParameterOptimizerState) => ({ m, [key]: p, optimizer }) as LearnedState<K>;
  const valid = pipe(
    w.valid ?? E.right(null),
    E.chain(() => checkParameterOptimizer(name, opt)),
  );
  return lossWeighting<LearnedState<K>>({
    name,
    initial: state(0, new Float64Array(0), initParameterOptimizer(0)),
    claims: { nonNegative: true, sum: null, permutationInvariant: true },
    weights: (current, input) =>
      pipe(
        valid,
        E.chain(() => stepLosses(name, input, current.m, true)),
        E.map((l) => {
          const s = current.m === 0 ? state(l.length, filled(l.length, w.init), initParameterOptimizer(l.length)) : current;
          const p: Float64Array = s[key];
          const [next, optimizer] = parameterStep(opt, s.optimizer, p, w.gradient(p, l));
          return [w.weightsOf(p), state(s.m, next, optimizer)] as const;
        }),
      ),
  });
};
