import { emptyInput, type MtlError } from '@mtlkit/core';
import * as A from 'fp-ts/lib/ReadonlyArray.js';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { gaussianPerturbationBound, type GaussianPerturbationBound } from './gaussian-perturbation-bound.js';
import { confidence, within } from './validate.js';

/** One task's model θⁱ = [θ_sh, θⁱ_ns] in the seed's Theorem 3. */
export interface TaskModel {
  /** Tᵢ: the number of parameters of θⁱ (shared and task-specific). */
  readonly parameters: number;
  /** ‖θⁱ‖². */
  readonly squaredNorm: number;
  /** E_ε[Lⁱ_S(θⁱ + ε)]: task i's empirical loss under the perturbation, in [0, L]. */
  readonly empirical: number;
}

/**
 * How δ is shared by the m tasks.
 * - 'seed' (default): each fⁱ uses ln(1/δ), exactly as the seed's eq. (17) is stated. Each task's
 *   bound then holds with probability ≥ 1 − δ on its own; all m together with ≥ 1 − mδ (union bound).
 * - 'bonferroni': each fⁱ uses ln(m/δ), so all m bounds hold together with probability ≥ 1 − δ —
 *   what the seed's proof by induction (δ/2 per step) actually needs for the vector inequality.
 */
export type ConfidenceSplit = 'seed' | 'bonferroni';

export interface MultiTaskArgs {
  readonly tasks: readonly TaskModel[];
  readonly sigma: number;
  readonly n: number;
  readonly delta: number;
  readonly lossBound: number;
  readonly split?: ConfidenceSplit;
}

/**
 * The seed's Theorem 3 (003, eq. 17): for m tasks with models θⁱ = [θ_sh, θⁱ_ns] of Tᵢ parameters,
 *   [Lⁱ_D(θⁱ)]ᵢ ≤ [E_{ε∼N(0,σ²I)}[Lⁱ_S(θⁱ + ε)] + fⁱ(‖θⁱ‖²)]ᵢ,
 *   fⁱ = (1/√N)[½ + (Tᵢ/2) ln(1 + ‖θⁱ‖²/(Tᵢσ²)) + ln(1/δ) + 6 ln(N + Tᵢ) + L²/8],
 * i.e. Theorem 2 (`gaussianPerturbationBound`) applied to each task; δ per task as `split` says
 * (default 'seed'). One result per task, in order; Left (naming the task) on a bad argument, or
 * EmptyInput when there is no task.
 */
export const multiTaskBounds = (args: MultiTaskArgs): E.Either<MtlError, readonly GaussianPerturbationBound[]> => {
  const m = args.tasks.length;
  if (m === 0) return E.left(emptyInput('Theorem 3 needs at least one task.'));
  return pipe(
    confidence('δ', args.delta),
    E.map((delta) => ((args.split ?? 'seed') === 'bonferroni' ? delta / m : delta)),
    E.flatMap((delta) =>
      pipe(
        args.tasks,
        A.traverseWithIndex(E.Applicative)((i, task) =>
          pipe(
            gaussianPerturbationBound({ ...task, sigma: args.sigma, n: args.n, delta, lossBound: args.lossBound }),
            E.mapLeft(within(`task ${i}`)),
          ),
        ),
      ),
    ),
  );
};
