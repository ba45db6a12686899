import { invalidArgument, tf, type MtlError } from '@mtlkit/core';
import { gradientStats, type GradientStats, type LossWeighting, type StepInput } from '@mtlkit/losses';
import * as E from 'fp-ts/lib/Either.js';
import type { Batch, Objective } from './objective.js';
import { allTensors, disposeParams, fromAllTensors, type Params } from './params.js';
import { disposeOptimizerState } from './optimizer.js';
import { taskLossGradients } from './task-jacobian.js';
import { taskLosses } from './task-losses.js';
import { applyGradients, makeStep, type EpochSummary, type Setup, type Step, type StepReport, type TrainState } from './train-state.js';

export interface WeightedLossOptions {
  /**
   * Index in `params.shared` of the shared tensor W whose per-task gradients ∇_W Lᵢ feed the
   * weightings with `needs.gradients` (GradNorm, AlphaGrad, AdaMT, DB-MTL). Default: the last
   * shared tensor of rank ≥ 2, i.e. the weight of the last shared layer (GradNorm, Chen et al.
   * 2018, §3: "the last shared layer"; LibMTL's `get_share_params`; the AlphaGrad code's
   * `get_shared_layer()`).
   */
  readonly sharedParameter?: number;
}

/** The default W: the last shared tensor of rank ≥ 2 (a layer's weight, not its bias), else the last shared tensor; -1 if there is none. */
export const lastSharedWeight = (shared: readonly tf.Tensor[]): number => {
  for (let k = shared.length - 1; k >= 0; k--) if (shared[k]!.rank >= 2) return k;
  return shared.length - 1;
};

const resolveShared = (name: string, shared: readonly tf.Tensor[], chosen: number | undefined): E.Either<MtlError, number> => {
  const k = chosen ?? lastSharedWeight(shared);
  return Number.isInteger(k) && k >= 0 && k < shared.length
    ? E.right(k)
    : E.left(invalidArgument(`weightedLossStep(${name}): the shared parameter for the gradient statistics must be an index in 0..${shared.length - 1} of the model's ${shared.length} shared tensors, got ${chosen ?? 'none (the model has no shared parameters)'}.`));
};

/**
 * Lᵢ and the statistics of ∇_W Lᵢ (unweighted) for one shared tensor W: one forward pass, then one
 * backward sweep per task that goes only as far back as W (`taskLossGradients`).
 */
const lossesAndGradientStats = (objective: Objective, params: Params, batch: Batch, k: number): E.Either<MtlError, { readonly losses: Float64Array; readonly gradients: GradientStats }> => {
  const w = params.shared[k]!;
  const r = taskLossGradients(objective, params, batch, [w]);
  if (E.isLeft(r)) return r;
  const { losses, grads } = r.right;
  const perTask = grads.map((g) => g[0] ?? tf.zerosLike(w));
  const stats = gradientStats(perTask);
  tf.dispose(perTask);
  return E.map((gradients: GradientStats) => ({ losses, gradients }))(stats);
};

/** The gradient of Σᵢ wᵢ Lᵢ (weights held constant) for every parameter, the encoder run once. */
const weightedGradients = (objective: Objective, params: Params, batch: Batch, w: Float64Array): Params => {
  const grads = tf.tidy(() =>
    tf.grads((...ps: tf.Tensor[]) => {
      const p = fromAllTensors(params, ps);
      const z = objective.model.encode(p.shared, batch.x);
      return tf.addN(p.heads.map((h, i) => tf.mul(objective.losses[i]!(objective.model.head(i, h, z), batch.targets[i]!), w[i]!))) as tf.Scalar;
    })(allTensors(params)),
  );
  return fromAllTensors(params, grads);
};

