import { fromWeighting, invalidArgument, type Aggregator, type Weighting } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';

export interface KrumOptions {
  /** Number f of rows that may be adversarial (default 1; torchjd has no default). */
  readonly nByzantine?: number;
  /** Number of rows averaged (Multi-Krum; default 1, torchjd's default). */
  readonly nSelected?: number;
}

/**
 * Krum weights (Blanchard, El Mhamdi, Guerraoui & Stainer, "Machine Learning with Adversaries:
 * Byzantine Tolerant Gradient Descent", NeurIPS 2017: Krum and Multi-Krum), as torchjd's
 * `KrumWeighting`: distances ‖gᵢ − gⱼ‖ = √(Gᵢᵢ + Gⱼⱼ − 2Gᵢⱼ) from the Gramian, the score of row i
 * is the sum of its distances to its m − f − 2 nearest other rows, and the `nSelected` rows with
 * the lowest scores get weight 1/nSelected each (rows tied at the cut share the weight left, which
 * keeps Krum permutation invariant; torchjd picks one of them). Needs
 * m ≥ f + 3 and nSelected ≤ m: otherwise Left `InvalidArgument` naming the numbers.
 */
export const krumWeighting =
  (options: KrumOptions = {}): Weighting =>
  (G) => {
    const { nByzantine = 1, nSelected = 1 } = options;
    const m = G.m;
    const g = G.values;
    if (!Number.isInteger(nByzantine) || nByzantine < 0) return E.left(invalidArgument(`krum: nByzantine must be a non-negative integer, got ${nByzantine}.`));
    if (!Number.isInteger(nSelected) || nSelected < 1) return E.left(invalidArgument(`krum: nSelected must be a positive integer, got ${nSelected}.`));
    if (m < nByzantine + 3) return E.left(invalidArgument(`krum needs at least nByzantine + 3 = ${nByzantine + 3} tasks, got ${m}.`));
    if (m < nSelected) return E.left(invalidArgument(`krum cannot select ${nSelected} of ${m} tasks.`));
    const nClosest = m - nByzantine - 2;
    const scores = Array.from({ length: m }, (_, i) => {
      const distances: number[] = [];
      for (let j = 0; j < m; j++) if (j !== i) distances.push(Math.sqrt(Math.max(0, g[i * m + i]! + g[j * m + j]! - 2 * g[i * m + j]!)));
      distances.sort((a, b) => a - b);
      return distances.slice(0, nClosest).reduce((s, v) => s + v, 0);
    });
    // The nSelected lowest scores; rows tied with the last selected score share what is left
    // (torchjd's topk picks one of them arbitrarily), so the result does not depend on row order.
    const cut = [...scores].sort((a, b) => a - b)[nSelected - 1]!;
    const below = scores.filter((s) => s < cut).length;
    const tied = scores.filter((s) => s === cut).length;
    const weights = Float64Array.from(scores, (s) => (s < cut ? 1 / nSelected : s === cut ? (nSelected - below) / (nSelected * tied) : 0));
    return E.right(weights);
  };

/** Krum / Multi-Krum (Blanchard et al. 2017) as an aggregator: the mean of the selected rows. */
export const krum = (options: KrumOptions = {}): Aggregator => fromWeighting(krumWeighting(options));
