import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { gaussianKlIsotropic } from './gaussian-kl.js';
import { gaussianPerturbationBound, type GaussianPerturbationArgs } from './gaussian-perturbation-bound.js';
import { delta, ordered } from './test-arbitraries.js';
import { left, reference, relativeError, right } from './test-support.js';

const args: fc.Arbitrary<GaussianPerturbationArgs> = fc
  .record({
    parameters: fc.oneof(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 1_000_000 })),
    squaredNorm: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e4, noNaN: true })),
    sigma: fc.double({ min: 1e-4, max: 10, noNaN: true }),
    n: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 10_000_000 })),
    delta,
    lossBound: fc.double({ min: 0.1, max: 10, noNaN: true }),
    share: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ share, ...a }) => ({ ...a, empirical: share * a.lossBound }));

const bound = (a: GaussianPerturbationArgs) => right(gaussianPerturbationBound(a));

describe('gaussianPerturbationBound (seed 003, Theorem 2)', () => {
  it('matches 60-digit mpmath re-computations (bound, j*, σ²_{P_j*}, KL(Q‖P_j*), unrelaxed bound)', () => {
    for (const c of reference.theorem2) {
      const b = bound(c);
      expect(relativeError(b.complexity, c.complexity)).toBeLessThan(1e-13);
      expect(relativeError(b.bound, c.bound)).toBeLessThan(1e-13);
      if (c.prior_index === undefined) {
        expect(b.prior).toBeNull();
        continue;
      }
      expect(b.prior?.index).toBe(c.prior_index);
      expect(relativeError(b.prior!.variance, c.prior_variance)).toBeLessThan(1e-12);
      expect(Math.abs(b.prior!.kl - c.prior_kl)).toBeLessThanOrEqual(1e-12 * (1 + c.prior_kl));
      expect(relativeError(b.prior!.unrelaxed, c.unrelaxed)).toBeLessThan(1e-12);
    }
  });

  it('by hand: T = 10, θ = 0, σ = 1, N = 100, δ = 0.1, L = 2 gives (½ + ln 10 + 6 ln 110 + ½)/10', () => {
    const b = bound({ empirical: 0.25, parameters: 10, squaredNorm: 0, sigma: 1, n: 100, delta: 0.1, lossBound: 2 });
    // ½ + 0 + 2.302585092994046 + 6·4.700480365792417 + 4/8 = 31.505467287748548
    expect(b.complexity).toBeCloseTo(3.1505467287748548, 14);
    expect(b.bound).toBeCloseTo(3.4005467287748548, 14);
    expect(b.vacuous).toBe(true);
  });

  test.prop([args], { seed: 42, numRuns: 200 })(
    'is ≥ the empirical loss; the union bound’s prior satisfies the seed’s sandwich and its unrelaxed bound is ≤ the stated one',
    (a) => {
      const b = bound(a);
      expect(b.bound).toBeGreaterThanOrEqual(a.empirical);
      expect(b.vacuous).toBe(b.bound >= a.lossBound);
      if (b.prior === null) {
        // ‖θ‖² > Tσ²(e^{4N/T} − 1): the seed's Cauchy–Schwarz step makes the complexity ≥ L.
        expect(Math.log1p(a.squaredNorm / (a.parameters * a.sigma ** 2))).toBeGreaterThan((4 * a.n) / a.parameters);
        expect(b.complexity).toBeGreaterThanOrEqual(a.lossBound);
        return;
      }
      const v0 = a.sigma ** 2 + a.squaredNorm / a.parameters;
      expect(b.prior.index).toBeGreaterThanOrEqual(1);
      expect(b.prior.variance).toBeGreaterThanOrEqual(v0 * (1 - 1e-12));
      expect(b.prior.variance).toBeLessThanOrEqual(Math.exp(1 / a.parameters) * v0 * (1 + 1e-12));
      expect(b.prior.unrelaxed).toBeGreaterThanOrEqual(a.empirical);
      expect(b.prior.unrelaxed).toBeLessThanOrEqual(b.bound * (1 + 1e-12));
    },
  );

  test.prop([args.filter((a) => a.parameters <= 2000)], { seed: 42, numRuns: 100 })('its KL(Q‖P_j*) is the isotropic Gaussian KL of N(θ, σ²I) against N(0, σ²_{P_j*} I)', (a) => {
    const b = bound(a);
    fc.pre(b.prior !== null);
    const theta = new Float64Array(a.parameters);
    theta[0] = Math.sqrt(a.squaredNorm);
    const kl = right(gaussianKlIsotropic({ mean: theta, std: a.sigma }, { mean: new Float64Array(a.parameters), std: Math.sqrt(b.prior!.variance) }));
    expect(Math.abs(b.prior!.kl - kl)).toBeLessThanOrEqual(1e-9 * (1 + kl));
  });

  test.prop([args, ordered(delta)], { seed: 42, numRuns: 150 })('increases as δ shrinks', (a, [d1, d2]) => {
    expect(bound({ ...a, delta: d1 }).bound).toBeGreaterThanOrEqual(bound({ ...a, delta: d2 }).bound);
  });

  test.prop([args, ordered(fc.integer({ min: 1, max: 10_000_000 }))], { seed: 42, numRuns: 150 })('decreases as N grows, whenever N + T ≥ 7', (a, [n1, n2]) => {
    fc.pre(n1 + a.parameters >= 7);
    expect(bound({ ...a, n: n2 }).bound).toBeLessThanOrEqual(bound({ ...a, n: n1 }).bound * (1 + 1e-14));
  });

  it('is not monotone in N for tiny N + T (a property of the seed’s 6 ln(N + T)/√N): T = 1, N = 1 → 2', () => {
    const a = { empirical: 0, parameters: 1, squaredNorm: 0, sigma: 1, delta: 0.99, lossBound: 0.1 };
    expect(bound({ ...a, n: 2 }).bound).toBeGreaterThan(bound({ ...a, n: 1 }).bound);
  });

  it.each([
    [{ lossBound: 0 }, 'the loss bound L must be positive, got 0.'],
    [{ empirical: 2.5 }, 'the perturbed empirical loss must lie in [0, 2] (a loss in [0, L]), got 2.5.'],
    [{ parameters: 10.5 }, 'the number of parameters T must be a positive integer, got 10.5.'],
    [{ squaredNorm: -1 }, 'the squared norm ‖θ‖² must be non-negative, got -1.'],
    [{ sigma: 0 }, 'σ must be positive, got 0.'],
    [{ n: 0 }, 'the sample size N must be a positive integer, got 0.'],
    [{ delta: 1.5 }, 'δ must lie in the open interval (0, 1), got 1.5.'],
    [{ sigma: Infinity }, 'σ must be a finite number, got Infinity.'],
  ])('%o → Left "%s"', (change, message) => {
    const ok = { empirical: 0.5, parameters: 10, squaredNorm: 1, sigma: 0.1, n: 100, delta: 0.05, lossBound: 2 };
    expect(left(gaussianPerturbationBound({ ...ok, ...change })).message).toBe(message);
  });
});
