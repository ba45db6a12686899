import { alphaWeighting, type AlphaState } from './alpha-weighting.js';
import { maxOf, sumOf, type LossWeighting } from './weighting.js';

export interface AdaMtOptions {
  /** Initial α (finite, > 0); default all 1. */
  readonly initial?: readonly number[];
}

export type AdaMtState = AlphaState;

const CLIP = 0.1;
const EPS = 1e-7;

/**
 * AdaMT, as the AlphaGrad paper's comparator (after Jha et al., "AdaMT-Net", CVPR-W 2020; the
 * AlphaGrad authors' `mtl_bci/grads.py`): each step gᵢ = mean of the entries of ∇_W (αᵢ Lᵢ) =
 * αᵢ·mean(∇_W Lᵢ) on the chosen shared layer W; α ← g/(Σg + 1e-7), clipped at 0.1 from below, then
 * rescaled to sum T; the step back-propagates Σᵢ αᵢ Lᵢ with the new α. Weights are positive and sum
 * to T. Guard: when Σg + 1e-7 is 0 (or the ratio is not finite) α is kept. Computed with g scaled
 * by max |g| (same ratio), so huge means do not overflow.
 */
export const adaMt = (options: AdaMtOptions = {}): LossWeighting<AdaMtState> =>
  alphaWeighting({
    name: 'adaMt',
    initial: options.initial,
    update: (alpha, g) => {
      const raw = alpha.map((a, i) => a * g.means[i]!);
      const top = maxOf(raw.map(Math.abs));
      const scaled = top > 0 ? raw.map((v) => v / top) : raw;
      const denominator = sumOf(scaled) + (top > 0 ? EPS / top : EPS);
      const ratio = scaled.map((v) => v / denominator);
      if (denominator === 0 || !ratio.every(Number.isFinite)) return alpha;
      const clipped = ratio.map((v) => Math.max(v, CLIP));
      const total = sumOf(clipped);
      return clipped.map((v) => (v / total) * alpha.length);
    },
  });
