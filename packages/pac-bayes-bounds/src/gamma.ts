import { bracketMidpoint } from './bracket-midpoint.js';
import { xMinusLog1pWith } from './x-minus-log1p.js';

// Lanczos approximation, g = 7, n = 9 (the widely published coefficient set; relative error
// of Γ about 1e-15 for x ≥ 1/2).
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** ln Γ(x) for x > 0 (Lanczos; ln Γ(x) = ln Γ(x + 1) − ln x below 1/2). Absolute error ~1e-15·max(1, |ln Γ|). */
export const lnGamma = (x: number): number => {
  if (x < 0.5) return lnGamma(x + 1) - Math.log(x);
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
};

/**
 * The Stirling remainder ln Γ(a) − [(a − ½) ln a − a + ½ ln 2π] for a ≥ 10, by its asymptotic
 * series Σ B₂ₖ / (2k(2k−1) a^{2k−1}) up to k = 7 (next term < 3e-17 at a = 10).
 */
const stirlingRemainder = (a: number): number => {
  const r = 1 / (a * a);
  return (1 / 12 - r * (1 / 360 - r * (1 / 1260 - r * (1 / 1680 - r * (1 / 1188 - r * (691 / 360360 - r / 156)))))) / a;
};

/**
 * ln(x^a e^{−x} / Γ(a)). For a ≥ 10 it is written as ½ ln(a/2π) − a·φ((x − a)/a) − stirlingRemainder(a)
 * with φ(η) = η − log1p(η), which avoids the cancellation of a ln x − x − ln Γ(a) when a is large
 * (the usual device of Temme and of DiDonato & Morris 1986).
 */
const logPowerOverGamma = (a: number, x: number): number =>
  a < 10
    ? a * Math.log(x) - x - lnGamma(a)
    : 0.5 * Math.log(a / (2 * Math.PI)) - a * xMinusLog1pWith((x - a) / a, () => Math.log(x / a)) - stirlingRemainder(a);

/** Iteration cap: the series and the continued fraction need O(√a) terms near x ≈ a. */
const maxIterations = (a: number): number => 1000 + Math.ceil(60 * Math.sqrt(a));

/** P(a, x) = x^a e^{−x}/Γ(a+1) · Σₙ xⁿ / ((a+1)…(a+n)), for x < a + 1. NaN if it does not converge. */
const seriesP = (a: number, x: number): number => {
  let term = 1;
  let sum = 1;
  const cap = maxIterations(a);
  for (let n = 1; ; n++) {
    if (n > cap) return Number.NaN;
    term *= x / (a + n);
    sum += term;
    if (term <= sum * 1e-17) break;
  }
  return Math.exp(logPowerOverGamma(a, x) - Math.log(a)) * sum;
};

const TINY = 1e-300;

/**
 * Q(a, x) = x^a e^{−x}/Γ(a) · 1/(x+1−a− 1(1−a)/(x+3−a− 2(2−a)/(x+5−a− …))), for x ≥ a + 1,
 * evaluated by the modified Lentz method. NaN if it does not converge.
 */
const continuedFractionQ = (a: number, x: number): number => {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  const cap = maxIterations(a);
  for (let i = 1; ; i++) {
    if (i > cap) return Number.NaN;
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) <= 1e-15) break;
  }
  return Math.exp(logPowerOverGamma(a, x)) * h;
};

/** Both regularised incomplete gamma functions P(a, x) + Q(a, x) = 1, each computed on its accurate side. */
export interface GammaTails {
  readonly lower: number;
  readonly upper: number;
}

/**
 * The regularised incomplete gamma functions P(a, x) = γ(a, x)/Γ(a) and Q(a, x) = Γ(a, x)/Γ(a),
 * for a > 0, x ≥ 0 (not checked here). The series is used below x = a + 1 (where P ≤ ~0.6) and the
 * continued fraction above (where Q ≤ ~0.6), so the smaller tail never comes from 1 − (the other).
 * NaN only if an iteration cap is hit (never observed; callers turn it into a SolverFailed error).
 */
export const gammaTails = (a: number, x: number): GammaTails => {
  if (x === 0) return { lower: 0, upper: 1 };
  if (x === Infinity) return { lower: 1, upper: 0 };
  if (x < a + 1) {
    const lower = seriesP(a, x);
    return { lower, upper: 1 - lower };
  }
  const upper = continuedFractionQ(a, x);
  return { lower: 1 - upper, upper };
};

/** The Gamma(a, 1) density x^{a−1} e^{−x} / Γ(a) for x > 0. */
export const gammaDensity = (a: number, x: number): number => Math.exp(logPowerOverGamma(a, x) - Math.log(x));

/**
 * The x with P(a, x) = target (side 'lower') or Q(a, x) = target (side 'upper'), for 0 < target ≤ ½
 * (the caller passes the smaller tail, so no information is lost to 1 − p). A bracket is grown
 * from x = a by doubling or halving, then safeguarded Newton steps (bisection, geometric while the
 * bracket spans more than a factor 2, whenever a step would leave the bracket or converge too
 * slowly) run until the step or the bracket is below 4 ulp. NaN if it fails to converge (callers report SolverFailed).
 */
export const gammaQuantile = (a: number, target: number, side: 'lower' | 'upper'): number => {
  // g(x) increasing in x, g(root) = 0.
  const g = (x: number): number => {
    const t = gammaTails(a, x);
    return side === 'lower' ? t.lower - target : target - t.upper;
  };
  let lo: number;
  let hi: number;
  let x = a;
  let gx = g(x);
  if (Number.isNaN(gx)) return Number.NaN;
  if (gx === 0) return x;
  if (gx < 0) {
    lo = x;
    hi = 2 * x;
    while (g(hi) < 0) {
      lo = hi;
      hi *= 2;
      if (!Number.isFinite(hi)) return Number.NaN;
    }
  } else {
    hi = x;
    lo = x / 2;
    while (g(lo) > 0) {
      hi = lo;
      lo /= 2;
      if (lo === 0) return 0;
    }
  }
  // Newton with a bracket (rtsafe): bisect when a step would leave the bracket or fails to halve
  // the step before last, so the bracket keeps shrinking even where g is rounding noise.
  x = bracketMidpoint(lo, hi);
  let stepBeforeLast = hi - lo;
  let lastStep = stepBeforeLast;
  for (let i = 0; i < 400; i++) {
    gx = g(x);
    if (Number.isNaN(gx)) return Number.NaN;
    if (gx === 0) return x;
    if (gx < 0) lo = x;
    else hi = x;
    const newton = x - gx / gammaDensity(a, x);
    const next = newton > lo && newton < hi && 2 * Math.abs(newton - x) <= Math.abs(stepBeforeLast) ? newton : bracketMidpoint(lo, hi);
    stepBeforeLast = lastStep;
    lastStep = next - x;
    if (Math.abs(lastStep) <= 4 * Number.EPSILON * x || hi - lo <= 4 * Number.EPSILON * hi) return next;
    x = next;
  }
  return Number.NaN;
};
