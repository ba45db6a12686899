import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { invalidArgument, type MtlError } from '@mtlkit/core';
import { statelessWeighting } from './stateless-weighting.js';
import { optionError, taskValues, type LossWeighting } from './weighting.js';

export interface PbiOptions {
  /** θ ≥ 0, the penalty on the distance to the preference ray (default 5, as pymoo and LibMOON). */
  readonly theta?: number;
  /** Preference vector λ (≥ 0, not all 0); default equal preferences. */
  readonly preference?: readonly number[];
  /** Ideal point z* (default 0, the lower bound of non-negative losses). */
  readonly ideal?: readonly number[];
}

/**
 * Penalty-based boundary intersection (Zhang & Li, MOEA/D, IEEE TEVC 2007, eq. 6-7; LibMOON's `pbi`
 * scalarisation): with F = L − z* and λ̂ = λ/‖λ‖, g = d₁ + θ d₂ where d₁ = ⟨F, λ̂⟩ is the progress
 * along the preference ray and d₂ = ‖F − d₁ λ̂‖ the distance to it. Its gradient is Σᵢ wᵢ ∇Lᵢ with
 * w = λ̂ + θ (F − d₁ λ̂)/d₂ (w = λ̂ where d₂ = 0, i.e. below 1e-12·‖F‖). The weights are bounded by
 * 1 + θ in absolute value and may be negative: PBI pulls the losses toward the ray. F is scaled by
 * max |Fᵢ| first (w does not change), so huge losses do not overflow. Stateless.
 */
export const pbi = (options: PbiOptions = {}): LossWeighting<null> => {
  const name = 'pbi';
  const theta = options.theta ?? 5;
  const vector = (m: number): E.Either<MtlError, { readonly lambda: Float64Array; readonly ideal: Float64Array }> =>
    pipe(
      options.preference === undefined ? E.right(new Float64Array(m).fill(1)) : taskValues(name, 'the preference', options.preference, m, true),
      E.chain((p) => (p.some((v) => v > 0) ? E.right(p) : E.left(invalidArgument(`${name}: the preference must have a positive entry.`)))),
      E.chain((lambda) =>
        pipe(
          options.ideal === undefined ? E.right(new Float64Array(m)) : taskValues(name, 'the ideal point', options.ideal, m, false),
          E.map((ideal) => ({ lambda, ideal })),
        ),
      ),
    );
  return statelessWeighting({
    name,
    claims: { nonNegative: false, sum: null, permutationInvariant: true },
    valid: optionError(name, Number.isFinite(theta) && theta >= 0, `theta must be a finite number ≥ 0, got ${theta}.`),
    nonNegativeLosses: false,
    formula: (l) =>
      pipe(
        vector(l.length),
        E.map(({ lambda, ideal }) => {
          const norm = Math.hypot(...lambda);
          const dir = lambda.map((v) => v / norm);
          const raw = l.map((v, i) => v - ideal[i]!);
          const scale = raw.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
          if (scale === 0 || !Number.isFinite(scale)) return dir;
          const f = raw.map((v) => v / scale);
          const d1 = f.reduce((a, v, i) => a + v * dir[i]!, 0);
          const r = f.map((v, i) => v - d1 * dir[i]!);
          const d2 = Math.hypot(...r);
          const fNorm = Math.hypot(...f);
          return d2 <= 1e-12 * fNorm ? dir : dir.map((v, i) => v + (theta * r[i]!) / d2);
        }),
      ),
  });
};
