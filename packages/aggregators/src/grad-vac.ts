import { combine, gramian, invalidArgument, Key, shapeMismatch, statefulAggregator, type StatefulAggregator } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { projectionOrder } from './pcgrad.js';

export interface GradVacOptions {
  /** Randomness of the projection orders; the state carries it from call to call. */
  readonly key: Key;
  /** EMA rate β of the similarity targets (default 0.5, LibMTL's `GradVac_beta`). */
  readonly beta?: number;
  /**
   * 'whenAdjusted' (default, LibMTL): a pair's target moves only on the calls where that pair was
   * adjusted. 'always': every visited pair's target moves, φ̂ ← (1 − β) φ̂ + β φ (the paper's EMA of the observed similarity).
   */
  readonly emaUpdate?: 'whenAdjusted' | 'always';
}

/**
 * GradVac's memory: the key of the next call and the m × m similarity targets φ̂ᵢⱼ (row-major;
 * null until the first call fixes m, meaning all zero). Plain data, never mutated.
 */
export interface GradVacState {
  readonly key: Key;
  readonly targets: Float64Array | null;
}

/**
 * Gradient Vaccine (Wang, Tsvetkov, Firat & Cao, "Gradient Vaccine: Investigating and Improving
 * Multi-task Optimization in Massively Multilingual Models", ICLR 2021, Sec. 3.2; equation numbers as torchjd's docstring cites them): PCGrad with a
 * target similarity. For each task i and each other task j in a random order (as `pcgrad`, same
 * key, same orders), with φ = cos(gᵢᴾᶜ, gⱼ) and target φ̂ = φ̂ᵢⱼ: if φ < φ̂,
 *   gᵢᴾᶜ ← gᵢᴾᶜ + ‖gᵢᴾᶜ‖ (φ̂ √(1 − φ²) − φ √(1 − φ̂²)) / (‖gⱼ‖ √(1 − φ̂²)) · gⱼ     (Eq. 2)
 * and φ̂ᵢⱼ ← (1 − β) φ̂ᵢⱼ + β φ (Eq. 3). The update is Σᵢ gᵢᴾᶜ = Jᵀ w, computed on the Gramian.
 * Defaults and the order of operations follow LibMTL's `GradVac` (β = 0.5, whole-model group,
 * cosines of the current gᵢᴾᶜ, EMA updated when adjusted). Differences: LibMTL's absolute 1e-8
 * guards are replaced by explicit zero-norm cases (a zero gᵢᴾᶜ or gⱼ leaves the pair alone), so
 * the method stays positively homogeneous down to rows of 1e-6; a target of exactly 1 cannot be
 * reached by adding a multiple of gⱼ, and such a pair is left alone too.
 * With all targets 0 (the initial state) Eq. 2 is PCGrad's projection: the first call equals
 * `pcgrad({ key })`. The next call uses `Key.split(key, 1)[0]`.
 */
export const gradVac = (options: GradVacOptions): StatefulAggregator<GradVacState> => {
  const { key, beta = 0.5, emaUpdate = 'whenAdjusted' } = options;
  return statefulAggregator<GradVacState>({ key, targets: null }, (state, J) => {
    if (!(beta >= 0 && beta <= 1)) return E.left(invalidArgument(`gradVac: beta must be in [0, 1], got ${beta}.`));
    const G = gramian(J);
    const m = G.m;
    const g = G.values;
    if (state.targets !== null && state.targets.length !== m * m) {
      return E.left(shapeMismatch(`gradVac: the state holds targets for ${Math.round(Math.sqrt(state.targets.length))} tasks, the Jacobian has ${m}.`));
    }
    const targets = state.targets === null ? new Float64Array(m * m) : Float64Array.from(state.targets);
    const weights = new Float64Array(m);
    const c = new Float64Array(m);
    const gc = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      c.fill(0);
      c[i] = 1;
      for (const j of projectionOrder(state.key, i, m)) {
        if (j === i) continue;
        // gc = G c, so (G c)ⱼ = gᵢᴾᶜ·gⱼ and cᵀ G c = ‖gᵢᴾᶜ‖².
        for (let r = 0; r < m; r++) {
          let s = 0;
          for (let k = 0; k < m; k++) s += g[r * m + k]! * c[k]!;
          gc[r] = s;
        }
        let pcSquared = 0;
        for (let k = 0; k < m; k++) pcSquared += c[k]! * gc[k]!;
        const gjj = g[j * m + j]!;
        if (!(pcSquared > 0 && gjj > 0)) continue;
        const pcNorm = Math.sqrt(pcSquared);
        const gjNorm = Math.sqrt(gjj);
        const phi = Math.min(1, Math.max(-1, gc[j]! / (pcNorm * gjNorm)));
        const target = targets[i * m + j]!;
        const room = Math.sqrt(Math.max(0, 1 - target * target));
        const adjusted = phi < target && room > 0;
        if (adjusted) c[j] = c[j]! + (pcNorm * (target * Math.sqrt(Math.max(0, 1 - phi * phi)) - phi * room)) / (gjNorm * room);
        if (adjusted || emaUpdate === 'always') targets[i * m + j] = (1 - beta) * target + beta * phi;
      }
      for (let k = 0; k < m; k++) weights[k] = weights[k]! + c[k]!;
    }
    return E.right([{ direction: combine(J, weights), weights }, { key: Key.split(state.key, 1)[0]!, targets }] as const);
  });
};
