import { gramian, Key, tf, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { initialAggregatorState, runAggregator, type AggregatorSource } from './aggregator-source.js';
import type { Batch } from './objective.js';
import { unflatten, type Params } from './params.js';
import { disposeRepresentationGradients, representationJacobian, type RepresentationGradients } from './representation-jacobian.js';
import { disposeTaskGradients, taskJacobian, type TaskGradients } from './task-jacobian.js';
import { applyGradients, makeStep, type Setup, type Step, type StepReport, type TrainState } from './train-state.js';

export interface AggregatedStepOptions {
  /**
   * 'parameters' (default): the Jacobian over the shared parameters (one forward pass, m backward sweeps).
   * 'representation': over the shared features, MGDA-UB (Sener & Koltun 2018, §3.3): m backward
   * passes through the heads only, one through the encoder.
   */
  readonly mode?: 'parameters' | 'representation';
}

const shapesOf = (ts: readonly tf.Tensor[]) => ts.map((t) => t.shape);

/** The task Jacobian of a mode, how an aggregated direction becomes the shared parameters' gradient, and the clean-up. */
interface SharedJacobian {
  readonly gradients: TaskGradients;
  readonly toShared: (direction: tf.Tensor1D) => tf.Tensor[];
  readonly dispose: () => void;
}

/**
 * 'parameters': J over the shared parameters, the direction reshaped as them; 'representation': J over
 * the shared features, the direction back-propagated through the encoder.
 */
const sharedJacobian =
  (setup: Setup, mode: NonNullable<AggregatedStepOptions['mode']>) =>
  (params: Params, batch: Batch): E.Either<MtlError, SharedJacobian> =>
    mode === 'representation'
      ? E.map((g: RepresentationGradients) => ({ gradients: g, toShared: g.backward, dispose: () => disposeRepresentationGradients(g) }))(representationJacobian(setup)(params, batch))
      : E.map((g: TaskGradients) => ({ gradients: g, toShared: (d: tf.Tensor1D) => unflatten(d, shapesOf(params.shared)), dispose: () => disposeTaskGradients(g) }))(taskJacobian(setup)(params, batch));

/**
 * The Jacobian-descent step (DESIGN.md): task Jacobian → aggregator → one update of the shared
 * parameters along the aggregated direction; each head follows its own task's gradient. Swap the
 * method by swapping the aggregator: `aggregatedStep(mgda())`, `aggregatedStep(keyed((key) => pcgrad({ key })))`.
 */
export const aggregatedStep =
  <S>(aggregator: AggregatorSource<S>, options: AggregatedStepOptions = {}) =>
  (setup: Setup): Step<S | null> =>
    makeStep(setup, initialAggregatorState(aggregator), (state: TrainState<S | null>, batch: Batch): E.Either<MtlError, readonly [TrainState<S | null>, StepReport]> => {
      const key = Key.foldIn(state.key, state.step);
      const jg = sharedJacobian(setup, options.mode ?? 'parameters')(state.params, batch);
      if (E.isLeft(jg)) return jg;
      const { gradients: g, toShared, dispose } = jg.right;
      const G = gramian(g.jacobian);
      const agg = runAggregator(aggregator, key, state.extra, g.jacobian);
      if (E.isLeft(agg)) {
        dispose();
        return agg;
      }
      const [{ direction, weights }, extra] = agg.right;
      const shared = toShared(direction);
      const next = applyGradients(setup, state, shared, g.heads, extra);
      tf.dispose([direction, ...shared]);
      dispose();
      return E.right([next, { losses: g.losses, weights, gramian: G }] as const);
    });
