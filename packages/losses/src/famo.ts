import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { checkParameterOptimizer, initParameterOptimizer, parameterStep, type ParameterOptimizerState } from './parameter-optimizer.js';
import { filled, lossWeighting, optionError, softmax, stepLosses, taskValues, type LossWeighting } from './weighting.js';

export interface FamoOptions {
  /** Learning rate of the logits ξ (default 0.025, LibMTL `FAMO_w_lr`). */
  readonly lr?: number;
  /** Weight decay γ of ξ in Adam (default 1e-3, LibMTL `FAMO_w_gamma`). */
  readonly gamma?: number;
  /** ε added to the losses inside the logarithms (default 1e-8). */
  readonly epsilon?: number;
}

export interface FamoState {
  readonly m: number;
  /** Logits ξ of the task weights z = softmax(ξ). */
  readonly logits: Float64Array;
  readonly optimizer: ParameterOptimizerState;
  /** The losses the last `weights` call saw, until `afterStep` uses them. */
  readonly previous: Float64Array | null;
}

/**
 * Fast adaptive multitask optimisation (Liu et al., FAMO, NeurIPS 2023, Algorithm 1; LibMTL `FAMO`
 * from the authors' code). With z = softmax(ξ) and Dᵢ = Lᵢ − minᵢ + ε (minᵢ = 0, as the reference),
 * the step back-propagates Σᵢ zᵢ log Dᵢ / c, c = Σⱼ zⱼ/Dⱼ, i.e. wᵢ = (zᵢ/Dᵢ)/c: positive weights
 * summing to 1 that decrease every log-loss at an equal rate. `afterStep` receives the same batch's
 * losses after the update: with δᵢ = log Dᵢ(before) − log Dᵢ(after), ξ takes one Adam step (lr, L2
 * weight decay γ) along the gradient J_softmax(ξ)ᵀ δ = z ⊙ (δ − ⟨z, δ⟩). Without `afterStep` calls ξ
 * stays 0 and FAMO reduces to the equal-rate log-loss weighting. Losses must be ≥ 0.
 */
export const famo = (options: FamoOptions = {}): LossWeighting<FamoState> => {
  const name = 'famo';
  const opt = { optimizer: 'adam' as const, lr: options.lr ?? 0.025, weightDecay: options.gamma ?? 1e-3 };
  const eps = options.epsilon ?? 1e-8;
  const valid = pipe(
    checkParameterOptimizer(name, opt),
    E.chain(() => optionError(name, Number.isFinite(eps) && eps > 0, `epsilon must be a finite number > 0, got ${eps}.`)),
  );
  return lossWeighting<FamoState>({
    name,
    initial: { m: 0, logits: new Float64Array(0), optimizer: initParameterOptimizer(0), previous: null },
    needs: { lossesAfterStep: true },
    claims: { nonNegative: true, sum: 'one', permutationInvariant: true },
    weights: (state, input) =>
      pipe(
        valid,
        E.chain(() => stepLosses(name, input, state.m, true)),
        E.map((l) => {
          const s = state.m === 0 ? { ...state, m: l.length, logits: new Float64Array(l.length), optimizer: initParameterOptimizer(l.length) } : state;
          const z = softmax(s.logits);
          const ratio = z.map((v, i) => v / (l[i]! + eps));
          const c = ratio.reduce((a, b) => a + b, 0);
          const w = c > 0 && Number.isFinite(c) ? ratio.map((v) => v / c) : filled(l.length, 1 / l.length);
          return [w, { ...s, previous: l }] as const;
        }),
      ),
    afterStep: (state, losses) =>
      pipe(
        valid,
        E.chain(() => taskValues(name, 'the losses after the step', losses, state.m, true)),
        E.map((after) => {
          if (state.previous === null) return state;
          const before = state.previous;
          const delta = after.map((v, i) => Math.log(before[i]! + eps) - Math.log(v + eps));
          const z = softmax(state.logits);
          const zd = z.reduce((a, v, i) => a + v * delta[i]!, 0);
          const grad = z.map((v, i) => v * (delta[i]! - zd));
          const [logits, optimizer] = parameterStep(opt, state.optimizer, state.logits, grad);
          return { ...state, logits, optimizer, previous: null };
        }),
      ),
  });
};
