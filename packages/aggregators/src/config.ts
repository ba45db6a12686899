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
      E.Do,
      E.apS('p', resolvePrefVector(options.prefVector ?? 'ones', G.m)),
      E.apS('unit', unitGramian(G)),
      E.map(({ p, unit }) => weightsFrom(G, p, unit)),
    );

/** The Gramian C = D⁻¹ G D⁻¹ of the unit gradients over the non-zero rows, with its eigendecomposition. */
interface UnitGramian {
  readonly rows: readonly number[];
  readonly C: Gramian;
  readonly eig: SymmetricEigen;
}

/** C and its eigendecomposition; null when every row is zero. */
const unitGramian = (G: Gramian): E.Either<MtlError, UnitGramian | null> => {
  const rows = nonZeroRows(G);
  if (rows.length === 0) return E.right(null);
  const C = correlationGramian(G, rows);
  return E.map((eig: SymmetricEigen) => ({ rows, C, eig }))(symmetricEigen(rows.length, C.values));
};

/** The ConFIG weights v = (1ᵀ G D⁻¹ a / aᵀCa) D⁻¹ a, a = C⁺p (zero with no non-zero row or x = 0). */
const weightsFrom = (G: Gramian, p: Float64Array, unit: UnitGramian | null): Float64Array => {
  const weights = new Float64Array(G.m);
  if (unit === null) return weights;
  const { rows, C, eig } = unit;
  const k = rows.length;
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
};

/**
 * The smallest over the largest eigenvalue of the unit-gradient Gramian (1 with no non-zero row):
 * how much the float32 rounding of G (about 1e-7 of the largest entry) can move C⁺.
 */
const conditioning = (unit: UnitGramian | null): number =>
  unit === null ? 1 : Math.max(0, unit.eig.values[unit.eig.values.length - 1]!) / unit.eig.values[0]!;

/**
 * ConFIG (Liu et al. 2024, Eq. 2) as an aggregator: `configWeighting` on the float32 Gramian of
 * J, except when the unit gradients are nearly dependent (smallest/largest eigenvalue of C below
 * 1e-2): C⁺ then amplifies the float32 rounding of G by up to 1/λ_min, so G is recomputed in
 * float64 from J's entries (m² d / 2 multiply-adds in JS) before the solve; otherwise the
 * eigendecomposition of C made for that test is the one the solve uses. Reproduces torchjd's
 * published ConFIG()([[-4, 1, 1], [6, 1, 1]]) = [0.1588, 2.0706, 2.0706].
 */
export const config =
  (options: ConfigOptions = {}): Aggregator =>
  (J) => {
    const fast = gramian(J);
    return pipe(
      unitGramian(fast),
      E.chain((unit) =>
        conditioning(unit) < WELL_CONDITIONED
          ? configWeighting(options)(float64Gramian(J))
          : E.map((p: Float64Array) => weightsFrom(fast, p, unit))(resolvePrefVector(options.prefVector ?? 'ones', fast.m)),
      ),
      E.map((weights) => ({ direction: combine(J, weights), weights })),
    );
  };
