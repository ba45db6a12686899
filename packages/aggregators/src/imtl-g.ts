import { fromWeighting, type Aggregator, type Weighting } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { checkNumber } from './options.js';
import { matVec } from './solvers/dense.js';
import { symmetricPseudoInverse } from './solvers/symmetric-eigen.js';

/** float32's machine epsilon 2⁻²³: torch's `finfo().eps` for its default dtype. */
export const FLOAT32_EPSILON = 2 ** -23;

export interface ImtlGOptions {
  /**
   * Singular values of G below rtol · σ_max are dropped from G⁺. Default m · 2⁻²³: what
   * `torch.linalg.pinv` uses on torchjd's float32 Gramians, and the resolution of a Gramian computed
   * in float32. (torchjd run in float64 uses m · 2⁻⁵², which the reference fixture follows.)
   */
  readonly rtol?: number;
}

/** Relative size of |Σv| below which the weights are zero (torchjd: |Σv| < 1e-12, absolute). */
const VANISHING_SUM = 1e-12;

/** IMTL-G weights: v = G⁺ √diag(G), w = v / Σv, or 0 when Σv vanishes. */
export const imtlGWeighting =
  (options: ImtlGOptions = {}): Weighting =>
  (G) =>
    pipe(
      checkNumber('rtol', options.rtol ?? G.m * FLOAT32_EPSILON, 0),
      E.chain((rtol) => symmetricPseudoInverse(G.m, G.values, rtol)),
      E.map((pinv) => {
        const norms = Float64Array.from({ length: G.m }, (_, i) => Math.sqrt(Math.max(0, G.values[i * G.m + i]!)));
        const v = matVec(G.m, pinv, norms);
        let total = 0;
        let size = 0;
        for (const x of v) {
          total += x;
          size += Math.abs(x);
        }
        return Math.abs(total) <= VANISHING_SUM * size || size === 0 ? new Float64Array(G.m) : v.map((x) => x / total);
      }),
    );

/**
 * IMTL-G (Liu et al. 2021, "Towards Impartial Multi-task Learning", ICLR — the gradient-balance
 * part of IMTL: d has equal projections on every unit task gradient, uᵢᵀd equal for all i, with
 * weights summing to 1), in the generalised form of Quinton & Rey 2024 ("Jacobian Descent", A_IMTL-G)
 * that torchjd's `_imtl_g.py` implements and that accepts linearly dependent rows:
 * w = G⁺√diag(G) / 1ᵀG⁺√diag(G), and w = 0 when the sum vanishes (|Σv| ≤ 1e-12 Σ|vᵢ| here, a
 * scale-free version of torchjd's absolute 1e-12). G⁺ by a float64 Jacobi eigendecomposition
 * (option `rtol`, default m · 2⁻²³). Linear under scaling of the rows.
 */
export const imtlG = (options: ImtlGOptions = {}): Aggregator => fromWeighting(imtlGWeighting(options));
