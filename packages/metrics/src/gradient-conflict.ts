import { emptyInput, float64Gramian, invalidArgument, nonFinite, tf, type Gramian, type MtlError, type TaskJacobian } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';

/** Pairwise cosines of task gradients and the share of conflicting pairs. */
export interface GradientConflict {
  /** #{i < j : cos(g_i, g_j) < 0} / #{i < j}; 0 with fewer than two tasks. */
  readonly conflictShare: number;
  /** Number of conflicting pairs i < j. */
  readonly conflicts: number;
  /** Number of pairs m(m − 1)/2. */
  readonly pairs: number;
  /** m × m cosines G_ij / √(G_ii G_jj); 0 where a gradient is zero (diagonal 1 otherwise). */
  readonly cosine: number[][];
}

const isGramian = (x: TaskJacobian | Gramian): x is Gramian => !(x instanceof tf.Tensor);

/** G = J Jᵀ in float64 from one read of J, unless J has been disposed. */
const gramianOfJacobian = (J: TaskJacobian): E.Either<MtlError, Gramian> =>
  J.isDisposed ? E.left(invalidArgument('the task Jacobian has been disposed.')) : E.right(float64Gramian(J));

const checkGramian = (G: Gramian): E.Either<MtlError, Gramian> => {
  if (!Number.isInteger(G.m) || G.m < 1) return E.left(emptyInput(`a Gramian needs m ≥ 1 tasks, got m = ${G.m}.`));
  if (G.values.length !== G.m * G.m) return E.left(invalidArgument(`a Gramian with m = ${G.m} needs ${G.m * G.m} values, got ${G.values.length}.`));
  for (let i = 0; i < G.values.length; i++) {
    if (!Number.isFinite(G.values[i]!)) return E.left(nonFinite(`Gramian entry (${Math.floor(i / G.m)}, ${i % G.m}) is ${G.values[i]}; entries must be finite.`));
  }
  for (let i = 0; i < G.m; i++) {
    if (G.values[i * G.m + i]! < 0) return E.left(invalidArgument(`Gramian diagonal entry ${i} is ${G.values[i * G.m + i]}; squared norms cannot be negative.`));
  }
  return E.right(G);
};

/**
 * Gradient conflict between tasks (seed 003, appendix D.6 and Fig. 11: the share of task pairs,
 * per mini-batch, whose gradients conflict; Yu et al. 2020, PCGrad: g_i and g_j conflict when
 * cos(g_i, g_j) < 0). From a `TaskJacobian` (G = J Jᵀ recomputed in float64, so the sign of
 * nearly orthogonal pairs is exact to float64 rounding) or a `Gramian` (used as given, upper
 * triangle). A zero gradient conflicts with nothing (cosine 0). One task: no pair, share 0.
 */
export const gradientConflict = (input: TaskJacobian | Gramian): E.Either<MtlError, GradientConflict> => {
  const G = isGramian(input) ? checkGramian(input) : gramianOfJacobian(input);
  if (E.isLeft(G)) return G;
  const { m, values } = G.right;
  const norms = Array.from({ length: m }, (_, i) => Math.sqrt(values[i * m + i]!));
  const cosine = Array.from({ length: m }, (_, i) =>
    Array.from({ length: m }, (_, j) => {
      const a = norms[Math.min(i, j)]!;
      const b = norms[Math.max(i, j)]!;
      if (a === 0 || b === 0) return 0;
      if (i === j) return 1;
      // Clamp float rounding into [−1, 1].
      return Math.max(-1, Math.min(1, values[Math.min(i, j) * m + Math.max(i, j)]! / (a * b)));
    }),
  );
  let conflicts = 0;
  for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) if (cosine[i]![j]! < 0) conflicts++;
  const pairs = (m * (m - 1)) / 2;
  return E.right({ conflictShare: pairs === 0 ? 0 : conflicts / pairs, conflicts, pairs, cosine });
};