/**
 * Loss-level weighting: the step back-propagates Σᵢ wᵢ Lᵢ with the weights w of a `LossWeighting`
 * of @mtlkit/losses (DWA, uncertainty, GradNorm, FAMO, gradient blending, AlphaGrad, AdaMT...),
 * driving it through the protocol its README states, per training batch:
 * 1. the task losses Lᵢ (unweighted);
 * 2. if `needs.gradients`: `gradientStats` of each task's unweighted gradient ∇_W Lᵢ with respect
 *    to one shared tensor W (`options.sharedParameter`, default the last shared layer's weight);
 * 3. if `needs.validationBatch`: the task losses of the validation batch paired with this step
 *    (`batch.validation`, attached by `train` from `data.validationBatches` or `data.validation`);
 * 4. `weights(state, input)`, then one optimiser update along ∇ Σᵢ wᵢ Lᵢ (w constant);
 * 5. if `needs.lossesAfterStep` (FAMO): the same batch's losses at the updated parameters, to
 *    `afterStep`;
 * and at every epoch end (`Step.endEpoch`, called by `train`) `endEpoch` with the epoch-mean
 * training losses and the validation losses (`EpochSummary`). The weighting's state is the step's
 * `extra`: plain data, saved and restored by checkpoints. Cost: one forward pass for the losses
 * (and m backward sweeps to W when gradients are needed), one forward-backward pass of the
 * weighted loss, one more forward pass per paired validation batch or after-step evaluation.
 */
export const weightedLossStep =
  <S>(weighting: LossWeighting<S>, options: WeightedLossOptions = {}) =>
  (setup: Setup): Step<S> => {
    const { needs, name } = weighting;
    const run = (state: TrainState<S>, batch: Batch): E.Either<MtlError, readonly [TrainState<S>, StepReport]> => {
      const { params } = state;
      if (needs.validationBatch && batch.validation === undefined) {
        return E.left(
          invalidArgument(
            `weightedLossStep(${name}): this weighting needs a validation batch paired with every training step (batch.validation); train() attaches one from data.validationBatches or data.validation.`,
          ),
        );
      }
      const measured: E.Either<MtlError, { readonly losses: Float64Array; readonly gradients?: GradientStats }> = needs.gradients
        ? E.chain((k: number) => lossesAndGradientStats(setup, params, batch, k))(resolveShared(name, params.shared, options.sharedParameter))
        : E.map((losses: Float64Array) => ({ losses }))(taskLosses(setup)(params, batch));
      if (E.isLeft(measured)) return measured;
      let input: StepInput = measured.right;
      if (needs.validationBatch && batch.validation !== undefined) {
        const v = taskLosses(setup)(params, batch.validation);
        if (E.isLeft(v)) return E.left({ ...v.left, message: `the paired validation batch: ${v.left.message}` });
        input = { ...input, validation: v.right };
      }
      const weighted = weighting.weights(state.extra, input);
      if (E.isLeft(weighted)) return weighted;
      const [w, afterWeights] = weighted.right;
      const grads = weightedGradients(setup, params, batch, w);
      const next = applyGradients(setup, state, grads.shared, grads.heads, afterWeights);
      disposeParams(grads);
      const report: StepReport = { losses: input.losses, weights: w, gramian: null };
      if (!needs.lossesAfterStep) return E.right([next, report] as const);
      const after = E.chain((l: Float64Array) => weighting.afterStep(afterWeights, l))(taskLosses(setup)(next.params, batch));
      if (E.isLeft(after)) {
        disposeParams(next.params);
        disposeOptimizerState(next.optimizer);
        return after;
      }
      return E.right([{ ...next, extra: after.right }, report] as const);
    };
    const endEpoch = (state: TrainState<S>, summary: EpochSummary): E.Either<MtlError, TrainState<S>> =>
      E.map((extra: S) => ({ ...state, extra }))(
        weighting.endEpoch(state.extra, {
          train: summary.train,
          validation: summary.validation === null ? null : summary.validation.map((v) => v['loss'] ?? Number.NaN),
        }),
      );
    return makeStep(setup, weighting.initial, run, endEpoch, { validationBatch: needs.validationBatch, validationEpoch: needs.validationEpoch });
  };
