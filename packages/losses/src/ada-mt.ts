import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { filled, lossWeighting, maxOf, optionError, stepGradients, stepLosses, sumOf, taskValues, type LossWeighting } from './weighting.js';

export interface AdaMtOptions {
  /** Initial α (finite, > 0); default all 1. */
  readonly initial?: readonly number[];
}

export interface AdaMtState {
  readonly m: number;
  readonly alpha: Float64Array;
}

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
export const adaMt = (options: AdaMtOptions = {}): LossWeighting<AdaMtState> => {
  const name = 'adaMt';
  const valid =
    options.initial === undefined ? E.right(null) : pipe(taskValues(name, 'the initial α', options.initial, 0, true), E.chain((a) => optionError(name, a.every((v) => v > 0), 'the initial α must be > 0.')));
  return lossWeighting<AdaMtState>({
    name,
    initial: { m: 0, alpha: new Float64Array(0) },
    needs: { gradients: true },
    claims: { nonNegative: true, sum: 'tasks', permutationInvariant: true },
    weights: (state, input) =>
      pipe(
        valid,
        E.chain(() => stepLosses(name, input, state.m || (options.initial?.length ?? 0), false)),
        E.chain((l) => stepGradients(name, input, l.length)),
        E.map((g) => {
          const m = g.means.length;
          const alpha = state.m === 0 ? (options.initial ? Float64Array.from(options.initial) : filled(m, 1)) : state.alpha;
          const raw = alpha.map((a, i) => a * g.means[i]!);
          const top = maxOf(raw.map(Math.abs));
          const scaled = top > 0 ? raw.map((v) => v / top) : raw;
          const denominator = sumOf(scaled) + (top > 0 ? EPS / top : EPS);
          const ratio = scaled.map((v) => v / denominator);
          if (denominator === 0 || !ratio.every(Number.isFinite)) return [Float64Array.from(alpha), { m, alpha }] as const;
          const clipped = ratio.map((v) => Math.max(v, CLIP));
          const total = sumOf(clipped);
          const next = clipped.map((v) => (v / total) * m);
          return [Float64Array.from(next), { m, alpha: next }] as const;
        }),
      ),
  });
};
