import type { MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { finiteWeights, lossWeighting, optionError, softmax, stepLosses, type LossWeighting } from './weighting.js';

export interface StchOptions {
  /** Smoothing μ > 0 of the Tchebycheff max (default 1, LibMTL `STCH_mu`). */
  readonly mu?: number;
  /** Epochs of Σ log Lᵢ before the nadir point is fixed (default 4, LibMTL `STCH_warmup_epoch`). */
  readonly warmupEpochs?: number;
}

export interface StchState {
  readonly m: number;
  /** Epochs ended so far. */
  readonly epoch: number;
  /** Sum and count of the step losses of epoch `warmupEpochs`, whose mean becomes the nadir point. */
  readonly sum: Float64Array;
  readonly count: number;
  readonly nadir: Float64Array | null;
}

const TINY = 1e-20;
/** mtlkit guard: a nadir coordinate below this is raised to it (a task whose loss was 0 for a whole epoch). */
const NADIR_FLOOR = 1e-12;

/**
 * Smooth Tchebycheff scalarisation (Lin et al., ICML 2024, eq. 8; LibMTL `STCH`, from the authors'
 * STCH_MTL code). During the first `warmupEpochs` epochs the objective is Σᵢ log(Lᵢ + 1e-20)
 * (wᵢ = 1/(Lᵢ + 1e-20)); during epoch `warmupEpochs` the step losses are also averaged into the
 * nadir point z. Afterwards the objective is T·μ·log Σᵢ exp(log(Lᵢ/zᵢ + 1e-20)/μ), whose gradient is
 * Σᵢ wᵢ ∇Lᵢ with wᵢ = T·pᵢ/(Lᵢ + 1e-20·zᵢ), p = softmax(log(L/z + 1e-20)/μ). Weights are positive.
 * Losses must be ≥ 0.
 */
export const stch = (options: StchOptions = {}): LossWeighting<StchState> => {
  const name = 'stch';
  const mu = options.mu ?? 1;
  const warmup = options.warmupEpochs ?? 4;
  const valid = pipe(
    optionError(name, Number.isFinite(mu) && mu > 0, `mu must be a finite number > 0, got ${mu}.`),
    E.chain(() => optionError(name, Number.isInteger(warmup) && warmup >= 0, `warmupEpochs must be an integer ≥ 0, got ${warmup}.`)),
  );
  return lossWeighting<StchState>({
    name,
    initial: { m: 0, epoch: 0, sum: new Float64Array(0), count: 0, nadir: null },
    claims: { nonNegative: true, sum: null, permutationInvariant: true },
    weights: (state, input) =>
      pipe(
        valid,
        E.chain(() => stepLosses(name, input, state.m, true)),
        E.chain((l): E.Either<MtlError, readonly [Float64Array, StchState]> => {
          const s = state.m === 0 ? { ...state, m: l.length, sum: new Float64Array(l.length) } : state;
          if (s.epoch <= warmup) {
            const w = l.map((v) => 1 / (v + TINY));
            const next = s.epoch === warmup ? { ...s, sum: s.sum.map((v, i) => v + l[i]!), count: s.count + 1 } : s;
            return E.right([w, next] as const);
          }
          const nadir = (s.nadir ?? (s.count > 0 ? s.sum.map((v) => v / s.count) : Float64Array.from(l))).map((v) => Math.max(v, NADIR_FLOOR));
          const p = softmax(
            l.map((v, i) => Math.log(v / nadir[i]! + TINY)),
            mu,
          );
          return pipe(
            finiteWeights(
              name,
              p.map((v, i) => (l.length * v) / (l[i]! + TINY * nadir[i]!)),
            ),
            E.map((w) => [w, { ...s, nadir }] as const),
          );
        }),
      ),
    endEpoch: (state) => E.right({ ...state, epoch: state.epoch + 1 }),
  });
};
