import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { klInverseUpper } from './binary-kl.js';
import type { Bound, ClassicBoundArgs } from './bound.js';
import { catoniBound } from './catoni.js';
import { klBound } from './kl-bound.js';
import { lambdaBound } from './lambda-bound.js';
import { mcAllesterBound } from './mcallester.js';
import { delta, empiricalRisk, klDivergence, ordered, sampleSize } from './test-arbitraries.js';
import { left, reference, relativeError, right } from './test-support.js';

// The four classic bounds share their arguments and their promises; one table drives the properties.
const BOUNDS: readonly (readonly [string, (a: ClassicBoundArgs) => Bound])[] = [
  ['McAllester', (a) => right(mcAllesterBound(a))],
  ['kl (Seeger/Maurer)', (a) => right(klBound(a))],
  ['Catoni (C = 2)', (a) => right(catoniBound({ ...a, c: 2 }))],
  ['λ-bound (λ*)', (a) => right(lambdaBound(a))],
];
const args = fc.record({ empirical: empiricalRisk, kl: klDivergence, n: sampleSize, delta });

describe('classic bounds: values', () => {
  it('match 60-digit mpmath re-computations of the formulas to 1e-13 relative', () => {
    for (const c of reference.classic) {
      const a = { empirical: c.empirical, kl: c.kl, n: c.n, delta: c.delta };
      expect(relativeError(right(mcAllesterBound(a)).bound, c.mcallester)).toBeLessThan(1e-13);
      expect(relativeError(right(klBound(a)).bound, c.kl_bound)).toBeLessThan(1e-13);
      expect(relativeError(right(catoniBound({ ...a, c: c.catoni_c })).bound, c.catoni)).toBeLessThan(1e-13);
      const lambda = right(lambdaBound(a));
      expect(relativeError(lambda.lambda, c.lambda_star)).toBeLessThan(1e-13);
      expect(relativeError(lambda.bound, c.lambda_bound)).toBeLessThan(1e-13);
    }
  });

  it('McAllester by hand: r̂ = 0.1, KL = 5, N = 1000, δ = 0.05', () => {
    // ln(2√1000/0.05) = 7.142757093605005; √((5 + 7.142757...)/2000) = 0.0779190512442...
    const b = right(mcAllesterBound({ empirical: 0.1, kl: 5, n: 1000, delta: 0.05 }));
    expect(b.bound).toBeCloseTo(0.17791905124424, 13);
    expect(b.complexity).toBeCloseTo(0.07791905124424, 13);
    expect(b.vacuous).toBe(false);
  });

  it('Catoni by hand at r̂ = 0, KL = 0: (1 − δ^{1/N})/(1 − e^{−C}); and → kl⁻¹₊(0, ln(1/δ)/N) = 1 − δ^{1/N} as C grows', () => {
    expect(right(catoniBound({ empirical: 0, kl: 0, n: 100, delta: 0.01, c: 2 })).bound).toBeCloseTo(0.052051868320747194, 15);
    const large = right(catoniBound({ empirical: 0, kl: 0, n: 100, delta: 0.01, c: 60 })).bound;
    expect(relativeError(large, klInverseUpper(0, Math.log(100) / 100))).toBeLessThan(1e-14);
  });

  it('λ-bound at r̂ = 0: λ* = 1 and the bound is twice the budget (KL + ln(2√N/δ))/N', () => {
    const b = right(lambdaBound({ empirical: 0, kl: 3, n: 500, delta: 0.1 }));
    expect(b.lambda).toBe(1);
    expect(relativeError(b.bound, (2 * (3 + Math.log((2 * Math.sqrt(500)) / 0.1))) / 500)).toBeLessThan(1e-15);
  });

  it('Maurer’s constant is valid for every N ≥ 1: √N ≤ ξ(N) = Σₖ C(N,k)(k/N)^k(1−k/N)^{N−k} ≤ 2√N for N ≤ 1000', () => {
    const logFactorial = [0];
    for (let i = 1; i <= 1000; i++) logFactorial.push(logFactorial[i - 1]! + Math.log(i));
    for (let n = 1; n <= 1000; n++) {
      let xi = 0;
      for (let k = 0; k <= n; k++) {
        const logTerm = logFactorial[n]! - logFactorial[k]! - logFactorial[n - k]! + (k > 0 ? k * Math.log(k / n) : 0) + (k < n ? (n - k) * Math.log(1 - k / n) : 0);
        xi += Math.exp(logTerm);
      }
      expect(xi, `N = ${n}`).toBeLessThanOrEqual(2 * Math.sqrt(n) * (1 + 1e-12));
      expect(xi).toBeGreaterThanOrEqual(Math.sqrt(n));
    }
  });
});

