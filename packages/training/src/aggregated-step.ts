import { gramian, Key, tf, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { initialAggregatorState, runAggregator, type AggregatorSource } from './aggregator-source.js';
import type { Batch } from './objective.js';
import { unflatten } from './params.js';
import { disposeRepresentationGradients, representationJacobian } from './representation-jacobian.js';
import { disposeTaskGradients, taskJacobian } from './task-jacobian.js';
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
      if (options.mode === 'representation') {
        const rg = representationJacobian(setup)(state.params, batch);
        if (E.isLeft(rg)) return rg;
        const g = rg.right;
        const G = gramian(g.jacobian);
        const agg = runAggregator(aggregator, key, state.extra, g.jacobian);
        if (E.isLeft(agg)) {
          disposeRepresentationGradients(g);
          return agg;
        }
        const [{ direction, weights }, extra] = agg.right;
        const shared = g.backward(direction);
        const next = applyGradients(setup, state, shared, g.heads, extra);
        tf.dispose([direction, ...shared]);
        disposeRepresentationGradients(g);
        return E.right([next, { losses: g.losses, weights, gramian: G }] as const);
      }
      const tg = taskJacobian(setup)(state.params, batch);
      if (E.isLeft(tg)) return tg;
      const g = tg.right;
      const G = gramian(g.jacobian);
      const agg = runAggregator(aggregator, key, state.extra, g.jacobian);
      if (E.isLeft(agg)) {
        disposeTaskGradients(g);
        return agg;
      }
      const [{ direction, weights }, extra] = agg.right;
      const shared = unflatten(direction, shapesOf(state.params.shared));
      const next = applyGradients(setup, state, shared, g.heads, extra);
      tf.dispose([direction, ...shared]);
      disposeTaskGradients(g);
      return E.right([next, { losses: g.losses, weights, gramian: G }] as const);
    });
