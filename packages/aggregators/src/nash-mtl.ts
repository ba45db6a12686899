import { fromWeighting, type Aggregator, type MtlError, type Weighting } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { bargainingWeights } from './bargaining-weights.js';
import { checkFloat32Range, checkNumber, failingWeighting } from './options.js';
import { frobeniusNorm, quadraticForm } from './solvers/dense.js';

export interface NashMtlOptions {
  /** Cap on ‖d‖ = ‖Jᵀα‖: larger directions are rescaled to this norm; 0 disables it (default 1, torchjd and LibMTL). */
  readonly maxNorm?: number;
}

const checked = (options: NashMtlOptions): E.Either<MtlError, number> => checkNumber('maxNorm', options.maxNorm ?? 1, 0);

const weighting =
  (maxNorm: number): Weighting =>
  (G) =>
    pipe(
      bargainingWeights(G, 1),
      E.map((alpha) => {
        // torchjd solves on G/‖G‖_F: its α is ours (for G) times √‖G‖_F.
        const scaled = alpha.map((a) => a * Math.sqrt(frobeniusNorm(G.values)));
        const norm = Math.sqrt(Math.max(0, quadraticForm(G.m, G.values, scaled)));
        return maxNorm > 0 && norm > maxNorm ? scaled.map((a) => (a / norm) * maxNorm) : scaled;
      }),
      E.chain((w) => checkFloat32Range(G, w)),
    );

/** The Nash-MTL weights (see `nashMtl`). */
export const nashMtlWeighting = (options: NashMtlOptions = {}): Weighting => E.match(failingWeighting, weighting)(checked(options));

/**
 * Nash-MTL (Navon et al. 2022, "Multi-Task Learning as a Bargaining Game", ICML, Algorithm 1):
 * the Nash bargaining solution d = Jᵀα with αᵢ (Gα)ᵢ = 1, α > 0, the unique maximiser of
 * Σ log gᵢᵀd over ‖d‖ ≤ 1 up to scale. Like torchjd's `_nash_mtl.py` (and LibMTL), the system is
 * posed on G/‖G‖_F and d is rescaled to norm maxNorm = 1 when longer; but it is solved exactly
 * (float64 Newton on the convex potential ½αᵀGα − Σ log αᵢ, residual 1e-10) instead of by their 20
 * cvxpy/ECOS steps of a concave–convex procedure that stop at ‖Gα − 1/α‖ < 1e-3, so it needs no
 * warm start and is stateless (update_weights_every = 1). Degenerate input (torchjd returns its
 * previous α there): a zero row gets weight 0 and the others bargain; when 0 is in the convex hull
 * of the unit gradients (min-norm² ≤ 1e-7, e.g. two opposite rows, all-zero J) no direction helps
 * every task and the weights are 0. Scale-free in each row: α(diag(c)J) = diag(c)⁻¹α(J) before the cap.
 */
export const nashMtl = (options: NashMtlOptions = {}): Aggregator => fromWeighting(nashMtlWeighting(options));
