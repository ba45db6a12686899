import { invalidArgument, nonFinite, type MtlError, type tf } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { checkParams, evaluateAt, valueAndGradients, type LossClosure } from './loss-closure.js';

/** ρ-sharpness and the numbers it is made of. */
export interface RhoSharpness {
  /** L(θ + ε̂) − L(θ). */
  readonly sharpness: number;
  /** L(θ). */
  readonly loss: number;
  /** L(θ + ε̂), ε̂ = ρ ∇L(θ)/‖∇L(θ)‖. */
  readonly perturbedLoss: number;
  /** ‖∇L(θ)‖ over all parameters, float64. */
  readonly gradientNorm: number;
}

/**
 * ρ-sharpness max_{‖ε‖₂ ≤ ρ} L(θ + ε) − L(θ), estimated by SAM's one normalised ascent step
 * (Foret et al. 2021, eq. 2; seed 003 appendix D.8, Fig. 14): ε̂ = ρ g/‖g‖ with g = ∇L(θ), the
 * norm taken over all parameters jointly; sharpness = L(θ + ε̂) − L(θ). A first-order estimate of
 * the worst case, so it can be negative on a non-convex loss. `loss` is a closure of the
 * parameters (e.g. one task's training loss on a batch); `params` are left untouched. ρ = 0 or a
 * zero gradient give sharpness 0. Left on ρ < 0, an empty or disposed parameter list, a closure
 * that throws, returns a non-scalar or a non-finite value.
 */
export const rhoSharpness = (loss: LossClosure, params: readonly tf.Tensor[], rho: number): E.Either<MtlError, RhoSharpness> => {
  if (!Number.isFinite(rho) || rho < 0) return E.left(invalidArgument(`ρ must be a finite number ≥ 0, got ${rho}.`));
  const ps = checkParams(params);
  if (E.isLeft(ps)) return ps;
  const vg = valueAndGradients(loss, params);
  if (E.isLeft(vg)) return vg;
  const { value: base, gradients: gs } = vg.right;
  let sq = 0;
  for (const g of gs) for (let i = 0; i < g.length; i++) sq += g[i]! * g[i]!;
  const norm = Math.sqrt(sq);
  if (!Number.isFinite(norm)) return E.left(nonFinite('the loss gradient is not finite.'));
  if (rho === 0 || norm === 0) return E.right({ sharpness: 0, loss: base, perturbedLoss: base, gradientNorm: norm });
  const deltas = gs.map((g) => g.map((v) => (rho * v) / norm));
  return E.map((perturbed: number) => ({ sharpness: perturbed - base, loss: base, perturbedLoss: perturbed, gradientNorm: norm }))(
    evaluateAt(loss, params, deltas, 'the loss closure'),
  );
};
