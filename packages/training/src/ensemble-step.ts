import { invalidArgument, tf, type Gramian, type MtlError } from '@mtlkit/core';
import { mooSvgdDirection, mtSgdDirection, type MooSvgdOptions, type MtSgdOptions } from '@mtlkit/svgd';
import * as E from 'fp-ts/lib/Either.js';
import type { EnsembleModel } from './ensemble-model.js';
import type { Batch } from './objective.js';
import { lossGradients } from './loss-gradients.js';
import { checkBatch } from './task-jacobian.js';
import { applyGradients, makeStep, type Setup, type Step, type StepReport, type TrainState } from './train-state.js';

/** What an ensemble step trains: an `ensembleModel`, one loss per task (applied to each member), an optimiser. */
export interface EnsembleSetup extends Setup {
  readonly model: EnsembleModel;
}

/**
 * The K targets of an ensemble sampler: for task i, the tempered posterior
 *   pᵢ(θ) ∝ exp(−(N/T)·L̄ᵢ(θ)) · N(θ; 0, σ²I),
 * with L̄ᵢ the mini-batch mean loss of task i of a member network θ (stochastic estimate, as in
 * seed 002), whose score is sᵢ(θ) = −(N/T)·∇L̄ᵢ(θ) − θ/σ².
 */
export interface EnsembleTargetOptions {
  /**
   * N, the data-size factor, required: N = the number of training examples targets the posterior
   * of the whole training set (Σₙ ℓₙ ≈ N·L̄ᵢ). N = 1 gives the score the released MT-SGD network
   * code uses (minus the mini-batch mean loss gradient), but with a kernel on the parameters such
   * a broad target lets the repulsion dominate and the members drift apart (they do on the tests'
   * toy problem with MOO-SVGD), so there is no default.
   */
  readonly dataSize: number;
  /** T, a temperature dividing the log-likelihood (default 1). */
  readonly temperature?: number;
  /** σ of an isotropic Gaussian prior N(0, σ²I) on each member's parameters (default: none, a flat prior). */
  readonly priorStd?: number;
}

const positive = (name: string, v: number | undefined): string | null => (v === undefined || (v > 0 && Number.isFinite(v)) ? null : `${name} must be a positive finite number, got ${v}`);

const checkTarget = (who: string, o: EnsembleTargetOptions): E.Either<MtlError, null> => {
  const bad = (o.dataSize === undefined ? 'dataSize is required' : positive('dataSize', o.dataSize)) ?? positive('temperature', o.temperature) ?? positive('priorStd', o.priorStd);
  return bad === null ? E.right(null) : E.left(invalidArgument(`${who}: ${bad}.`));
};

/**
 * Per task i: the mean member loss (1/M) Σₘ L̄ᵢ(θₘ) and the scores Sᵢ (M × d), row m = sᵢ(θₘ). One
 * forward pass of every member (the ensemble's `encode`: each member's encoder once, all its heads),
 * then core's `vjps` back-propagates Σₘ L̄ᵢ(θₘ) once per task through that recorded pass (members
 * are independent, so row m of its gradient with respect to P is ∇L̄ᵢ(θₘ)).
 */
export const ensembleScores = (setup: EnsembleSetup, particles: tf.Tensor2D, batch: Batch, options: EnsembleTargetOptions): E.Either<MtlError, { readonly losses: Float64Array; readonly scores: tf.Tensor2D[] }> => {
  const checked = checkBatch(setup, batch);
  if (E.isLeft(checked)) return checked;
  const { model, losses: taskLosses } = setup;
  const M = model.members;
  const factor = options.dataSize / (options.temperature ?? 1);
  const prior = options.priorStd === undefined ? 0 : 1 / (options.priorStd * options.priorStd);
  const r = lossGradients(
    // Every member's forward pass once (the ensemble's `encode`), task i's outputs summed over members.
    () => model.memberOutputs(particles, batch.x).map((outs, i) => tf.addN(tf.unstack(outs).map((out) => taskLosses[i]!(out, batch.targets[i]!)))),
    model.tasks,
    [particles],
  );
  if (E.isLeft(r)) return r;
  const losses = r.right.losses.map((l) => l / M);
  const grads = r.right.grads.map((g) => g[0] ?? tf.zerosLike(particles));
  const scores = grads.map((grad) =>
    tf.tidy(() => {
      const likelihood = tf.mul(grad, -factor);
      return (prior === 0 ? likelihood : tf.sub(likelihood, tf.mul(particles, prior))) as tf.Tensor2D;
    }),
  );
  tf.dispose(grads);
  return E.right({ losses, scores });
};

