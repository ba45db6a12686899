import { emptyInput, invalidArgument, nonFinite, shapeMismatch, type MtlError, type tf } from '@mtlkit/core';
import * as A from 'fp-ts/lib/ReadonlyArray.js';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { Bound } from './bound.js';
import { flatRegionBounds, type ParameterBlock } from './flat-region-bounds.js';
import { multiTaskBounds, type ConfidenceSplit } from './multi-task-bounds.js';
import type { Radius, RadiusMethod } from './perturbation-sigma.js';
import { within } from './validate.js';

/**
 * A hard-parameter-sharing model's parameters: the shared encoder's tensors and one list per task
 * head — the shape of `@mtlkit/training`'s `Params` (tensors or variables).
 */
export interface ModelParameters {
  readonly shared: readonly tf.Tensor[];
  readonly heads: readonly (readonly tf.Tensor[])[];
}

/** A fixed perturbation σ (Theorem 3), or radii ρ_sh, ρ_ns from which σ follows (Theorem 4). */
export type Perturbation = { readonly sigma: number } | { readonly rho: Radius; readonly radius?: RadiusMethod };

export interface ModelTaskBoundsOptions {
  /** N: the number of training samples. */
  readonly n: number;
  readonly delta: number;
  /** L: the loss takes values in [0, L]. */
  readonly lossBound: number;
  /**
   * Each task's empirical loss, in [0, L]: under the Gaussian perturbation for `{ sigma }`
   * (Theorem 3), the worst loss in the ρ-balls (SAM's estimate) for `{ rho }` (Theorem 4).
   */
  readonly empirical: readonly number[];
  readonly perturbation: Perturbation;
  readonly split?: ConfidenceSplit;
}

export interface ModelTaskBound extends Bound {
  readonly task: number;
  /** Tᵢ = T_sh + T_{i,ns}. */
  readonly parameters: number;
  readonly sharedParameters: number;
  readonly taskParameters: number;
  /** ‖θⁱ‖² = ‖θ_sh‖² + ‖θⁱ_ns‖², accumulated in float64. */
  readonly squaredNorm: number;
}

export interface ModelTaskBounds {
  /** Which of the seed's theorems gave the bounds. */
  readonly theorem: 3 | 4;
  /** The perturbation σ used in fⁱ. */
  readonly sigma: number;
  readonly tasks: readonly ModelTaskBound[];
}

/** Size and float64 squared norm of a list of tensors, read with `dataSync` (no tensor is created). */
const blockOf = (name: string, tensors: readonly tf.Tensor[]): E.Either<MtlError, ParameterBlock> => {
  let parameters = 0;
  let squaredNorm = 0;
  for (const [k, t] of tensors.entries()) {
    if (t.isDisposed) return E.left(invalidArgument(`${name} tensor ${k} is disposed.`));
    if (t.dtype !== 'float32' && t.dtype !== 'int32') return E.left(invalidArgument(`${name} tensor ${k} has dtype ${t.dtype}; parameters must be float32 or int32.`));
    const values = t.dataSync() as Float32Array | Int32Array;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (!Number.isFinite(v)) return E.left(nonFinite(`${name} tensor ${k} has a non-finite entry ${v} at flat index ${i}.`));
      squaredNorm += v * v;
    }
    parameters += t.size;
  }
  return E.right({ parameters, squaredNorm });
};

/**
 * Each task's bound for a trained hard-parameter-sharing model: reads T_sh, T_{i,ns}, ‖θ_sh‖² and
 * ‖θⁱ_ns‖² from the tensors (float64 accumulation, no tensor created, inputs untouched), then applies
 * the seed's Theorem 3 (eq. 17, `multiTaskBounds`) for `{ sigma }` or Theorem 4 (eqs. 18–20,
 * `flatRegionBounds`) for `{ rho }`. Left when the heads and `empirical` disagree in number, a
 * tensor is disposed, non-float or non-finite, or any argument of the theorem is out of range.
 */
export const modelTaskBounds = (params: ModelParameters, options: ModelTaskBoundsOptions): E.Either<MtlError, ModelTaskBounds> => {
  const m = params.heads.length;
  if (m === 0) return E.left(emptyInput('the model has no task head.'));
  if (options.empirical.length !== m)
    return E.left(shapeMismatch(`the model has ${m} task heads but ${options.empirical.length} empirical losses were given.`));
  return pipe(
    E.Do,
    E.apS('shared', blockOf('shared', params.shared)),
    E.apS(
      'heads',
      pipe(
        params.heads,
        A.traverseWithIndex(E.Applicative)((i, head) => pipe(blockOf('head', head), E.mapLeft(within(`task ${i}`)))),
      ),
    ),
    E.flatMap(({ shared, heads }) => {
      const perTask = (i: number, bound: Bound): ModelTaskBound => ({
        bound: bound.bound,
        empirical: bound.empirical,
        complexity: bound.complexity,
        vacuous: bound.vacuous,
        task: i,
        parameters: shared.parameters + heads[i]!.parameters,
        sharedParameters: shared.parameters,
        taskParameters: heads[i]!.parameters,
        squaredNorm: shared.squaredNorm + heads[i]!.squaredNorm,
      });
      const common = { n: options.n, delta: options.delta, lossBound: options.lossBound, ...(options.split === undefined ? {} : { split: options.split }) };
      const perturbation = options.perturbation;
      if ('sigma' in perturbation)
        return pipe(
          multiTaskBounds({
            ...common,
            sigma: perturbation.sigma,
            tasks: heads.map((h, i) => ({
              parameters: shared.parameters + h.parameters,
              squaredNorm: shared.squaredNorm + h.squaredNorm,
              empirical: options.empirical[i]!,
            })),
          }),
          E.map((bounds): ModelTaskBounds => ({ theorem: 3, sigma: perturbation.sigma, tasks: bounds.map((b, i) => perTask(i, b)) })),
        );
      return pipe(
        flatRegionBounds({
          ...common,
          rho: perturbation.rho,
          ...(perturbation.radius === undefined ? {} : { radius: perturbation.radius }),
          shared,
          tasks: heads.map((h, i) => ({ ...h, empirical: options.empirical[i]! })),
        }),
        E.map((r): ModelTaskBounds => ({ theorem: 4, sigma: r.sigma.sigma, tasks: r.tasks.map((b, i) => perTask(i, b)) })),
      );
    }),
  );
};
