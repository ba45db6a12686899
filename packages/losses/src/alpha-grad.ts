import { alphaWeighting, type AlphaState } from './alpha-weighting.js';
import { maxOf, optionError, sumOf, type LossWeighting } from './weighting.js';

export interface AlphaGradOptions {
  /** Initial α (finite, > 0); default all 1. */
  readonly initial?: readonly number[];
  /** Step size of α (default 0.01, the reference code). */
  readonly lr?: number;
}

export type AlphaGradState = AlphaState;

/** Lower clip of α and the ε of the norm's denominator, as the reference code (`reg`, `eps`). */
const CLIP = 1e-4;
const EPS = 1e-7;

/**
 * AlphaGrad (Chen et al., "AlphaGrad: normalized gradient descent for adaptive multi-loss functions
 * in EEG-based motor imagery classification", IEEE JBHI 2025, doi 10.1109/JBHI.2025.3572197; seed
 * 004; the authors' `mtl_bci/grads.py`). Each step, for every task, nᵢ = ‖∇_W (αᵢ Lᵢ)‖_F = |αᵢ|·‖∇_W Lᵢ‖_F
 * on the chosen shared layer W; the vector n is normalised, n̂ = n/(‖n‖₂ + 1e-7); then
 * α ← α − lr·n̂, α ← max(α, 1e-4), α ← T·α/Σα. The step back-propagates Σᵢ αᵢ Lᵢ with the updated α
 * (as the reference: update, then weigh). The task with the largest gradient norm loses the most
 * weight. Weights are positive and sum to T. Computed with n scaled by its maximum first (the same
 * n̂), so huge norms do not overflow.
 */
export const alphaGrad = (options: AlphaGradOptions = {}): LossWeighting<AlphaGradState> => {
  const name = 'alphaGrad';
  const lr = options.lr ?? 0.01;
  return alphaWeighting({
    name,
    initial: options.initial,
    valid: optionError(name, Number.isFinite(lr) && lr > 0, `lr must be a finite number > 0, got ${lr}.`),
    update: (alpha, g) => {
      const top = maxOf(g.norms);
      const scaled = top > 0 ? alpha.map((a, i) => Math.abs(a) * (g.norms[i]! / top)) : new Float64Array(alpha.length);
      const norm = Math.hypot(...scaled);
      const direction = top > 0 ? scaled.map((v) => v / (norm + EPS / top)) : scaled;
      const clipped = alpha.map((a, i) => Math.max(a - lr * direction[i]!, CLIP));
      const total = sumOf(clipped);
      return clipped.map((a) => (a / total) * alpha.length);
    },
  });
};
