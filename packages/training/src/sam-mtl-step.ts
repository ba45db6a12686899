import { gramian, Key, parseJacobian, tf, type Aggregation, type MtlError, type TaskJacobian } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { initialAggregatorState, runAggregator, type AggregatorSource } from './aggregator-source.js';
import type { Batch } from './objective.js';
import { taskLoss } from './objective.js';
import { flatten, unflatten } from './params.js';
import { disposeTaskGradients, taskJacobian } from './task-jacobian.js';
import { applyGradients, makeStep, type Setup, type Step, type StepReport, type TrainState } from './train-state.js';

export interface SamMtlOptions<S> {
  /** ρ_sh: radius of the shared parameters' perturbation. */
  readonly rhoShared: number;
  /** ρ_ns: radius of each task head's perturbation. */
  readonly rhoTask: number;
  /** Aggregator of the loss and flatness components (of the raw perturbed gradients if `decompose` is false). */
  readonly aggregator: AggregatorSource<S>;
  /**
   * ASAM's adaptive perturbation (Kwon et al. 2021): ε = ρ·w²⊙g / ‖|w|⊙g‖ instead of SAM's
   * ε = ρ·g/‖g‖. Default true, the authors' setting for every experiment.
   */
  readonly adaptive?: boolean;
  /**
   * true (default): aggregate the loss components gⁱ and the flatness components gⁱ_SAM − gⁱ
   * separately and sum (the paper's method). false: aggregate the perturbed gradients gⁱ_SAM
   * directly (the "direct" ablation the paper reports as much worse, Fig. 2).
   */
  readonly decompose?: boolean;
}

export interface SamMtlState<S> {
  readonly loss: S | null;
  readonly flat: S | null;
}

/** ε = ρ·a/(‖b‖ + 1e-12) with a = w²⊙g, b = |w|⊙g (adaptive) or a = b = g, over a list of tensors jointly. */
const perturbation = (weights: readonly tf.Tensor[], grads: readonly tf.Tensor[], rho: number, adaptive: boolean): tf.Tensor[] =>
  tf.tidy(() => {
    if (grads.length === 0) return [];
    const b = grads.map((g, i) => (adaptive ? tf.mul(tf.abs(weights[i]!), g) : g));
    const norm = tf.sqrt(tf.addN(b.map((t) => tf.sum(tf.square(t)))));
    const scale = tf.div(tf.scalar(rho), tf.add(norm, 1e-12));
    return grads.map((g, i) => tf.mul(adaptive ? tf.mul(tf.square(weights[i]!), g) : g, scale));
  });

const aggregate = <S>(source: AggregatorSource<S>, key: Key, state: S | null, J: tf.Tensor2D): E.Either<MtlError, readonly [Aggregation, S | null]> =>
  E.chain((jac: TaskJacobian) => runAggregator(source, key, state, jac))(parseJacobian(J));

/**
 * Flat-region multi-task learning (seed 003: Phan et al., "Beyond Losses Reweighting: Empowering
 * Multi-Task Learning via the Generalization Perspective", ICCV 2025; Theorem 5). For each task i:
 * the gradient gⁱ at θ, the worst-case perturbations ε_sh = ρ_sh·ĝⁱ_sh and ε_i = ρ_ns·ĝⁱ_i of the
 * shared and head-i parameters, and the gradient gⁱ_SAM at the perturbed point (the gⁱ from one
 * forward pass and a backward sweep per task, `taskJacobian`; each gⁱ_SAM from a forward-backward
 * pass at task i's own perturbed point, which no two tasks share). The shared update is Agg(gⁱ) + Agg(gⁱ_SAM − gⁱ) — the loss and flatness
 * components aggregated separately — and head i follows its own perturbed gradient, as in the
 * authors' code (FS-MTL). With ρ = 0 the flatness component is exactly zero and the step reduces to
 * `aggregatedStep(aggregator)`.
 */
