import { emptyInput, type MtlError } from '@mtlkit/core';
import * as A from 'fp-ts/lib/ReadonlyArray.js';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { Bound } from './bound.js';
import { multiTaskBounds, type ConfidenceSplit, type TaskModel } from './multi-task-bounds.js';
import { perturbationSigma, type PerturbationSigma, type Radius, type RadiusMethod } from './perturbation-sigma.js';
import { between, confidence, nonNegative, positive, within } from './validate.js';

/** A block of parameters: its size and squared norm. */
export interface ParameterBlock {
  /** The number of parameters (a positive integer). */
  readonly parameters: number;
  /** The squared Euclidean norm of the block. */
  readonly squaredNorm: number;
}

/** A task's specific block θⁱ_ns and its sharpness-aware empirical loss. */
export interface FlatRegionTask extends ParameterBlock {
  /**
   * max_{‖ε_sh‖≤ρ_sh} max_{‖εⁱ_ns‖≤ρ_ns} Lⁱ_S(θ_sh + ε_sh, θⁱ_ns + εⁱ_ns): task i's worst loss in
   * the ρ-balls (eq. 19; in practice SAM's one-step estimate), in [0, L].
   */
  readonly empirical: number;
}

export interface FlatRegionArgs {
  readonly n: number;
  readonly delta: number;
  readonly lossBound: number;
  readonly rho: Radius;
  readonly shared: ParameterBlock;
  readonly tasks: readonly FlatRegionTask[];
  /** How σ follows from ρ (default 'chi-square'); see `perturbationSigma`. */
  readonly radius?: RadiusMethod;
  /** How δ is shared by the tasks (default 'seed'); see `multiTaskBounds`. */
  readonly split?: ConfidenceSplit;
}

export interface FlatRegionBound extends Bound {
  /** Tᵢ = T_sh + T_{i,ns}. */
  readonly parameters: number;
  /** ‖θⁱ‖² = ‖θ_sh‖² + ‖θⁱ_ns‖². */
  readonly squaredNorm: number;
  /** Theorem 3's fⁱ(‖θⁱ‖²) at the σ of the radius. */
  readonly gaussianComplexity: number;
  /** (1 − 1/√N)·L/√N + 1/√N: what the seed adds to fⁱ for leaving the ρ-balls. */
  readonly tailTerm: number;
}

export interface FlatRegionBounds {
  readonly sigma: PerturbationSigma;
  readonly tasks: readonly FlatRegionBound[];
}

/**
 * The seed's Theorem 4 (003, eqs. 18–20): for radii ρ_sh, ρ_ns > 0, with probability ≥ 1 − δ,
 *   [Lⁱ_D(θⁱ)]ᵢ ≤ [ max_{‖ε_sh‖≤ρ_sh} max_{‖εⁱ_ns‖≤ρ_ns} Lⁱ_S(θ_sh + ε_sh, θⁱ_ns + εⁱ_ns) + fⁱ ]ᵢ,
 * with the seed's redefinition fⁱ = (1 − 1/√N)·L/√N + 1/√N + fⁱ₃(‖θⁱ‖²), fⁱ₃ Theorem 3's term at
 * the σ given by the radii (`perturbationSigma`, eqs. 21–22; default the exact chi-square σ).
 * `complexity` is that fⁱ, `bound` = empirical + fⁱ. δ per task as in Theorem 3 (`split`).
 * Left on N < 2 or any bad argument (naming the task); EmptyInput without tasks.
 */
export const flatRegionBounds = (args: FlatRegionArgs): E.Either<MtlError, FlatRegionBounds> => {
  if (args.tasks.length === 0) return E.left(emptyInput('Theorem 4 needs at least one task.'));
  return pipe(
    E.Do,
    E.apS('delta', confidence('δ', args.delta)),
    E.apS('lossBound', positive('the loss bound L', args.lossBound)),
    E.apS('sharedNorm', nonNegative('the shared squared norm ‖θ_sh‖²', args.shared.squaredNorm)),
    E.apS(
      'sigma',
      perturbationSigma({
        n: args.n,
        rho: args.rho,
        sharedParameters: args.shared.parameters,
        taskParameters: args.tasks.map((t) => t.parameters),
        ...(args.radius === undefined ? {} : { method: args.radius }),
      }),
    ),
    E.bind('models', ({ lossBound, sharedNorm }) =>
      pipe(
        args.tasks,
        A.traverseWithIndex(E.Applicative)((i, task) =>
          pipe(
            E.Do,
            E.apS('norm', nonNegative('the task-specific squared norm ‖θⁱ_ns‖²', task.squaredNorm)),
            E.apS('empirical', between(lossBound, 'a loss in [0, L]')('the sharpness-aware empirical loss', task.empirical)),
            E.map(({ norm, empirical }): TaskModel => ({ parameters: args.shared.parameters + task.parameters, squaredNorm: sharedNorm + norm, empirical })),
            E.mapLeft(within(`task ${i}`)),
          ),
        ),
      ),
    ),
    E.bind('gaussian', ({ delta, lossBound, sigma, models }) =>
      multiTaskBounds({ tasks: models, sigma: sigma.sigma, n: args.n, delta, lossBound, ...(args.split === undefined ? {} : { split: args.split }) }),
    ),
    E.map(({ lossBound, sigma, models, gaussian }) => {
      const sqrtN = Math.sqrt(args.n);
      const tailTerm = ((1 - 1 / sqrtN) * lossBound) / sqrtN + 1 / sqrtN;
      const tasks = gaussian.map((g, i): FlatRegionBound => {
        const complexity = tailTerm + g.complexity;
        const bound = g.empirical + complexity;
        return {
          bound,
          empirical: g.empirical,
          complexity,
          vacuous: bound >= lossBound,
          parameters: models[i]!.parameters,
          squaredNorm: models[i]!.squaredNorm,
          gaussianComplexity: g.complexity,
          tailTerm,
        };
      });
      return { sigma, tasks };
    }),
  );
};
