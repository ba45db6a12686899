import { invalidArgument, nonFinite, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { dot, readVectors, type VectorLike } from './vectors.js';

/** Training and validation loss at one checkpoint. */
export interface LossCheckpoint {
  readonly train: number;
  readonly validation: number;
}

/**
 * The overfitting-to-generalisation ratio between two checkpoints (seed 000, MixNet
 * supplementary, eq. 1; Wang, Tran & Feiszli 2020): with the validation loss as the estimate of
 * the true loss L◇ and O(n) = L_train(n) − L◇(n),
 *   OGR = |ΔO / ΔG| = |(O(n) − O(n₀)) / (L◇(n) − L◇(n₀))|.
 * ≥ 0. Left when the validation loss did not change (ΔG = 0: the ratio is undefined) or a loss is
 * not finite.
 */
export const ogr = (before: LossCheckpoint, after: LossCheckpoint): E.Either<MtlError, number> => {
  for (const [name, v] of [['before.train', before.train], ['before.validation', before.validation], ['after.train', after.train], ['after.validation', after.validation]] as const) {
    if (!Number.isFinite(v)) return E.left(nonFinite(`loss ${name} is ${v}; losses must be finite.`));
  }
  const deltaG = after.validation - before.validation;
  if (deltaG === 0) return E.left(invalidArgument('OGR is undefined: the validation loss did not change between the checkpoints (ΔG = 0).'));
  const deltaO = after.train - after.validation - (before.train - before.validation);
  return E.right(Math.abs(deltaO / deltaG));
};

/** OGR² of one update direction and its two first-order parts. */
export interface OgrSquared {
  readonly ogrSquared: number;
  /** ΔO ≈ ⟨∇L_train − ∇L◇, ĝ⟩. */
  readonly deltaO: number;
  /** ΔG ≈ ⟨∇L◇, ĝ⟩. */
  readonly deltaG: number;
}

/**
 * The infinitesimal overfitting-to-generalisation ratio of one update direction ĝ (seed 000,
 * eq. 2; Wang, Tran & Feiszli 2020, eq. 4): to first order in the step, ΔO ≈ ⟨∇L_train − ∇L◇, ĝ⟩
 * and ΔG ≈ ⟨∇L◇, ĝ⟩, so
 *   OGR² = (⟨∇L_train − ∇L◇, ĝ⟩ / ⟨∇L◇, ĝ⟩)².
 * (The seed prints eq. 2 without the square; its name OGR² and eq. 3 square it, as Wang et al.
 * do.) `trainGradient` and `validationGradient` are the gradients of the training and validation
 * losses (∇L◇ estimated on held-out data), `step` the direction ĝ; each is numbers, a tensor, or a
 * list of tensors (flattened in order), of one common length. Scale and sign of ĝ cancel.
 * Left when ⟨∇L◇, ĝ⟩ = 0.
 */
export const ogrSquared = (trainGradient: VectorLike, validationGradient: VectorLike, step: VectorLike): E.Either<MtlError, OgrSquared> => {
  const vs = readVectors([
    [trainGradient, 'trainGradient'],
    [validationGradient, 'validationGradient'],
    [step, 'step'],
  ]);
  if (E.isLeft(vs)) return vs;
  const [gT, gV, g] = vs.right as [Float64Array, Float64Array, Float64Array];
  const deltaG = dot(gV, g);
  const deltaO = dot(gT, g) - deltaG;
  if (deltaG === 0) return E.left(invalidArgument('OGR² is undefined: the step is orthogonal to the validation gradient (⟨∇L◇, ĝ⟩ = 0).'));
  return E.right({ ogrSquared: (deltaO / deltaG) ** 2, deltaO, deltaG });
};
