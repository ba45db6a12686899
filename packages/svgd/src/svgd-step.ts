import type { MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { disposeKernelMatrix, kernelTerms, type ParticleKernel } from './kernel.js';
import { rbfKernel } from './rbf.js';
import { checkMove, moveParticles, stepScores, type MoveOptions, type SamplerState } from './sampler.js';
import { steinDirectionFrom } from './stein-direction.js';
import { scoresAt, type Target } from './target.js';

export interface SvgdOptions extends MoveOptions {
  /** Default `rbfKernel()` (median heuristic). */
  readonly kernel?: ParticleKernel;
}

export interface SvgdStepResult {
  readonly state: SamplerState;
  /** The kernel's bandwidth at this step (h for the RBF kernel). */
  readonly bandwidth: number;
}

/**
 * One SVGD step (Liu & Wang 2016, Algorithm 1): scores of the target at the particles, the Stein
 * direction φ* (`steinDirection`), then one optimiser update θ ← θ + ε φ*(θ) (plain with `sgd`,
 * adaptive with `adam`). Data-last: `svgdStep(target, options)(state)`. With one particle the
 * kernel gradient vanishes and k = 1, so the step is gradient ascent on log p.
 */
export const svgdStep =
  (target: Target, options: SvgdOptions) =>
  (state: SamplerState): E.Either<MtlError, SvgdStepResult> => {
    const ok = checkMove(state, options);
    if (E.isLeft(ok)) return ok;
    const raw = scoresAt(target, state.particles);
    if (E.isLeft(raw)) return raw;
    const masked = stepScores(state.particles, [raw.right], options);
    if (E.isLeft(masked)) return masked;
    const scores = masked.right[0]!;
    const terms = kernelTerms(options.kernel ?? rbfKernel(), state.particles);
    if (E.isLeft(terms)) {
      scores.dispose();
      return terms;
    }
    const phi = steinDirectionFrom(terms.right, scores);
    const bandwidth = terms.right.bandwidth;
    disposeKernelMatrix(terms.right);
    scores.dispose();
    const next = moveParticles(state, phi, options);
    phi.dispose();
    return E.map((s: SamplerState) => ({ state: s, bandwidth }))(next);
  };

