import { combine, float64Gramian, gramian, type Aggregator, type Gramian, type MtlError, type Weighting } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { correlationGramian, nonZeroRows } from './gramian-normalization.js';
import { resolvePrefVector, type PrefVector } from './pref-vector.js';
import { pseudoInverseFromEigen, symmetricEigen, type SymmetricEigen } from './solvers/symmetric-eigen.js';

export interface ConfigOptions {
  /** Preference vector p over the tasks (default 'ones', torchjd's; any positive multiple gives the same result). */
  readonly prefVector?: PrefVector;
}

/** Eigenvalues of the unit-gradient Gramian below this fraction of the largest are dropped by the pseudo-inverse. */
const PINV_RTOL = 1e-12;
/** Below this conditioning of the unit-gradient Gramian, `config` recomputes G in float64. */
const WELL_CONDITIONED = 1e-2;

/**
 * ConFIG weights (Liu, Chu, Yang & Thuerey, "ConFIG: Towards Conflict-free Training of Physics
 * Informed Neural Networks", ICLR 2025, arXiv:2408.11104, Eq. 2 as torchjd cites it), from the Gramian:
 * with the unit gradients U = D⁻¹J (zero rows stay zero), the best direction x = U⁺p (the
 * least-squares / minimum-norm solution of U x = p: equal cosines with every task for p = 1),
 * its unit vector x̂ and the length Σᵢ gᵢ·x̂, the update is (Σᵢ gᵢ·x̂) x̂. In Gramian terms
 * x = Jᵀ D⁻¹ a with a = C⁺p, C = D⁻¹ G D⁻¹, ‖x‖² = aᵀCa and Σᵢ gᵢ·x = 1ᵀ G D⁻¹ a, so the
 * weights are v = (1ᵀ G D⁻¹ a / aᵀCa) D⁻¹ a and direction = Jᵀv. C⁺ is the eigen pseudo-inverse
 * dropping eigenvalues below 1e-12 of the largest. As torchjd's `ConFIG` (p = ones, least
 * squares). x = 0 (all-zero J, or p orthogonal to the unit rows) gives the zero direction.
 */
export const configWeighting =
  (options: ConfigOptions = {}): Weighting =>
  (G) =>
    pipe(
      resolvePrefVector(options.prefVector ?? 'ones', G.m),
      E.chain((p) => {
        const rows = nonZeroRows(G);
        const weights = new Float64Array(G.m);
        if (rows.length === 0) return E.right(weights);
        const C = correlationGramian(G, rows);
        const k = rows.length;
        return E.map((eig: SymmetricEigen) => {
          const Cp = pseudoInverseFromEigen(eig, PINV_RTOL);
          const a = rows.map((_, r) => rows.reduce((s, i, c) => s + Cp[r * k + c]! * p[i]!, 0));
          let xx = 0;
          for (let r = 0; r < k; r++) for (let c = 0; c < k; c++) xx += a[r]! * C.values[r * k + c]! * a[c]!;
          if (!(xx > 0)) return weights;
          const u = rows.map((i, r) => a[r]! / Math.sqrt(G.values[i * G.m + i]!)); // D⁻¹ a on the non-zero rows
          let projection = 0; // 1ᵀ G D⁻¹ a
          for (let i = 0; i < G.m; i++) rows.forEach((j, r) => (projection += G.values[i * G.m + j]! * u[r]!));
          rows.forEach((i, r) => (weights[i] = (projection / xx) * u[r]!));
          return weights;
        })(symmetricEigen(k, C.values));
      }),
    );

/**
 * The smallest over the largest eigenvalue of the unit-gradient Gramian (1 with no non-zero row):
 * how much the float32 rounding of G (about 1e-7 of the largest entry) can move C⁺.
 */
const conditioning = (G: Gramian): E.Either<MtlError, number> => {
  const rows = nonZeroRows(G);
  if (rows.length === 0) return E.right(1);
  return E.map((eig: SymmetricEigen) => Math.max(0, eig.values[eig.values.length - 1]!) / eig.values[0]!)(symmetricEigen(rows.length, correlationGramian(G, rows).values));
};

/**
 * ConFIG (Liu et al. 2024, Eq. 2) as an aggregator: `configWeighting` on the float32 Gramian of
 * J, except when the unit gradients are nearly dependent (smallest/largest eigenvalue of C below
 * 1e-2): C⁺ then amplifies the float32 rounding of G by up to 1/λ_min, so G is recomputed in
 * float64 from J's entries (m² d / 2 multiply-adds in JS) before the solve. Reproduces torchjd's
 * published ConFIG()([[-4, 1, 1], [6, 1, 1]]) = [0.1588, 2.0706, 2.0706].
 */
export const config =
  (options: ConfigOptions = {}): Aggregator =>
  (J) => {
    const fast = gramian(J);
    return pipe(
      conditioning(fast),
      E.map((kappa) => (kappa < WELL_CONDITIONED ? float64Gramian(J) : fast)),
      E.chain(configWeighting(options)),
      E.map((weights) => ({ direction: combine(J, weights), weights })),
    );
  };
