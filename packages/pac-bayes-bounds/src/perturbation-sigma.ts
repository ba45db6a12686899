import { emptyInput, invalidArgument, type MtlError } from '@mtlkit/core';
import * as A from 'fp-ts/lib/ReadonlyArray.js';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { chiSquareSurvivalQuantile } from './chi-square.js';
import { positive, positiveInteger, within } from './validate.js';

/**
 * How σ is derived from a radius ρ for a block of T parameters, so that the perturbation
 * ε ∼ N(0, σ²I_T) stays in the ρ-ball with probability ≥ 1 − 1/√N:
 * - 'chi-square' (default): the largest such σ, ρ / √(χ²_T quantile at 1 − 1/√N), from the exact
 *   chi-square tail (regularised incomplete gamma function);
 * - 'seed': the seed's choice (003, below eqs. 21–22), ρ / √(2 ln √N + T + 2√(T ln √N)), from the
 *   Laurent–Massart (2000) tail bound with t = ln √N; never above the 'chi-square' σ.
 */
export type RadiusMethod = 'chi-square' | 'seed';

export interface Radius {
  /** ρ_sh > 0: the radius of the shared-parameter perturbation. */
  readonly shared: number;
  /** ρ_ns > 0: the radius of each task-specific perturbation. */
  readonly taskSpecific: number;
}

export interface PerturbationSigmaArgs {
  /** N ≥ 2: the number of training samples (with N = 1 the tail probability 1/√N is 1). */
  readonly n: number;
  readonly rho: Radius;
  /** T_sh: the number of shared parameters. */
  readonly sharedParameters: number;
  /** T_{i,ns}: the number of task-specific parameters of each task. */
  readonly taskParameters: readonly number[];
  readonly method?: RadiusMethod;
}

export interface PerturbationSigma {
  /** The σ of Theorem 4: the minimum of `shared` and every entry of `tasks`. */
  readonly sigma: number;
  /** The largest σ with P(‖ε_sh‖ ≤ ρ_sh) ≥ 1 − 1/√N (by `method`). */
  readonly shared: number;
  /** Per task, the largest σ with P(‖εⁱ_ns‖ ≤ ρ_ns) ≥ 1 − 1/√N (by `method`). */
  readonly tasks: readonly number[];
  readonly method: RadiusMethod;
}

/** The x with P(χ²_T > x) = 1/√N, or, for 'seed', the Laurent–Massart level 2t + T + 2√(Tt), t = ln √N. */
const squaredRadiusPerVariance = (method: RadiusMethod, n: number, t: number): E.Either<MtlError, number> => {
  if (method === 'seed') {
    const logSqrtN = 0.5 * Math.log(n);
    return E.right(2 * logSqrtN + t + 2 * Math.sqrt(t * logSqrtN));
  }
  return chiSquareSurvivalQuantile(1 / Math.sqrt(n), t);
};

/**
 * The seed's Theorem 4 radius (003, eqs. 21–22): the largest σ such that a perturbation
 * ε ∼ N(0, σ²I) of the shared block (T_sh parameters) and of every task-specific block (T_{i,ns})
 * stays within ρ_sh and ρ_ns respectively, each with probability ≥ 1 − 1/√N:
 *   σ = min( ρ_sh/√q(T_sh), minᵢ ρ_ns/√q(T_{i,ns}) ),
 * q(T) the chi-square level of `method` (default 'chi-square', the exact and largest one).
 * Left on N < 2, non-positive radii, or parameter counts that are not positive integers.
 */
export const perturbationSigma = (args: PerturbationSigmaArgs): E.Either<MtlError, PerturbationSigma> => {
  const method = args.method ?? 'chi-square';
  if (args.taskParameters.length === 0) return E.left(emptyInput('Theorem 4 needs at least one task.'));
  return pipe(
    E.Do,
    E.apS(
      'n',
      pipe(
        positiveInteger('the sample size N', args.n),
        E.flatMap((n) =>
          n >= 2 ? E.right(n) : E.left(invalidArgument('Theorem 4 needs N ≥ 2: with N = 1 the tail probability 1/√N is 1 and σ is unbounded.')),
        ),
      ),
    ),
    E.apS('rhoShared', positive('ρ_sh', args.rho.shared)),
    E.apS('rhoTask', positive('ρ_ns', args.rho.taskSpecific)),
    E.apS('sharedParameters', positiveInteger('the number of shared parameters T_sh', args.sharedParameters)),
    E.apS(
      'taskParameters',
      pipe(
        args.taskParameters,
        A.traverseWithIndex(E.Applicative)((i, t) =>
          pipe(positiveInteger('the number of task-specific parameters', t), E.mapLeft(within(`task ${i}`))),
        ),
      ),
    ),
    E.bind('shared', ({ n, rhoShared, sharedParameters }) =>
      pipe(
        squaredRadiusPerVariance(method, n, sharedParameters),
        E.map((q) => rhoShared / Math.sqrt(q)),
      ),
    ),
    E.bind('tasks', ({ n, rhoTask, taskParameters }) =>
      pipe(
        taskParameters,
        A.traverse(E.Applicative)((t) =>
          pipe(
            squaredRadiusPerVariance(method, n, t),
            E.map((q) => rhoTask / Math.sqrt(q)),
          ),
        ),
      ),
    ),
    E.map(({ shared, tasks }) => ({ sigma: Math.min(shared, ...tasks), shared, tasks, method })),
  );
};