describe('classic bounds: properties', () => {
  test.prop([args], { seed: 42, numRuns: 150 })('each bound is ≥ the empirical risk, and `vacuous` says whether it reaches 1', (a) => {
    for (const [name, bound] of BOUNDS) {
      const b = bound(a);
      expect(b.bound, name).toBeGreaterThanOrEqual(a.empirical);
      expect(b.empirical).toBe(a.empirical);
      expect(b.vacuous).toBe(b.bound >= 1);
    }
  });

  test.prop([args, ordered(sampleSize)], { seed: 42, numRuns: 150 })('each bound decreases (weakly) as N grows', (a, [n1, n2]) => {
    for (const [name, bound] of BOUNDS) expect(bound({ ...a, n: n2 }).bound, name).toBeLessThanOrEqual(bound({ ...a, n: n1 }).bound * (1 + 1e-14));
  });

  test.prop([args, ordered(delta)], { seed: 42, numRuns: 150 })('each bound increases (weakly) as δ shrinks', (a, [d1, d2]) => {
    for (const [name, bound] of BOUNDS) expect(bound({ ...a, delta: d1 }).bound, name).toBeGreaterThanOrEqual(bound({ ...a, delta: d2 }).bound * (1 - 1e-14));
  });

  test.prop([args, ordered(klDivergence)], { seed: 42, numRuns: 150 })('each bound increases (weakly) with KL(Q‖P)', (a, [k1, k2]) => {
    for (const [name, bound] of BOUNDS) expect(bound({ ...a, kl: k2 }).bound, name).toBeGreaterThanOrEqual(bound({ ...a, kl: k1 }).bound * (1 - 1e-14));
  });

  test.prop([args, fc.double({ min: 1e-3, max: 1.999, noNaN: true }), fc.double({ min: 1e-3, max: 50, noNaN: true })], { seed: 42, numRuns: 200 })(
    'the kl bound is the tightest: ≤ McAllester (Pinsker), ≤ the λ-bound at any λ, ≤ 1; Catoni ≥ kl⁻¹₊ of its own budget',
    (a, lambda, c) => {
      const kl = right(klBound(a)).bound;
      expect(kl).toBeLessThanOrEqual(1);
      expect(kl).toBeLessThanOrEqual(right(mcAllesterBound(a)).bound * (1 + 1e-14));
      expect(kl).toBeLessThanOrEqual(right(lambdaBound({ ...a, lambda })).bound * (1 + 1e-14));
      const catoni = right(catoniBound({ ...a, c }));
      expect(catoni.bound).toBeGreaterThanOrEqual(klInverseUpper(a.empirical, catoni.complexity) * (1 - 1e-12));
    },
  );

  test.prop([args.map((a) => ({ ...a, empirical: 0 }))], { seed: 42, numRuns: 150 })(
    'at r̂ = 0 the λ-bound (2B) and Catoni (C = 2) have the fast rate: both ≤ McAllester (√(B/2)) once B = (KL + ln(2√N/δ))/N ≤ 1/8',
    (a) => {
      const mcAllester = right(mcAllesterBound(a));
      const lambda = right(lambdaBound(a));
      fc.pre(lambda.complexity <= 1 / 8);
      expect(lambda.bound).toBeLessThanOrEqual(mcAllester.bound);
      expect(right(catoniBound({ ...a, c: 2 })).bound).toBeLessThanOrEqual(mcAllester.bound);
    },
  );

  test.prop([args, fc.double({ min: 1e-3, max: 1.999, noNaN: true })], { seed: 42, numRuns: 200 })('λ* minimises the λ-bound', (a, lambda) => {
    expect(right(lambdaBound(a)).bound).toBeLessThanOrEqual(right(lambdaBound({ ...a, lambda })).bound * (1 + 1e-14));
  });

  test.prop([fc.record({ empirical: fc.double({ min: 0.01, max: 0.9, noNaN: true }), kl: fc.double({ min: 0, max: 20, noNaN: true }), n: fc.integer({ min: 10, max: 1e5 }), delta })], {
    seed: 42,
    numRuns: 50,
  })('Catoni’s bound, minimised over a grid of C, approaches kl⁻¹₊(r̂, (KL + ln(1/δ))/N) from above', (a) => {
    let best = Infinity;
    for (let c = 0.01; c < 40; c *= 1.01) best = Math.min(best, right(catoniBound({ ...a, c })).bound);
    const target = klInverseUpper(a.empirical, (a.kl - Math.log(a.delta)) / a.n);
    expect(best).toBeGreaterThanOrEqual(target * (1 - 1e-12));
    expect(best - target).toBeLessThan(5e-3 * target); // the grid step of C (1%) limits how close it gets
  });
});

describe('classic bounds: bad arguments', () => {
  const ok = { empirical: 0.1, kl: 1, n: 100, delta: 0.05 };
  it.each([
    [{ ...ok, n: 0 }, 'the sample size N must be a positive integer, got 0.'],
    [{ ...ok, n: 2.5 }, 'the sample size N must be a positive integer, got 2.5.'],
    [{ ...ok, delta: 0 }, 'δ must lie in the open interval (0, 1), got 0.'],
    [{ ...ok, delta: 1 }, 'δ must lie in the open interval (0, 1), got 1.'],
    [{ ...ok, empirical: 1.01 }, 'the empirical risk must lie in [0, 1] (a risk of a loss in [0, 1]), got 1.01.'],
    [{ ...ok, empirical: -0.01 }, 'the empirical risk must lie in [0, 1] (a risk of a loss in [0, 1]), got -0.01.'],
    [{ ...ok, kl: -1e-9 }, 'KL(Q‖P) must be non-negative, got -1e-9.'],
    [{ ...ok, kl: Number.NaN }, 'KL(Q‖P) must be a finite number, got NaN.'],
    [{ ...ok, kl: Infinity }, 'KL(Q‖P) must be a finite number, got Infinity.'],
  ])('%o → Left "%s" from every bound', (a, message) => {
    expect(left(mcAllesterBound(a)).message).toBe(message);
    expect(left(klBound(a)).message).toBe(message);
    expect(left(catoniBound({ ...a, c: 1 })).message).toBe(message);
    expect(left(lambdaBound(a)).message).toBe(message);
  });

  it('rejects Catoni’s C ≤ 0 and λ outside (0, 2)', () => {
    expect(left(catoniBound({ ...ok, c: 0 })).message).toBe("Catoni's C must be positive, got 0.");
    expect(left(lambdaBound({ ...ok, lambda: 2 })).message).toBe('λ must lie in the open interval (0, 2), got 2.');
    expect(left(lambdaBound({ ...ok, lambda: Number.NaN }))._tag).toBe('InvalidArgument');
  });
});