export const samMtlStep =
  <S>(options: SamMtlOptions<S>) =>
  (setup: Setup): Step<SamMtlState<S>> => {
    const adaptive = options.adaptive ?? true;
    const decompose = options.decompose ?? true;
    const initial = initialAggregatorState(options.aggregator);
    return makeStep(setup, { loss: initial, flat: initial }, (state: TrainState<SamMtlState<S>>, batch: Batch): E.Either<MtlError, readonly [TrainState<SamMtlState<S>>, StepReport]> => {
      const tg = taskJacobian(setup)(state.params, batch);
      if (E.isLeft(tg)) return tg;
      const g = tg.right;
      const { shared, heads } = state.params;
      const s = shared.length;
      const shapes = shared.map((t) => t.shape);
      const rows = tf.unstack(g.jacobian);
      const perturbed = heads.map((head, i) =>
        tf.tidy(() => {
          const gShared = unflatten(rows[i] as tf.Tensor1D, shapes);
          const eShared = perturbation(shared, gShared, options.rhoShared, adaptive);
          const eHead = perturbation(head, g.heads[i]!, options.rhoTask, adaptive);
          const at = [...shared.map((w, k) => tf.add(w, eShared[k]!)), ...head.map((w, k) => tf.add(w, eHead[k]!))];
          const grads = tf.grads((...ps: tf.Tensor[]) => taskLoss(setup, i, ps.slice(0, s), ps.slice(s), batch))(at);
          return { row: flatten(grads.slice(0, s)), head: grads.slice(s) };
        }),
      );
      tf.dispose(rows);
      const samJ = tf.tidy(() => tf.stack(perturbed.map((p) => p.row)) as tf.Tensor2D);
      const headGrads = perturbed.map((p) => p.head);
      tf.dispose(perturbed.map((p) => p.row));
      const key = Key.foldIn(state.key, state.step);
      const [kLoss, kFlat] = Key.split(key, 2) as [Key, Key];
      const cleanup = (extra: tf.Tensor[]) => {
        tf.dispose([samJ, ...headGrads.flat(), ...extra]);
        disposeTaskGradients(g);
      };
      let direction: tf.Tensor1D;
      let weights: Float64Array | null;
      let extra: SamMtlState<S>;
      if (decompose) {
        const flatJ = tf.sub(samJ, g.jacobian) as tf.Tensor2D;
        const lossAgg = runAggregator(options.aggregator, kLoss, state.extra.loss, g.jacobian);
        const flatAgg = aggregate(options.aggregator, kFlat, state.extra.flat, flatJ);
        flatJ.dispose();
        if (E.isLeft(lossAgg) || E.isLeft(flatAgg)) {
          cleanup([...(E.isRight(lossAgg) ? [lossAgg.right[0].direction] : []), ...(E.isRight(flatAgg) ? [flatAgg.right[0].direction] : [])]);
          return E.isLeft(lossAgg) ? lossAgg : (flatAgg as E.Left<MtlError>);
        }
        direction = tf.add(lossAgg.right[0].direction, flatAgg.right[0].direction) as tf.Tensor1D;
        tf.dispose([lossAgg.right[0].direction, flatAgg.right[0].direction]);
        weights = lossAgg.right[0].weights;
        extra = { loss: lossAgg.right[1], flat: flatAgg.right[1] };
      } else {
        const direct = aggregate(options.aggregator, kLoss, state.extra.loss, samJ);
        if (E.isLeft(direct)) {
          cleanup([]);
          return direct;
        }
        direction = direct.right[0].direction;
        weights = direct.right[0].weights;
        extra = { loss: direct.right[1], flat: state.extra.flat };
      }
      const G = gramian(g.jacobian);
      const sharedGrads = unflatten(direction, shapes);
      const next = applyGradients(setup, state, sharedGrads, headGrads, extra);
      const losses = g.losses;
      cleanup([direction, ...sharedGrads]);
      return E.right([next, { losses, weights, gramian: G }] as const);
    });
  };