type Direction = { readonly direction: tf.Tensor2D; readonly weights: Float64Array | null; readonly gramian: Gramian | null };

/** The shared body of the ensemble steps: scores, a sampler direction φ, one optimiser step along −φ. */
const ensembleStep =
  (who: string, options: EnsembleTargetOptions, direct: (particles: tf.Tensor2D, scores: readonly tf.Tensor2D[]) => E.Either<MtlError, Direction>) =>
  (setup: EnsembleSetup): Step<null> =>
    makeStep(setup, null, (state: TrainState<null>, batch: Batch): E.Either<MtlError, readonly [TrainState<null>, StepReport]> => {
      const ok = checkTarget(who, options);
      if (E.isLeft(ok)) return ok;
      const particles = state.params.shared[0] as tf.Tensor2D;
      const s = ensembleScores(setup, particles, batch, options);
      if (E.isLeft(s)) return s;
      const d = direct(particles, s.right.scores);
      tf.dispose(s.right.scores);
      if (E.isLeft(d)) return d;
      // The optimisers descend: the gradient −φ moves the particles along φ (as the released code's `X.grad = −φ`).
      const descent = tf.neg(d.right.direction);
      const next = applyGradients(setup, state, [descent], state.params.heads, null);
      tf.dispose([descent, d.right.direction]);
      return E.right([next, { losses: s.right.losses, weights: d.right.weights, gramian: d.right.gramian }] as const);
    });

/**
 * An ensemble of M HPS networks trained by MT-SGD (Phan et al., NeurIPS 2022, "Stochastic Multiple
 * Target Sampling Gradient Descent", Algorithm 1; seed 002): the particles are the members' flat
 * parameter vectors (M × d); target i is task i's tempered posterior (`EnsembleTargetOptions`);
 * each step computes the K score matrices on a mini-batch, `mtSgdDirection` of @mtlkit/svgd (the
 * Stein directions φᵢ, U_ij = ⟨φᵢ, φⱼ⟩, one simplex QP, φ = Σᵢ wᵢφᵢ, which decreases every
 * KL(q‖pᵢ)), and one optimiser step along φ. Defaults are those of `mtSgdDirection` (RBF kernel on
 * the parameters with the median heuristic, the paper's matrix U, repulsion 1, exact QP). The
 * released network code differs: kernels on the members' features and outputs, a repulsion of 10,
 * and one warm-up epoch of linear scalarisation (not reproduced). The report carries the mean
 * member losses, the K weights and U. Predict with the averaged probabilities (`ensembleModel`'s
 * outputs); calibration with `ensembleCalibration`.
 */
export const mtSgdEnsembleStep = (options: EnsembleTargetOptions & MtSgdOptions): ((setup: EnsembleSetup) => Step<null>) =>
  ensembleStep('mtSgdEnsembleStep', options, (particles, scores) => mtSgdDirection(particles, scores, options));

/**
 * An ensemble of M HPS networks trained by MOO-SVGD (Liu, Tong & Liu, NeurIPS 2021, "Profiling
 * Pareto front with multi-objective Stein variational gradient descent", Algorithm 1): as
 * `mtSgdEnsembleStep`, with `mooSvgdDirection` of @mtlkit/svgd — each member's own min-norm
 * combination of its task scores (one QP per member), then the SVGD transport with repulsion. The
 * report's weights are the members' mean weights; no Gramian.
 */
export const mooSvgdEnsembleStep = (options: EnsembleTargetOptions & MooSvgdOptions): ((setup: EnsembleSetup) => Step<null>) =>
  ensembleStep('mooSvgdEnsembleStep', options, (particles, scores) =>
    E.map((r: { direction: tf.Tensor2D; weights: readonly Float64Array[] }) => ({
      direction: r.direction,
      weights: Float64Array.from(r.weights[0]!, (_, i) => r.weights.reduce((a, w) => a + w[i]! / r.weights.length, 0)),
      gramian: null,
    }))(mooSvgdDirection(particles, scores, options)),
  );
