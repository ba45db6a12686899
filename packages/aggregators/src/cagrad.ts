import { fromWeighting, invalidArgument, solverFailed, type Aggregator, type Gramian, type MtlError, type Weighting } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { normalizeGramian } from './gramian-normalization.js';
import { checkNumber, failingWeighting } from './options.js';
import { quadraticForm } from './solvers/dense.js';
import { simplexQp } from './solvers/min-norm-point.js';

export interface CagradOptions {
  /** Radius of the ball around the mean gradient, relative to its norm (default 0.5, LibMTL's calpha). */
  readonly c?: number;
  /**
   * Final scaling of d: 0 none (default: the paper's Algorithm 1 and torchjd), 1 d/(1 + c²) (the
   * official code's and LibMTL's default), 2 d/(1 + c).
   */
  readonly rescale?: 0 | 1 | 2;
  /**
   * torchjd's norm_eps (default 1e-4): a Gramian with trace below it counts as zero, and below this
   * norm of g_w on the trace-normalised Gramian the weights are 0 ("on the Pareto front"). The first
   * rule is absolute, so with the default a Jacobian with ‖J‖_F² < 1e-4 gets zero weights, as in
   * torchjd; 0 makes CAGrad scale-free (‖g_w‖ below 1e-6 of the longest row still counts as 0).
   */
  readonly normEps?: number;
}

const checked = (options: CagradOptions): E.Either<MtlError, Required<CagradOptions>> =>
  pipe(
    E.Do,
    E.apS('c', checkNumber('c', options.c ?? 0.5, 0)),
    E.apS('normEps', checkNumber('normEps', options.normEps ?? 1e-4, 0)),
    E.apS('rescale', checkRescale(options.rescale)),
  );

const checkRescale = (rescale: unknown): E.Either<MtlError, 0 | 1 | 2> =>
  rescale === undefined || rescale === 0 || rescale === 1 || rescale === 2
    ? E.right(rescale ?? 0)
    : E.left(invalidArgument(`option rescale must be 0, 1 or 2, got ${String(rescale)}.`));

/**
 * x(t) = Π_C(−τ g₀), τ = t/s, the projection onto the convex hull C of the rows, as simplex
 * weights: argmin ‖Jᵀw + τg₀‖² = argmin wᵀGw + 2τ rᵀw with r = J g₀ = G1/m; solved from the
 * previous t's weights `start` (the support changes little between the root search's steps).
 */
const projectionWeights = (G: Gramian, r: Float64Array, tau: number, start: Float64Array | undefined): E.Either<MtlError, Float64Array> =>
  simplexQp(G, r.map((v) => tau * v), start);

const MAX_ROOT_ITERATIONS = 200;

