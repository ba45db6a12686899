import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { chiSquareCdf } from './chi-square.js';
import { perturbationSigma } from './perturbation-sigma.js';
import { left, reference, relativeError, right } from './test-support.js';

const blocks = fc.record({
  n: fc.oneof(fc.integer({ min: 2, max: 100 }), fc.integer({ min: 2, max: 10_000_000 })),
  rho: fc.record({ shared: fc.double({ min: 1e-3, max: 10, noNaN: true }), taskSpecific: fc.double({ min: 1e-3, max: 10, noNaN: true }) }),
  sharedParameters: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 1_000_000 })),
  taskParameters: fc.array(fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 100_000 })), { minLength: 1, maxLength: 4 }),
});

describe('perturbationSigma (seed 003, Theorem 4, eqs. 21–22)', () => {
  it('matches the fixture: the seed’s level (mpmath) and the exact chi-square tail (scipy isf)', () => {
    for (const c of reference.theorem4) {
      const args = { n: c.n, rho: { shared: c.rho_shared, taskSpecific: c.rho_task }, sharedParameters: c.shared_parameters, taskParameters: c.task_parameters };
      const seed = right(perturbationSigma({ ...args, method: 'seed' }));
      const exact = right(perturbationSigma(args));
      [seed.shared, ...seed.tasks].forEach((s, i) => expect(relativeError(s, c.sigma_seed[i])).toBeLessThan(1e-14));
      [exact.shared, ...exact.tasks].forEach((s, i) => expect(relativeError(s, c.sigma_chi_square[i])).toBeLessThan(1e-12));
      expect(exact.method).toBe('chi-square');
    }
  });

  it('by hand: the seed’s σ for T = 1, N = 100, ρ = 1 is 1/√(2 ln 10 + 1 + 2√(ln 10))', () => {
    const s = right(perturbationSigma({ n: 100, rho: { shared: 1, taskSpecific: 1 }, sharedParameters: 1, taskParameters: [1], method: 'seed' }));
    expect(s.sigma).toBeCloseTo(0.34020642745495305, 15);
  });

  test.prop([blocks], { seed: 42, numRuns: 60 })(
    'the chi-square σ keeps each block in its ball with probability exactly 1 − 1/√N; the seed’s σ is smaller and at least as safe',
    (a) => {
      const exact = right(perturbationSigma(a));
      const seed = right(perturbationSigma({ ...a, method: 'seed' }));
      const target = 1 - 1 / Math.sqrt(a.n);
      const inBall = (rho: number, sigma: number, t: number) => right(chiSquareCdf((rho / sigma) ** 2, t));
      expect(Math.abs(inBall(a.rho.shared, exact.shared, a.sharedParameters) - target)).toBeLessThan(1e-12);
      expect(inBall(a.rho.shared, seed.shared, a.sharedParameters)).toBeGreaterThanOrEqual(target - 1e-12);
      expect(seed.shared).toBeLessThanOrEqual(exact.shared * (1 + 1e-13));
      a.taskParameters.forEach((t, i) => {
        expect(Math.abs(inBall(a.rho.taskSpecific, exact.tasks[i]!, t) - target)).toBeLessThan(1e-12);
        expect(seed.tasks[i]).toBeLessThanOrEqual(exact.tasks[i]! * (1 + 1e-13));
      });
      expect(exact.sigma).toBe(Math.min(exact.shared, ...exact.tasks));
      expect(seed.sigma).toBe(Math.min(seed.shared, ...seed.tasks));
    },
  );

  test.prop([blocks, fc.double({ min: 0.01, max: 100, noNaN: true })], { seed: 42, numRuns: 60 })('is linear in the radii', (a, k) => {
    const base = right(perturbationSigma(a)).sigma;
    const scaled = right(perturbationSigma({ ...a, rho: { shared: k * a.rho.shared, taskSpecific: k * a.rho.taskSpecific } })).sigma;
    expect(relativeError(scaled, k * base)).toBeLessThan(1e-14);
  });

  it('rejects N < 2, non-positive radii, non-integer sizes (naming the task) and no task', () => {
    const ok = { n: 100, rho: { shared: 0.05, taskSpecific: 0.05 }, sharedParameters: 10, taskParameters: [5, 5] };
    expect(left(perturbationSigma({ ...ok, n: 1 })).message).toBe('Theorem 4 needs N ≥ 2: with N = 1 the tail probability 1/√N is 1 and σ is unbounded.');
    expect(left(perturbationSigma({ ...ok, rho: { shared: 0, taskSpecific: 1 } })).message).toBe('ρ_sh must be positive, got 0.');
    expect(left(perturbationSigma({ ...ok, taskParameters: [5, 0] })).message).toBe('task 1: the number of task-specific parameters must be a positive integer, got 0.');
    expect(left(perturbationSigma({ ...ok, taskParameters: [] }))._tag).toBe('EmptyInput');
  });
});
