import { invalidArgument, nonFinite, shapeMismatch, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { xMinusLog1pWith } from './x-minus-log1p.js';

/** N(mean, std² I): an isotropic Gaussian over ℝᵈ, d = mean.length. */
export interface IsotropicGaussian {
  readonly mean: ArrayLike<number>;
  readonly std: number;
}

/** N(mean, diag(std²)): a Gaussian with a diagonal covariance, std.length = mean.length. */
export interface DiagonalGaussian {
  readonly mean: ArrayLike<number>;
  readonly std: ArrayLike<number>;
}

const badEntry = (values: ArrayLike<number>, ok: (v: number) => boolean): number => {
  for (let i = 0; i < values.length; i++) if (!ok(values[i]!)) return i;
  return -1;
};

const checkMean = (who: string, mean: ArrayLike<number>): MtlError | null => {
  const i = badEntry(mean, Number.isFinite);
  return i < 0 ? null : nonFinite(`${who}'s mean has a non-finite entry ${mean[i]} at index ${i}.`);
};

const checkStd = (who: string, std: ArrayLike<number>): MtlError | null => {
  const i = badEntry(std, (s) => Number.isFinite(s) && s > 0);
  return i < 0 ? null : invalidArgument(`${who}'s standard deviation must be finite and positive, got ${std[i]} at index ${i}.`);
};

/**
 * r − 1 − ln r for r = sq²/sp², as φ(r − 1) with φ(x) = x − log1p(x) ≥ 0 (no cancellation):
 * r − 1 = (sq − sp)(sq + sp)/sp² near r = 1, ln r = 2 ln(sq/sp) away from it.
 */
const varianceTerm = (sq: number, sp: number): number =>
  xMinusLog1pWith(((sq - sp) * (sq + sp)) / (sp * sp), () => 2 * Math.log(sq / sp));

/** One coordinate of KL(N(μq, sq²) ‖ N(μp, sp²)) without the ½. */
const coordinate = (mq: number, sq: number, mp: number, sp: number): number => {
  const dm = mq - mp;
  return varianceTerm(sq, sp) + (dm * dm) / (sp * sp);
};

const firstError = (...errors: (MtlError | null)[]): MtlError | null => errors.find((e) => e !== null) ?? null;

/**
 * KL(Q‖P) between two isotropic Gaussians Q = N(μq, σq² I_d), P = N(μp, σp² I_d), in nats:
 * ½ [ d (σq²/σp² − 1 − ln(σq²/σp²)) + ‖μq − μp‖² / σp² ] — the closed form used in the seed's
 * Theorem 2 proof (003, KL(Q‖P_j) with Q = N(θ, σ²I), P_j = N(0, σ²_{P_j} I)). Float64 throughout.
 * d = 0 gives 0. Left on a length mismatch, a non-finite mean or a standard deviation ≤ 0.
 */
export const gaussianKlIsotropic = (q: IsotropicGaussian, p: IsotropicGaussian): E.Either<MtlError, number> => {
  if (q.mean.length !== p.mean.length)
    return E.left(shapeMismatch(`Q and P must have the same dimension, got ${q.mean.length} and ${p.mean.length}.`));
  const error = firstError(checkMean('Q', q.mean), checkMean('P', p.mean), checkStd('Q', [q.std]), checkStd('P', [p.std]));
  if (error !== null) return E.left(error);
  const d = q.mean.length;
  let squaredDistance = 0;
  for (let i = 0; i < d; i++) {
    const dm = q.mean[i]! - p.mean[i]!;
    squaredDistance += dm * dm;
  }
  const vp = p.std * p.std;
  return E.right(0.5 * (d * varianceTerm(q.std, p.std) + squaredDistance / vp));
};

/**
 * KL(Q‖P) between two diagonal Gaussians, in nats:
 * ½ Σᵢ [ σq,ᵢ²/σp,ᵢ² − 1 − ln(σq,ᵢ²/σp,ᵢ²) + (μq,ᵢ − μp,ᵢ)²/σp,ᵢ² ] (the closed form for
 * Gaussians, as in the diagonal-posterior bounds of Dziugaite & Roy 2017). Float64 throughout;
 * d = 0 gives 0.
 * Left on any length mismatch, a non-finite mean or a standard deviation ≤ 0.
 */
export const gaussianKlDiagonal = (q: DiagonalGaussian, p: DiagonalGaussian): E.Either<MtlError, number> => {
  const d = q.mean.length;
  if (q.std.length !== d || p.mean.length !== d || p.std.length !== d)
    return E.left(
      shapeMismatch(
        `Q's and P's means and standard deviations must all have one length, got Q: ${d} and ${q.std.length}, P: ${p.mean.length} and ${p.std.length}.`,
      ),
    );
  const error = firstError(checkMean('Q', q.mean), checkMean('P', p.mean), checkStd('Q', q.std), checkStd('P', p.std));
  if (error !== null) return E.left(error);
  let sum = 0;
  for (let i = 0; i < d; i++) sum += coordinate(q.mean[i]!, q.std[i]!, p.mean[i]!, p.std[i]!);
  return E.right(0.5 * sum);
};
