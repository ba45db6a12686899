import { fromWeighting, type Aggregator, type Weighting } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { normalizeGramian, regularizeGramian } from './gramian-normalization.js';
import { failingWeighting } from './options.js';
import { resolvePrefVector } from './pref-vector.js';
import { projectWeights } from './solvers/dual-cone.js';
import { dualConeOptions, type UpgradOptions } from './upgrad.js';

/** DualProj's options are UPGrad's: prefVector (default 'mean'), normEps and regEps (1e-4). */
export type DualProjOptions = UpgradOptions;

const weighting = ({ prefVector, normEps, regEps }: Required<DualProjOptions>): Weighting => (G) =>
  pipe(
    resolvePrefVector(prefVector, G.m),
    E.chain((u) => projectWeights(regularizeGramian(normalizeGramian(G, normEps), regEps), u)),
  );

/** The DualProj weights: argmin { vᵀGv : v ≥ u } on the normalised, regularised G. */
export const dualProjWeighting = (options: DualProjOptions = {}): Weighting =>
  E.match(failingWeighting, weighting)(dualConeOptions(options));

/**
 * DualProj (Quinton & Rey 2024, "Jacobian Descent for Multi-Objective Optimization"; the
 * projection of GEM, Lopez-Paz & Ranzato 2017, eq. 11): the preference-weighted average Jᵀu is
 * projected onto the dual cone of the rows, d = π_J(Jᵀu) = Jᵀv, v = argmin { vᵀGv : v ≥ u }
 * (Proposition 1), solved exactly by `projectWeights` on G / tr(G) + regEps·I as torchjd's
 * `_dualproj.py` does (defaults prefVector 'mean', normEps 1e-4, regEps 1e-4). d conflicts with no
 * task (gᵢᵀd ≥ −regEps·tr(G)·vᵢ) as long as ‖J‖_F² ≥ normEps; below, torchjd's absolute normEps
 * makes the Gramian count as zero and d = Jᵀu (normEps: 0 removes that threshold).
 */
export const dualProj = (options: DualProjOptions = {}): Aggregator => fromWeighting(dualProjWeighting(options));
