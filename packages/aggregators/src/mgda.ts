import { fromWeighting, invalidArgument, nonFinite, shapeMismatch, type Aggregator, type Gramian, type MtlError, type Weighting } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { minNormPoint } from './solvers/min-norm-point.js';

/** Sener & Koltun's gradient normalisations (their `gradient_normalizers`), as in LibMTL's `mgda_gn`. */
export type MgdaNormalization = 'none' | 'l2' | 'loss' | 'loss+';

export interface MgdaOptions {
  /**
   * Each gradient is divided by nᵢ before the min-norm solve: 'none' nᵢ = 1 (default), 'l2'
   * nᵢ = ‖gᵢ‖, 'loss' nᵢ = Lᵢ, 'loss+' nᵢ = Lᵢ‖gᵢ‖. A zero gradient keeps ‖gᵢ‖ = 1 (it is zero
   * whatever its divisor).
   */
  readonly normalization?: MgdaNormalization;
  /** The current task losses Lᵢ > 0, required by 'loss' and 'loss+' (build one aggregator per step). */
  readonly losses?: ArrayLike<number>;
  /**
   * Which gradients the solution γ weights: 'normalized' (default, LibMTL): d = Σ γᵢ gᵢ/nᵢ, the
   * min-norm point of the normalised gradients, so d conflicts with no task; 'raw' (Sener &
   * Koltun's code, which rescales the losses by γ): d = Σ γᵢ gᵢ, which may conflict when nᵢ vary.
   */
  readonly weightsOn?: 'normalized' | 'raw';
}

const divisors = (G: Gramian, options: MgdaOptions): E.Either<MtlError, Float64Array> => {
  const m = G.m;
  const normalization = options.normalization ?? 'none';
  const norms = Float64Array.from({ length: m }, (_, i) => Math.sqrt(G.values[i * m + i]!) || 1);
  if (normalization === 'none') return E.right(new Float64Array(m).fill(1));
  if (normalization === 'l2') return E.right(norms);
  const losses = options.losses;
  if (losses === undefined) return E.left(invalidArgument(`MGDA normalisation '${normalization}' needs the task losses (option losses).`));
  if (losses.length !== m) return E.left(shapeMismatch(`MGDA got ${losses.length} losses for ${m} tasks.`));
  for (let i = 0; i < m; i++) {
    const l = losses[i]!;
    if (!Number.isFinite(l)) return E.left(nonFinite(`loss ${i} is ${l}; losses must be finite.`));
    if (!(l > 0)) return E.left(invalidArgument(`loss ${i} is ${l}; MGDA's '${normalization}' normalisation divides by the loss, which must be > 0.`));
  }
  return E.right(Float64Array.from({ length: m }, (_, i) => (normalization === 'loss' ? losses[i]! : losses[i]! * norms[i]!)));
};

/** The MGDA weights: γ = argmin over the simplex of ‖Σ γᵢ gᵢ/nᵢ‖², mapped back to the rows of J. */
export const mgdaWeighting =
  (options: MgdaOptions = {}): Weighting =>
  (G) =>
    pipe(
      divisors(G, options),
      E.chain((n) => {
        const m = G.m;
        const scaled = G.values.map((v, k) => v / (n[Math.floor(k / m)]! * n[k % m]!));
        return pipe(
          minNormPoint({ m, values: scaled }),
          E.map((gamma) => ((options.weightsOn ?? 'normalized') === 'raw' ? gamma : gamma.map((g, i) => g / n[i]!))),
        );
      }),
    );

/**
 * MGDA (Désidéri 2012; Sener & Koltun 2018, "Multi-Task Learning as Multi-Objective Optimization",
 * NeurIPS, eq. 3 and Algorithm 2): the minimum-norm point of the convex hull of the (normalised)
 * task gradients, d = Jᵀw with w = argmin_{γ ∈ Δ} ‖Σ γᵢ gᵢ/nᵢ‖². Solved exactly in float64
 * (`minNormPoint`: closed form for m = 2, Wolfe's algorithm to a duality gap of 1e-14 otherwise),
 * not by the Frank–Wolfe loop of torchjd / LibMTL / Sener's code (250 iterations to 1e-5, whose
 * two-task step clamps γ to [0.001, 0.999]). Defaults: normalization 'none' (torchjd, LibMTL
 * `mgda_gn='none'`), weightsOn 'normalized' (LibMTL). d never conflicts with a task
 * (gᵢᵀd ≥ ‖d‖² ≥ 0); d = 0 iff some convex combination of the gradients vanishes (Pareto-stationary).
 */
export const mgda = (options: MgdaOptions = {}): Aggregator => fromWeighting(mgdaWeighting(options));
