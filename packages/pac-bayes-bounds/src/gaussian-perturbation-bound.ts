import type { MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { Bound } from './bound.js';
import { between, confidence, nonNegative, positive, positiveInteger } from './validate.js';
import { xMinusLog1pWith } from './x-minus-log1p.js';

/** Arguments of the seed's Theorem 2 (003): T, N, ‖θ‖², σ, δ, L and the perturbed empirical loss. */
export interface GaussianPerturbationArgs {
  /** E_{ε∼N(0,σ²I)}[L_S(θ + ε)]: the empirical loss under the Gaussian perturbation, in [0, L]. */
  readonly empirical: number;
  /** T: the number of parameters θ ∈ ℝᵀ (a positive integer). */
  readonly parameters: number;
  /** ‖θ‖²: the squared Euclidean norm of the parameters. */
  readonly squaredNorm: number;
  /** σ > 0: the standard deviation of the perturbation (the posterior Q = N(θ, σ²I)). */
  readonly sigma: number;
  /** N: the number of training samples (a positive integer). */
  readonly n: number;
  /** δ ∈ (0, 1). */
  readonly delta: number;
  /** L > 0: the loss takes values in [0, L]. */
  readonly lossBound: number;
}

/** The prior of the family 𝔓 the seed's union bound picks, and the bound before its relaxations. */
export interface PriorChoice {
  /** j* = ⌊1 + T ln( σ²(1 + e^{4N/T}) / (σ² + ‖θ‖²/T) )⌋ ≥ 1. */
  readonly index: number;
  /** σ²_{P_j*} = c·e^{(1 − j*)/T}, c = σ²(1 + e^{4N/T}). */
  readonly variance: number;
  /** KL(Q‖P_j*) = ½[(Tσ² + ‖θ‖²)/σ²_{P_j*} − T + T ln(σ²_{P_j*}/σ²)]. */
  readonly kl: number;
  /**
   * empirical + (KL(Q‖P_j*) + ln(1/δ_j*))/√N + L²/(8√N), δ_j = 6δ/(π² j²): the bound of the proof
   * before its two relaxations — also valid (a union bound over all j), and never above `bound`.
   */
  readonly unrelaxed: number;
}

export interface GaussianPerturbationBound extends Bound {
  /** The chosen prior and the unrelaxed bound; null when ‖θ‖² > Tσ²(e^{4N/T} − 1) (then bound ≥ L). */
  readonly prior: PriorChoice | null;
}

const LOG_PI2_OVER_6 = Math.log((Math.PI * Math.PI) / 6);

/**
 * The seed's Theorem 2 (003, "Beyond losses reweighting", supplementary §A): under the assumption
 * L_D(θ) ≤ E_ε[L_D(θ + ε)], with probability ≥ 1 − δ,
 *   L_D(θ) ≤ E_{ε∼N(0,σ²I)}[L_S(θ + ε)]
 *          + (1/√N) [ ½ + (T/2) ln(1 + ‖θ‖²/(Tσ²)) + ln(1/δ) + 6 ln(N + T) + L²/8 ],
 * with the seed's constants exactly; `complexity` is the second line (the seed's f(‖θ‖²)), natural
 * logarithms. The proof (PAC-Bayes with Q = N(θ, σ²I), β = √N, Hoeffding's lemma for a loss in
 * [0, L]) takes a union bound over the prior family P_j = N(0, c e^{(1−j)/T} I), c = σ²(1 + e^{4N/T}),
 * δ_j = 6δ/(π²j²); `prior` reports the j* it picks and the bound before its relaxations.
 * When ‖θ‖² ≥ Tσ²(e^{4N/T} − 1) the complexity is ≥ L by the seed's Cauchy–Schwarz step, so the
 * bound is vacuous (and `prior` is null). Decreasing in N whenever N + T ≥ 7 (tested).
 * Computed in log space (e^{4N/T} overflows for large N/T) with log1p for ln(1 + ‖θ‖²/(Tσ²)).
 */
export const gaussianPerturbationBound = (args: GaussianPerturbationArgs): E.Either<MtlError, GaussianPerturbationBound> =>
  pipe(
    E.Do,
    E.apS('lossBound', positive('the loss bound L', args.lossBound)),
    E.bind('empirical', ({ lossBound }) => between(lossBound, 'a loss in [0, L]')('the perturbed empirical loss', args.empirical)),
    E.apS('parameters', positiveInteger('the number of parameters T', args.parameters)),
    E.apS('squaredNorm', nonNegative('the squared norm ‖θ‖²', args.squaredNorm)),
    E.apS('sigma', positive('σ', args.sigma)),
    E.apS('n', positiveInteger('the sample size N', args.n)),
    E.apS('delta', confidence('δ', args.delta)),
    E.map(gaussianPerturbation),
  );

/** Theorem 2 on validated arguments. */
const gaussianPerturbation = (a: GaussianPerturbationArgs): GaussianPerturbationBound => {
  const { empirical, parameters: t, squaredNorm, sigma, n, delta, lossBound: l } = a;
  const sqrtN = Math.sqrt(n);
  const ratio = squaredNorm / (t * sigma * sigma);
  const logRatio = Math.log1p(ratio);
  const complexity = (0.5 + (t / 2) * logRatio - Math.log(delta) + 6 * Math.log(n + t) + (l * l) / 8) / sqrtN;
  const bound = empirical + complexity;
  return { bound, empirical, complexity, vacuous: bound >= l, prior: logRatio > (4 * n) / t ? null : priorChoice(a, sqrtN, logRatio) };
};

const priorChoice = (a: GaussianPerturbationArgs, sqrtN: number, logRatio: number): PriorChoice => {
  const { empirical, parameters: t, squaredNorm, sigma, n, delta, lossBound: l } = a;
  // T·ln(c/σ²) = T·softplus(4N/T) = 4N + tail, kept apart so that the integer 4N never cancels in floating point.
  const tail = t * Math.log1p(Math.exp((-4 * n) / t));
  // ln(σ²_{P_j}/σ²) = (4N − (j − 1) + tail)/T; the seed's j* = ⌊1 + 4N + tail − T ln(1 + ‖θ‖²/(Tσ²))⌋ puts it in
  // [ln(1 + ‖θ‖²/(Tσ²)), that + 1/T]; the two corrections only undo a rounding at an integer boundary.
  const logVarianceRatio = (j: number): number => (4 * n - (j - 1) + tail) / t;
  let index = Math.max(1, Math.floor(1 + 4 * n + tail - t * logRatio));
  if (index > 1 && logVarianceRatio(index) < logRatio) index -= 1;
  if (logVarianceRatio(index) > logRatio + 1 / t) index += 1;
  const u = logVarianceRatio(index);
  const logVariance = 2 * Math.log(sigma) + u;
  // ½[T(σ²/v − 1 − ln(σ²/v)) + ‖θ‖²/v], v = σ²_{P_j*}: the seed's KL, without cancellation.
  const kl = 0.5 * (t * xMinusLog1pWith(Math.expm1(-u), () => -u) + squaredNorm * Math.exp(-logVariance));
  const logInverseDelta = -Math.log(delta) + LOG_PI2_OVER_6 + 2 * Math.log(index);
  return { index, variance: Math.exp(logVariance), kl, unrelaxed: empirical + (kl + logInverseDelta) / sqrtN + (l * l) / (8 * sqrtN) };
};