const weighting = ({ c, rescale, normEps }: Required<CagradOptions>): Weighting => (G0) => {
  const m = G0.m;
  const G = normalizeGramian(G0, normEps);
  const r = Float64Array.from({ length: m }, (_, i) => {
    let s = 0;
    for (let j = 0; j < m; j++) s += G.values[i * m + j]!;
    return s / m;
  });
  const g0sq = Math.max(0, r.reduce((a, b) => a + b, 0) / m);
  const s = c * Math.sqrt(g0sq);
  const factor = rescale === 0 ? 1 : rescale === 1 ? 1 / (1 + c * c) : 1 / (1 + c);
  const mean = new Float64Array(m).fill(factor / m);
  let maxNorm = 0;
  for (let i = 0; i < m; i++) maxNorm = Math.max(maxNorm, Math.sqrt(Math.max(0, G.values[i * m + i]!)));
  if (maxNorm === 0) return E.right(new Float64Array(m));
  // c = 0 or g₀ = 0: the ball has radius 0 and d is the mean gradient.
  if (!(s > 0)) return E.right(mean);
  // ψ(t) = 1 − ‖x(t)‖/t is non-decreasing (the optimal value is convex in t); its root t* = ‖G_w‖.
  // Each solve starts from the previous one's weights (local to this call).
  let previous: Float64Array | undefined;
  const normAt = (t: number): E.Either<MtlError, readonly [number, Float64Array]> =>
    E.map((w: Float64Array) => {
      previous = w;
      return [Math.sqrt(Math.max(0, quadraticForm(m, G.values, w))), w] as const;
    })(projectionWeights(G, r, t / s, previous));
  // The weights grow like 1/‖g_w‖ and their rounding like 1/‖g_w‖²: below 1e-6 of the longest
  // row the rows count as Pareto-stationary whatever normEps says.
  const floor = Math.max(normEps, 1e-6 * maxNorm);
  const low = normAt(floor);
  if (E.isLeft(low)) return low;
  // t* ≤ normEps: torchjd's "approximately on the Pareto front", zero weights.
  if (low.right[0] <= floor) return E.right(new Float64Array(m));
  // Illinois (modified regula falsi) on ψ(t) = 1 − ‖x(t)‖/t over [normEps, max‖gᵢ‖], where
  // ψ(lo) < 0 ≤ ψ(hi); a step that would not land inside the bracket bisects instead.
  let lo = floor;
  let hi = maxNorm;
  let fLo = 1 - low.right[0] / lo;
  const top = normAt(hi);
  if (E.isLeft(top)) return top;
  let fHi = 1 - top.right[0] / hi;
  let side = 0;
  let final: readonly [number, Float64Array] = top.right;
  // Every third step must have halved the bracket, else it bisects (ψ is only piecewise smooth).
  let width = hi - lo;
  for (let iteration = 0; fHi !== 0; iteration++) {
    if (iteration >= MAX_ROOT_ITERATIONS) return E.left(solverFailed('the CAGrad root search did not converge.'));
    const secant = (lo * fHi - hi * fLo) / (fHi - fLo);
    const bisect = iteration % 3 === 2 && hi - lo > 0.5 * width;
    if (iteration % 3 === 2) width = hi - lo;
    const t = !bisect && secant > lo && secant < hi ? secant : 0.5 * (lo + hi);
    const at = normAt(t);
    if (E.isLeft(at)) return at;
    const f = 1 - at.right[0] / t;
    final = at.right;
    if (hi - lo <= 1e-15 * hi || Math.abs(f) <= 1e-15) break;
    if (f < 0) {
      lo = t;
      fLo = f;
      if (side === -1) fHi /= 2;
      side = -1;
    } else {
      hi = t;
      fHi = f;
      if (side === 1) fLo /= 2;
      side = 1;
    }
  }
  const [norm, w] = final;
  if (!(norm >= floor)) return E.right(new Float64Array(m));
  return E.right(w.map((wi) => factor * (1 / m + (s / norm) * wi)));
};

/** The CAGrad weights: 1/m + (√φ/‖G_w‖) w, w the solution of the CAGrad dual on the simplex. */
export const cagradWeighting = (options: CagradOptions = {}): Weighting => E.match(failingWeighting, weighting)(checked(options));

/**
 * CAGrad (Liu et al. 2021, "Conflict-Averse Gradient Descent for Multi-task Learning", NeurIPS,
 * Algorithm 1): maximise the worst task improvement minᵢ gᵢᵀd over the ball
 * ‖d − g₀‖ ≤ c‖g₀‖ around the mean gradient g₀. Its dual: w = argmin_{w ∈ Δ} g_wᵀg₀ + √φ ‖g_w‖,
 * √φ = c‖g₀‖, and d = g₀ + (√φ/‖g_w‖) g_w, i.e. weights 1/m + (√φ/‖g_w‖) w — as torchjd's
 * `_cagrad.py` computes them on the trace-normalised Gramian (normEps 1e-4: zero weights when
 * ‖g_w‖ < normEps there). The dual is solved exactly rather than with cvxpy (torchjd) or SLSQP
 * (LibMTL): at the optimum g_w = Π_C(−τ g₀), the projection onto the convex hull C of the rows,
 * with τ = ‖g_w‖/√φ, the root of the non-decreasing ψ(t) = 1 − ‖Π_C(−(t/√φ)g₀)‖/t, found by the
 * Illinois method safeguarded by bisection (|ψ| ≤ 1e-15 or a bracket of 1e-15 relative, at most
 * 200 steps),
 * each projection an exact simplex QP (`simplexQp`). Defaults: c = 0.5 (LibMTL), rescale 0
 * (torchjd; LibMTL and the official code default to 1, d/(1 + c²)). c = 0 gives the mean.
 */
export const cagrad = (options: CagradOptions = {}): Aggregator => fromWeighting(cagradWeighting(options));
