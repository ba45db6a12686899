import { fromWeighting, type Aggregator, type Weighting } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { FLOAT32_EPSILON } from './imtl-g.js';
import { checkNumber } from './options.js';
import { resolvePrefVector, type PrefVector } from './pref-vector.js';
import { matVec } from './solvers/dense.js';
import { symmetricEigen } from './solvers/symmetric-eigen.js';

/** How the balanced gradients are scaled: by √λ of the smallest kept eigenvalue, the lower median, or the mean. */
export type AlignedMtlScaleMode = 'min' | 'median' | 'rmse';

export interface AlignedMtlOptions {
  /**
   * w in α = B w: 'mean' (default, 1/m: torchjd) or 'ones' (B·1: the paper's Algorithm 1, the
   * official code and LibMTL, which sum the aligned gradients), or explicit values.
   */
  readonly prefVector?: PrefVector;
  /** Default 'min' (the paper, torchjd, LibMTL); 'median' and 'rmse' are the official code's alternatives. */
  readonly scaleMode?: AlignedMtlScaleMode;
  /**
   * Eigenvalues at or below λ_max · m · rankTolerance count as zero. Default 2⁻²³, the float32
   * epsilon that torchjd, LibMTL and the official code use (`torch.finfo().eps`), and the
   * resolution of a Gramian computed in float32. (2⁻⁵² reproduces torchjd run in float64, the
   * reference fixture's setting.)
   */
  readonly rankTolerance?: number;
}

/** Aligned-MTL weights α = B w, B = σ V_R Λ_R^(−1/2) V_Rᵀ from the eigendecomposition of G. */
export const alignedMtlWeighting =
  (options: AlignedMtlOptions = {}): Weighting =>
  (G) =>
    pipe(
      E.Do,
      E.apS('w', resolvePrefVector(options.prefVector ?? 'mean', G.m)),
      E.apS('tolerance', checkNumber('rankTolerance', options.rankTolerance ?? FLOAT32_EPSILON, 0)),
      E.apS('eig', symmetricEigen(G.m, G.values)),
      E.map(({ w, tolerance, eig }) => {
        const m = G.m;
        const { values, vectors } = eig;
        const cut = values[0]! * m * tolerance;
        let rank = 0;
        while (rank < m && values[rank]! > cut && values[rank]! > 0) rank++;
        if (rank === 0) return w; // G = 0: B = I, as torchjd.
        const kept = values.subarray(0, rank);
        const mode = options.scaleMode ?? 'min';
        // torch.median of an even count is the lower of the two middle values.
        const level =
          mode === 'min' ? kept[rank - 1]! : mode === 'median' ? kept[rank - 1 - Math.floor((rank - 1) / 2)]! : kept.reduce((a, b) => a + b, 0) / rank;
        const sigma = Math.sqrt(level);
        const B = new Float64Array(m * m);
        for (let k = 0; k < rank; k++) {
          const f = sigma / Math.sqrt(kept[k]!);
          for (let i = 0; i < m; i++) {
            const vi = vectors[i * m + k]! * f;
            for (let j = 0; j < m; j++) B[i * m + j] = B[i * m + j]! + vi * vectors[j * m + k]!;
          }
        }
        return matVec(m, B, w);
      }),
    );

/**
 * Aligned-MTL (Senushkin et al. 2023, "Independent Component Alignment for Multi-Task Learning",
 * CVPR, Algorithm 1): the task gradients are made orthogonal with equal norms by the
 * balance transformation B = σ V_R Λ_R^(−1/2) V_Rᵀ of G = VΛVᵀ (R = the numerical rank, σ = √λ_R),
 * so that the combined gradient has condition number 1; α = B w and d = Jᵀα. Defaults follow
 * torchjd's `_aligned_mtl.py` (prefVector 'mean', scale mode 'min', rank tolerance
 * λ_max · m · 2⁻²³); prefVector 'ones' gives the paper's and LibMTL's B·1, m times larger.
 * The eigendecomposition is float64 Jacobi. G = 0 gives α = w (B = I, as torchjd).
 */
export const alignedMtl = (options: AlignedMtlOptions = {}): Aggregator => fromWeighting(alignedMtlWeighting(options));
