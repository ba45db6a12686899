import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { filled, lossWeighting, optionError, softmax, stepLosses, taskValues, type LossWeighting } from './weighting.js';

export interface DwaOptions {
  /** Softmax temperature T (default 2, as the paper and LibMTL). */
  readonly temperature?: number;
}

export interface DwaState {
  readonly m: number;
  /** Epoch-mean training losses of the last two epochs (older first). */
  readonly history: readonly Float64Array[];
  /** The weights of the current epoch (null: all 1). */
  readonly current: Float64Array | null;
}

/**
 * Dynamic weight average (Liu, Johns & Davison, "End-to-end multi-task learning with attention",
 * CVPR 2019, eq. 7; LibMTL `DWA`, from the authors' MTAN code): with the epoch-average training
 * losses L̄ᵢ(e), rᵢ = L̄ᵢ(e−1)/L̄ᵢ(e−2) and wᵢ(e) = K·softmax(r/T)ᵢ; wᵢ = 1 during the first two
 * epochs. A task whose loss falls slowest (largest ratio) gets the largest weight. Weights are
 * positive and sum to K = number of tasks. Guard: a ratio with a previous loss of 0 is taken as 1
 * (no information); ratios are capped at the largest float. Epoch losses must be ≥ 0.
 */
export const dwa = (options: DwaOptions = {}): LossWeighting<DwaState> => {
  const name = 'dwa';
  const temperature = options.temperature ?? 2;
  const valid = optionError(name, Number.isFinite(temperature) && temperature > 0, `temperature must be a finite number > 0, got ${temperature}.`);
  return lossWeighting<DwaState>({
    name,
    initial: { m: 0, history: [], current: null },
    claims: { nonNegative: true, sum: 'tasks', permutationInvariant: true },
    weights: (state, input) =>
      pipe(
        valid,
        E.chain(() => stepLosses(name, input, state.m, false)),
        E.map((l) => [state.current === null ? filled(l.length, 1) : Float64Array.from(state.current), state.m === 0 ? { ...state, m: l.length } : state] as const),
      ),
    endEpoch: (state, epoch) =>
      pipe(
        valid,
        E.chain(() => taskValues(name, 'the epoch training losses', epoch.train, state.m, true)),
        E.map((train) => {
          const history = [...state.history, train].slice(-2);
          if (history.length < 2) return { m: train.length, history, current: null };
          const [older, last] = history as [Float64Array, Float64Array];
          const ratios = last.map((v, i) => (older[i]! > 0 ? Math.min(v / older[i]!, Number.MAX_VALUE) : 1));
          return { m: train.length, history, current: softmax(ratios, temperature).map((v) => v * train.length) };
        }),
      ),
  });
};
