import { invalidArgument, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { estimate, type BlendingEstimator, type BlendingHistory } from './blending-estimators.js';
import { filled, lossWeighting, optionError, stepLosses, sumOf, taskValues, type LossWeighting } from './weighting.js';

export interface GradBlendingOptions {
  /**
   * 'epoch' (default; GradApprox as in the AlphaGrad code): one point per epoch (the epoch's mean
   * train and validation loss), weights recomputed at the end of each epoch after the warm-up.
   * 'step' (MixNet): one point per training step (its loss and the loss of a paired validation
   * batch), moving-mean smoothing, weights recomputed every step after the warm-up.
   */
  readonly schedule?: 'epoch' | 'step';
  /** Default 'historical-tangent-slope'. */
  readonly estimator?: BlendingEstimator;
  /** W: epochs with the initial weights (default 2 for 'epoch', GradApprox; 5 for 'step', MixNet; Table S3 studies 2..9). */
  readonly warmup?: number;
  /** Initial weights (finite, ≥ 0), default all 1. */
  readonly initial?: readonly number[];
  /**
   * B: line fits over the last B smoothed points. Default: 'epoch' — the number of steps of the
   * first epoch (GradApprox's history size); 'step' — 100 (MixNet's, which passes its batch size).
   */
  readonly window?: number;
  /**
   * B_v for the validation series (default B). 'epoch': validation line fits over the last B_v
   * points (GradApprox uses the number of validation batches); 'step': validation smoothing over
   * the last ⌊overlap·B_v⌋ raw points (MixNet passes its validation batch size).
   */
  readonly validationWindow?: number;
  /** 'step' only: smoothing over the last ⌊overlap·B⌋ raw points (default 1.25, MixNet). */
  readonly overlap?: number;
}

export interface GradBlendingState {
  readonly m: number;
  /** Weights in use (null: the initial ones). */
  readonly weights: Float64Array | null;
  /** Epochs ended so far, and steps taken in the current epoch. */
  readonly epochs: number;
  readonly steps: number;
  /** B once known (0 before). */
  readonly window: number;
  /** Per task: raw points of the 'step' schedule (the last ⌊overlap·B⌋) and the estimator's history. */
  readonly rawTrain: readonly (readonly number[])[];
  readonly rawValid: readonly (readonly number[])[];
  readonly histories: readonly BlendingHistory[];
  /** The last estimate per task (G, O), for reports; null before the first. */
  readonly gain: Float64Array | null;
  readonly overfitting: Float64Array | null;
}

const FLOOR = 1e-5;

/**
 * Gradient blending by loss re-weighting (seed 000: MixNet supplementary, eq. 1-5; Wang, Tran &
 * Feiszli, CVPR 2020; Phan et al., XSleepNet, TPAMI 2022; called GradApprox by the AlphaGrad
 * authors). Each task's weight is w ∝ G/(O² + 1e-6) (eq. 4), with G the generalisation gain and O the
 * change in overfitting (validation minus train loss) estimated from the task's loss histories
 * (`estimate`); negative w are clipped to 0, and the weights are normalised to sum to the number of
 * tasks T with a floor of 1e-5 per task (so the sum may exceed T by at most T·1e-5). The step
 * back-propagates Σᵢ wᵢ Lᵢ (eq. 5). The initial weights hold during a warm-up of W epochs.
 * - 'epoch' schedule (GradApprox, AlphaGrad code): `endEpoch` adds the epoch's mean train and
 *   validation losses (the reference's smoothed point, whose smoothing window is one epoch of
 *   batches) and, once more than W epochs have ended, recomputes the weights for the next epoch.
 * - 'step' schedule (MixNet code): every step adds the batch's losses and those of a paired
 *   validation batch (`input.validation`), smooths each series by the mean of its last ⌊1.25·B⌋ raw
 *   points, and once W epochs have ended recomputes the weights; the weights a step uses are those
 *   computed from the points up to the previous step (MixNet updates after the step).
 * Guards: when every w is 0, or their sum is not finite (flat losses, zero sums), the previous
 * weights are kept (the references fall back to the initial weights); fewer than two points give a
 * slope of 0 (numpy raises). MixNet normalises to sum 1 and GradApprox to T; mtlkit uses T.
 * The losses fed are unweighted (the GradApprox code feeds the weighted ones).
 */
export const gradBlending = (options: GradBlendingOptions = {}): LossWeighting<GradBlendingState> => {
  const name = 'gradBlending';
  const schedule = options.schedule ?? 'epoch';
  const estimator = options.estimator ?? 'historical-tangent-slope';
  const warmup = options.warmup ?? (schedule === 'epoch' ? 2 : 5);
  const overlap = options.overlap ?? 1.25;
  const fixedWindow = options.window ?? (schedule === 'step' ? 100 : 0);
  const valid = pipe(
    optionError(name, schedule === 'epoch' || schedule === 'step', `schedule must be 'epoch' or 'step', got ${JSON.stringify(schedule)}.`),
    E.chain(() =>
      optionError(
        name,
        ['historical-tangent-slope', 'tangent-slope', 'secant-slope', 'threshold'].includes(estimator),
        `estimator must be 'historical-tangent-slope', 'tangent-slope', 'secant-slope' or 'threshold', got ${JSON.stringify(estimator)}.`,
      ),
    ),
    E.chain(() => optionError(name, Number.isInteger(warmup) && warmup >= 0, `warmup must be an integer ≥ 0, got ${warmup}.`)),
    E.chain(() => optionError(name, options.window === undefined || (Number.isInteger(options.window) && options.window >= 1), `window must be an integer ≥ 1, got ${options.window}.`)),
    E.chain(() =>
      optionError(name, options.validationWindow === undefined || (Number.isInteger(options.validationWindow) && options.validationWindow >= 1), `validationWindow must be an integer ≥ 1, got ${options.validationWindow}.`),
    ),
    E.chain(() => optionError(name, Number.isFinite(overlap) && overlap >= 1, `overlap must be a number ≥ 1, got ${overlap}.`)),
    E.chain(() => (options.initial === undefined ? E.right(null) : E.map(() => null)(taskValues(name, 'the initial weights', options.initial, 0, true)))),
  );
  const initialWeights = (m: number): Float64Array => (options.initial ? Float64Array.from(options.initial) : filled(m, 1));

  const start = (m: number): GradBlendingState => ({
    m,
    weights: null,
    epochs: 0,
    steps: 0,
    window: fixedWindow,
    rawTrain: Array.from({ length: m }, () => []),
    rawValid: Array.from({ length: m }, () => []),
    histories: Array.from({ length: m }, () => ({ train: [], valid: [], trainRef: null, validRef: null })),
    gain: null,
    overfitting: null,
  });

  /** B_v: the validation window of the line fits ('epoch'); MixNet fits both series over B. */
  const fitWindowValid = (s: GradBlendingState): number => (schedule === 'epoch' ? (options.validationWindow ?? s.window) : s.window);

  /** Appends one smoothed point per task, then (if asked) re-estimates and re-normalises. */
  const advance = (s: GradBlendingState, train: ArrayLike<number>, validation: ArrayLike<number>, recompute: boolean): GradBlendingState => {
    const keep = s.window + 1;
    const keepValid = fitWindowValid(s) + 1;
    const appended = s.histories.map((h, i) => ({ ...h, train: [...h.train, train[i]!].slice(-keep), valid: [...h.valid, validation[i]!].slice(-keepValid) }));
    if (!recompute) return { ...s, histories: appended };
    const estimates = appended.map((h) => estimate(estimator, h, s.window, fitWindowValid(s)));
    const raw = estimates.map((e) => e.weight);
    const total = sumOf(raw);
    const weights = total > 0 && Number.isFinite(total) ? Float64Array.from(raw, (w) => Math.max((w / total) * s.m, FLOOR)) : s.weights;
    return {
      ...s,
      histories: estimates.map((e) => e.history),
      weights,
      gain: Float64Array.from(estimates, (e) => e.gain),
      overfitting: Float64Array.from(estimates, (e) => e.overfitting),
    };
  };

  const smoothed = (raw: readonly (readonly number[])[], points: Float64Array, size: number) => {
    const next = raw.map((r, i) => [...r, points[i]!].slice(-size));
    return { raw: next, means: Float64Array.from(next, (r) => r.reduce((a, b) => a + b / r.length, 0)) };
  };

  return lossWeighting<GradBlendingState>({
    name,
    initial: start(0),
    needs: schedule === 'step' ? { validationBatch: true } : { validationEpoch: true },
    claims: { nonNegative: true, sum: 'tasks', permutationInvariant: true },
    weights: (state, input) =>
      pipe(
        valid,
        E.chain(() => stepLosses(name, input, state.m || (options.initial?.length ?? 0), false)),
        E.chain((l) => {
          const s = state.m === 0 ? start(l.length) : state;
          const used = s.weights ?? initialWeights(s.m);
          if (schedule === 'epoch') return E.right([Float64Array.from(used), { ...s, steps: s.steps + 1 }] as const);
          return pipe(
            taskValues(name, 'the validation-batch losses (input.validation)', input.validation, s.m, false),
            E.map((v) => {
              const t = smoothed(s.rawTrain, l, Math.floor(overlap * s.window));
              const u = smoothed(s.rawValid, v, Math.floor(overlap * (options.validationWindow ?? s.window)));
              const next = advance({ ...s, rawTrain: t.raw, rawValid: u.raw }, t.means, u.means, s.epochs >= warmup);
              return [Float64Array.from(used), { ...next, steps: s.steps + 1 }] as const;
            }),
          );
        }),
      ),
    endEpoch: (state, epoch) =>
      pipe(
        valid,
        E.chain(() => taskValues(name, 'the epoch training losses', epoch.train, state.m || (options.initial?.length ?? 0), false)),
        E.chain((train): E.Either<MtlError, GradBlendingState> => {
          const s = state.m === 0 ? start(train.length) : state;
          if (schedule === 'step') return E.right({ ...s, epochs: s.epochs + 1, steps: 0 });
          if (epoch.validation === null) return E.left(invalidArgument(`${name}: the 'epoch' schedule needs the epoch's validation losses; the run has no validation data.`));
          return pipe(
            taskValues(name, 'the epoch validation losses', epoch.validation, s.m, false),
            E.map((v) => {
              const window = s.window > 0 ? s.window : Math.max(s.steps, 1);
              const epochs = s.epochs + 1;
              return { ...advance({ ...s, window }, train, v, epochs > warmup), epochs, steps: 0 };
            }),
          );
        }),
      ),
  });
};
