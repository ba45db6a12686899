import { fromWeighting, type Aggregator, type MtlError, type Weighting } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { normalizeGramian, regularizeGramian } from './gramian-normalization.js';
import { checkNumber, failingWeighting } from './options.js';
import { resolvePrefVector, type PrefVector } from './pref-vector.js';
import { projectWeights } from './solvers/dual-cone.js';

export interface UpgradOptions {
  /** Weights combining the projected rows (default 'mean', 1/m each, as torchjd). */
  readonly prefVector?: PrefVector;
  /** G is replaced by G / tr(G), or by 0 when tr(G) < normEps (default 1e-4, torchjd). */
  readonly normEps?: number;
  /** Then by G + regEps·I, so that the QPs are strictly convex (default 1e-4, torchjd). */
  readonly regEps?: number;
}

/** Checked options, shared with `dualProj`. */
export const dualConeOptions = (options: UpgradOptions): E.Either<MtlError, Required<UpgradOptions>> =>
  pipe(
    E.Do,
    E.apS('normEps', checkNumber('normEps', options.normEps ?? 1e-4, 0)),
    E.apS('regEps', checkNumber('regEps', options.regEps ?? 1e-4, 0)),
    E.map(({ normEps, regEps }) => ({ prefVector: options.prefVector ?? 'mean', normEps, regEps })),
  );

const weighting = ({ prefVector, normEps, regEps }: Required<UpgradOptions>): Weighting => (G) =>
  pipe(
    resolvePrefVector(prefVector, G.m),
    E.chain((u) => {
      const m = G.m;
      const Gr = regularizeGramian(normalizeGramian(G, normEps), regEps);
      const total = new Float64Array(m);
      for (let i = 0; i < m; i++) {
        if (u[i] === 0) continue;
        const e = new Float64Array(m);
        e[i] = u[i]!;
        const v = projectWeights(Gr, e);
        if (E.isLeft(v)) return v;
        for (let j = 0; j < m; j++) total[j] = total[j]! + v.right[j]!;
      }
      return E.right(total);
    }),
  );

/** The UPGrad weights: Σᵢ vᵢ with vᵢ = argmin { vᵀGv : v ≥ uᵢeᵢ } on the normalised, regularised G. */
export const upgradWeighting = (options: UpgradOptions = {}): Weighting =>
  E.match(failingWeighting, weighting)(dualConeOptions(options));

/**
 * UPGrad (Quinton & Rey 2024, "Jacobian Descent for Multi-Objective Optimization", A_UPGrad):
 * each row gᵢ, weighted by the preference uᵢ, is projected onto the dual cone of the rows
 * {x : Jx ≥ 0} (the projection π_J of their eq. 3), and the projections are summed:
 * d = Σᵢ π_J(uᵢ gᵢ) = Jᵀ Σᵢ vᵢ. The projection weights vᵢ = argmin { vᵀGv : v ≥ uᵢeᵢ } (Proposition 1) are computed exactly by `projectWeights`, on
 * G / tr(G) + regEps·I as torchjd's `_upgrad.py` does (defaults prefVector 'mean', normEps 1e-4,
 * regEps 1e-4, the values of torchjd and of the reference fixture). d conflicts with no task
 * (gᵢᵀd ≥ −regEps·tr(G)·vᵢ, the regularisation's slack) and its weights are ≥ uᵢ. torchjd's normEps
 * is absolute: when ‖J‖_F² < normEps the Gramian counts as zero and d is the preference-weighted
 * sum Jᵀu, conflicts included — pass normEps: 0 for a scale-free UPGrad. Left `InvalidArgument`
 * for a negative or non-finite eps, `ShapeMismatch` for a preference vector of the wrong length.
 */
export const upgrad = (options: UpgradOptions = {}): Aggregator => fromWeighting(upgradWeighting(options));
