import { invalidArgument, nonFinite, shapeMismatch, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';

/**
 * Statistics of each task's gradient with respect to one chosen shared parameter tensor W (the
 * "shared layer" of GradNorm and AlphaGrad: typically the weight of the last shared layer). They
 * are of the UNWEIGHTED task losses: norms[i] = ‖∇_W L_i‖_F, means[i] = mean of the entries of
 * ∇_W L_i. A weighting scales them by its own weights where its method asks for ∇_W (w_i L_i).
 */
export interface GradientStats {
  readonly norms: Float64Array;
  readonly means: Float64Array;
}

/** What a training step feeds a weighting before its backward pass. */
export interface StepInput {
  /** L_i of the batch, unweighted, in task order. */
  readonly losses: Float64Array;
  /** Required when `needs.gradients` (GradNorm, AlphaGrad, AdaMT, DB-MTL). */
  readonly gradients?: GradientStats;
  /**
   * Required when `needs.validationBatch` (gradient blending, per-step schedule): the task losses,
   * unweighted, on one validation batch paired with this step, at the same parameters.
   */
  readonly validation?: Float64Array;
}

/** What the loop feeds a weighting at the end of every epoch. */
export interface EpochInput {
  /** Mean training loss of each task over the epoch's steps (unweighted). */
  readonly train: ArrayLike<number>;
  /** Mean validation loss of each task, or null when the run has no validation data. */
  readonly validation: ArrayLike<number> | null;
}

/** Which inputs a weighting needs beyond the batch's losses, so a step computes only those. */
export interface WeightingNeeds {
  /** `StepInput.gradients` on every step. */
  readonly gradients: boolean;
  /** `StepInput.validation` on every step (one validation batch per training step). */
  readonly validationBatch: boolean;
  /** `EpochInput.validation` at every epoch end. */
  readonly validationEpoch: boolean;
  /** `afterStep` with the same batch's losses at the updated parameters (one extra forward pass; FAMO). */
  readonly lossesAfterStep: boolean;
}

/** What a weighting promises about its weights; the shared property tests check exactly this. */
export interface WeightingClaims {
  /** Every weight ≥ 0. */
  readonly nonNegative: boolean;
  /** The weights sum to the number of tasks T ('tasks'), to 1 ('one'), or to nothing in particular (null). */
  readonly sum: 'tasks' | 'one' | null;
  /** Permuting the tasks in every input permutes the weights in the same way. */
  readonly permutationInvariant: boolean;
}

/**
 * A loss-level weighting as a pure state machine: the step calls `weights` with the batch's losses
 * (and what `needs` asks for) and back-propagates Σᵢ wᵢ Lᵢ with the returned weights held
 * constant; methods with learnable parameters (uncertainty, IMTL-L, GradNorm, AlphaGrad, FAMO)
 * keep them and their optimiser in the state and update them in the same call (or in `afterStep`).
 * The loop calls `endEpoch` after every epoch. Nothing is mutated: the state is plain data
 * (numbers, arrays, Float64Array, a `Key`), so a run can be replayed and checkpointed as JSON.
 * A weighting with per-task state (or fixed per-task options) takes the number of tasks from the
 * first input and answers later inputs of another length with a Left; equal, gls, scaleInvariant,
 * rlw and pbi (default vectors) weigh each input on its own, whatever its length.
 */
export interface LossWeighting<S> {
  readonly name: string;
  readonly initial: S;
  readonly needs: WeightingNeeds;
  readonly claims: WeightingClaims;
  /** The weights for this step's loss Σᵢ wᵢ Lᵢ, and the next state. */
  readonly weights: (state: S, input: StepInput) => E.Either<MtlError, readonly [Float64Array, S]>;
  /** After the optimiser update, the same batch's losses at the new parameters (used only when `needs.lossesAfterStep`). */
  readonly afterStep: (state: S, losses: Float64Array) => E.Either<MtlError, S>;
  /** At the end of every epoch. */
  readonly endEpoch: (state: S, epoch: EpochInput) => E.Either<MtlError, S>;
}

export const NEEDS_LOSSES_ONLY: WeightingNeeds = { gradients: false, validationBatch: false, validationEpoch: false, lossesAfterStep: false };

/** Builds a weighting; `afterStep` and `endEpoch` default to leaving the state as it is. */
export const lossWeighting = <S>(w: {
  readonly name: string;
  readonly initial: S;
  readonly needs?: Partial<WeightingNeeds>;
  readonly claims: WeightingClaims;
  readonly weights: LossWeighting<S>['weights'];
  readonly afterStep?: LossWeighting<S>['afterStep'];
  readonly endEpoch?: LossWeighting<S>['endEpoch'];
}): LossWeighting<S> => ({
  name: w.name,
  initial: w.initial,
  needs: { ...NEEDS_LOSSES_ONLY, ...w.needs },
  claims: w.claims,
  weights: w.weights,
  afterStep: w.afterStep ?? ((s) => E.right(s)),
  endEpoch: w.endEpoch ?? ((s) => E.right(s)),
});

const describe = (v: number): string => (Number.isNaN(v) ? 'NaN' : String(v));

/**
 * Checks a vector of per-task values: `m` entries (m = 0: any length ≥ 1 fixes the number of
 * tasks), finite, and non-negative when asked. Returns it as a Float64Array.
 */
export const taskValues = (
  name: string,
  what: string,
  values: ArrayLike<number> | undefined,
  m: number,
  nonNegative: boolean,
): E.Either<MtlError, Float64Array> => {
  if (values === undefined) return E.left(invalidArgument(`${name}: the step did not provide ${what}.`));
  if (values.length === 0) return E.left(shapeMismatch(`${name}: ${what} are empty; there must be one value per task.`));
  if (m > 0 && values.length !== m) return E.left(shapeMismatch(`${name}: ${what} have ${values.length} values for ${m} tasks.`));
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) return E.left(nonFinite(`${name}: ${what} of task ${i} is ${describe(v)}; it must be finite.`));
    if (nonNegative && v < 0) return E.left(invalidArgument(`${name}: ${what} of task ${i} is ${v}; this method needs values ≥ 0.`));
  }
  return E.right(Float64Array.from(values));
};

