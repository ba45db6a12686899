import { fromWeighting, Key, type Aggregator, type Weighting } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';

export interface PcgradOptions {
  /** Randomness of the projection orders (one permutation per task, from `Key.foldIn(key, i)`). */
  readonly key: Key;
  /** 'sum' (default: the paper's Algorithm 1, torchjd, LibMTL) or 'mean' (the official code's default). */
  readonly reduction?: 'sum' | 'mean';
  /**
   * false (default: the paper, torchjd): task i is projected only against the other tasks.
   * true (LibMTL): the shuffled order runs over all tasks, i included, so once earlier projections
   * have turned gᵢᴾᶜ against its own gᵢ it is projected against gᵢ too.
   */
  readonly projectAgainstSelf?: boolean;
}

/**
 * The order in which task i visits the tasks it may be projected against: a permutation of
 * 0..m−1 drawn from `Key.foldIn(key, i)` (shared with `gradVac`, so that GradVac's first call
 * equals PCGrad under the same key).
 */
export const projectionOrder = (key: Key, i: number, m: number): Int32Array => Key.permutation(Key.foldIn(key, i), m);

/**
 * PCGrad weights (Yu et al., "Gradient Surgery for Multi-Task Learning", NeurIPS 2020,
 * Algorithm 1): for each task i, gᵢᴾᶜ starts at gᵢ and, for j in a random order,
 * if gᵢᴾᶜ·gⱼ < 0 then gᵢᴾᶜ ← gᵢᴾᶜ − (gᵢᴾᶜ·gⱼ / ‖gⱼ‖²) gⱼ; the update is Σᵢ gᵢᴾᶜ (or the mean).
 * Writing gᵢᴾᶜ = Jᵀcᵢ, every inner product is a Gramian product (gᵢᴾᶜ·gⱼ = (G cᵢ)ⱼ), so the
 * weights are Σᵢ cᵢ, as in torchjd's `PCGradWeighting`. A zero gradient gⱼ (Gⱼⱼ = 0) is never
 * projected against. Defaults: torchjd's (sum, no self-projection).
 */
export const pcgradWeighting =
  (options: PcgradOptions): Weighting =>
  (G) => {
    const { key, reduction = 'sum', projectAgainstSelf = false } = options;
    const { m, values: g } = G;
    const total = new Float64Array(m);
    const c = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      c.fill(0);
      c[i] = 1;
      for (const j of projectionOrder(key, i, m)) {
        if (j === i && !projectAgainstSelf) continue;
        const gjj = g[j * m + j]!;
        if (!(gjj > 0)) continue;
        let inner = 0;
        for (let k = 0; k < m; k++) inner += g[j * m + k]! * c[k]!;
        if (inner < 0) c[j] = c[j]! - inner / gjj;
      }
      for (let k = 0; k < m; k++) total[k] = total[k]! + c[k]!;
    }
    if (reduction === 'mean') for (let k = 0; k < m; k++) total[k] = total[k]! / m;
    return E.right(total);
  };

/**
 * PCGrad (Yu et al. 2020, Algorithm 1) as an aggregator: `pcgradWeighting` lifted with
 * `fromWeighting`. Deterministic for a given key; for two tasks it does not depend on the key.
 * Reproduces torchjd's published PCGrad()([[-4, 1, 1], [6, 1, 1]]) = [0.5848, 3.8012, 3.8012].
 */
export const pcgrad = (options: PcgradOptions): Aggregator => fromWeighting(pcgradWeighting(options));
