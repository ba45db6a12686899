import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { checkParameterOptimizer, initParameterOptimizer, parameterStep, type ParameterOptimizer, type ParameterOptimizerState } from './parameter-optimizer.js';
import { lossWeighting, optionError, softmax, stepGradients, stepLosses, type LossWeighting } from './weighting.js';

export interface GradNormOptions {
  /** α, the strength of the restoring force (default 1.5, LibMTL's default; the paper uses 0.12..3). */
  readonly alpha?: number;
  /** How the weight logits are learnt (default Adam, lr 0.025). */
  readonly optimizer?: ParameterOptimizer;
}

export interface GradNormState {
  readonly m: number;
  /** Logits ℓ of the weights w = T·softmax(ℓ). */
  readonly logits: Float64Array;
  readonly optimizer: ParameterOptimizerState;
  /** Lᵢ(0), the losses of the first step. */
  readonly initialLosses: Float64Array | null;
}

/**
 * GradNorm (Chen et al., ICML 2018, eq. 1-2 and Algorithm 1). With Gᵢ = ‖∇_W (wᵢ Lᵢ)‖ = wᵢ‖∇_W Lᵢ‖
 * on the chosen shared layer W, Ḡ = meanᵢ Gᵢ, inverse training rates rᵢ = L̃ᵢ / meanⱼ L̃ⱼ with
 * L̃ᵢ = Lᵢ(t)/Lᵢ(0), the weights follow the gradient of L_grad = Σᵢ |Gᵢ − Ḡ rᵢ^α| with the target
 * Ḡ rᵢ^α held constant (as the paper). The weights are parameterised as w = T·softmax(ℓ) (LibMTL
 * `GradNorm`), which keeps them positive and summing to T, the paper's renormalisation. A step
 * back-propagates Σᵢ wᵢ Lᵢ with the current w, then ℓ takes one optimiser step along
 * ∂L_grad/∂ℓₖ = wₖ (gₖ − Σⱼ gⱼ wⱼ/T), gⱼ = sign(Gⱼ − Ḡ rⱼ^α)·‖∇_W Lⱼ‖.
 * Lᵢ(0) is the first step's loss (the paper; LibMTL uses the first epoch's mean and equal weights
 * during that epoch). Guards: Lᵢ(0) = 0 gives L̃ᵢ = 1, L̃ᵢ is capped at the largest float, and a zero
 * mean of L̃ gives r = 1. Losses ≥ 0.
 */
export const gradNorm = (options: GradNormOptions = {}): LossWeighting<GradNormState> => {
  const name = 'gradNorm';
  const alpha = options.alpha ?? 1.5;
  const opt = options.optimizer ?? { optimizer: 'adam', lr: 0.025 };
  const valid = pipe(
    optionError(name, Number.isFinite(alpha) && alpha >= 0, `alpha must be a finite number ≥ 0, got ${alpha}.`),
    E.chain(() => checkParameterOptimizer(name, opt)),
  );
  return lossWeighting<GradNormState>({
    name,
    initial: { m: 0, logits: new Float64Array(0), optimizer: initParameterOptimizer(0), initialLosses: null },
    needs: { gradients: true },
    claims: { nonNegative: true, sum: 'tasks', permutationInvariant: true },
    weights: (state, input) =>
      pipe(
        valid,
        E.chain(() => stepLosses(name, input, state.m, true)),
        E.chain((l) => pipe(stepGradients(name, input, l.length), E.map((g) => ({ l, g })))),
        E.map(({ l, g }) => {
          const m = l.length;
          const s = state.m === 0 ? { m, logits: new Float64Array(m), optimizer: initParameterOptimizer(m), initialLosses: null } : state;
          const l0 = s.initialLosses ?? l;
          const w = softmax(s.logits).map((v) => v * m);
          const G = w.map((v, i) => v * g.norms[i]!);
          const Gbar = G.reduce((a, b) => a + b, 0) / m;
          const rel = l.map((v, i) => (l0[i]! > 0 ? Math.min(v / l0[i]!, Number.MAX_VALUE) : 1));
          const relMean = rel.reduce((a, b) => a + b / m, 0);
          const r = rel.map((v) => (relMean > 0 ? v / relMean : 1));
          const gw = G.map((v, i) => Math.sign(v - Gbar * r[i]! ** alpha) * g.norms[i]!);
          const gwSum = gw.reduce((a, v, j) => a + v * w[j]!, 0);
          const grad = w.map((v, k) => v * (gw[k]! - gwSum / m));
          const [logits, optimizer] = parameterStep(opt, s.optimizer, s.logits, grad);
          return [w, { m, logits, optimizer, initialLosses: l0 }] as const;
        }),
      ),
  });
};