/** The batch's losses of a step input (see `taskValues`). */
export const stepLosses = (name: string, input: StepInput, m: number, nonNegative: boolean): E.Either<MtlError, Float64Array> =>
  taskValues(name, 'the losses', input.losses, m, nonNegative);

/** The gradient statistics of a step input, checked (norms ≥ 0, finite, one per task). */
export const stepGradients = (name: string, input: StepInput, m: number): E.Either<MtlError, GradientStats> => {
  if (input.gradients === undefined) {
    return E.left(invalidArgument(`${name}: this weighting needs the per-task gradient statistics of a shared layer (input.gradients); the step did not provide them.`));
  }
  const norms = taskValues(name, 'the gradient norms', input.gradients.norms, m, true);
  if (E.isLeft(norms)) return norms;
  const means = taskValues(name, 'the gradient means', input.gradients.means, m, false);
  if (E.isLeft(means)) return means;
  return E.right({ norms: norms.right, means: means.right });
};

/** Left unless every weight is finite (a weighting never hands out a NaN). */
export const finiteWeights = (name: string, w: Float64Array): E.Either<MtlError, Float64Array> => {
  const bad = w.findIndex((v) => !Number.isFinite(v));
  return bad < 0
    ? E.right(w)
    : E.left(nonFinite(`${name}: the weight of task ${bad} came out ${describe(w[bad]!)}; the inputs are beyond what float64 can weigh (losses or gradients near 1e308).`));
};

/** Left with an InvalidArgument when an option is out of its domain. */
export const optionError = (name: string, ok: boolean, message: string): E.Either<MtlError, null> => (ok ? E.right(null) : E.left(invalidArgument(`${name}: ${message}`)));

/** A vector of m copies of v. */
export const filled = (m: number, v: number): Float64Array => new Float64Array(m).fill(v);

/** softmax(x / t), computed with the max subtracted (finite for any finite x). */
export const softmax = (x: ArrayLike<number>, t = 1): Float64Array => {
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) max = Math.max(max, x[i]! / t);
  const e = Float64Array.from({ length: x.length }, (_, i) => Math.exp(x[i]! / t - max));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};

export const sumOf = (x: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s;
};

export const maxOf = (x: ArrayLike<number>): number => {
  let s = -Infinity;
  for (let i = 0; i < x.length; i++) s = Math.max(s, x[i]!);
  return s;
};
