import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { flatRegionBounds, type FlatRegionArgs } from './flat-region-bounds.js';
import { gaussianPerturbationBound } from './gaussian-perturbation-bound.js';
import { perturbationSigma } from './perturbation-sigma.js';
import { delta, ordered } from './test-arbitraries.js';
import { left, reference, relativeError, right } from './test-support.js';

const size = fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 100_000 }));
const args: fc.Arbitrary<FlatRegionArgs> = fc
  .record({
    n: fc.oneof(fc.integer({ min: 2, max: 100 }), fc.integer({ min: 2, max: 10_000_000 })),
    delta,
    lossBound: fc.double({ min: 0.1, max: 5, noNaN: true }),
    rho: fc.record({ shared: fc.double({ min: 1e-3, max: 1, noNaN: true }), taskSpecific: fc.double({ min: 1e-3, max: 1, noNaN: true }) }),
    shared: fc.record({ parameters: size, squaredNorm: fc.double({ min: 0, max: 1e3, noNaN: true }) }),
    tasks: fc.array(fc.record({ parameters: size, squaredNorm: fc.double({ min: 0, max: 1e3, noNaN: true }), share: fc.double({ min: 0, max: 1, noNaN: true }) }), {
      minLength: 1,
      maxLength: 3,
    }),
  })
  .map(({ tasks, ...a }) => ({ ...a, tasks: tasks.map(({ share, ...t }) => ({ ...t, empirical: share * a.lossBound })) }));

const bounds = (a: FlatRegionArgs) => right(flatRegionBounds(a)).tasks.map((t) => t.bound);

describe('flatRegionBounds (seed 003, Theorem 4, eqs. 18–20)', () => {
  it('matches mpmath re-computations of fⁱ = (1 − 1/√N)L/√N + 1/√N + fⁱ₃ at the chi-square σ', () => {
    for (const c of reference.theorem4) {
      const r = right(
        flatRegionBounds({
          n: c.n,
          delta: c.delta,
          lossBound: c.lossBound,
          rho: { shared: c.rho_shared, taskSpecific: c.rho_task },
          shared: { parameters: c.shared_parameters, squaredNorm: c.shared_norm },
          tasks: c.task_parameters.map((p: number, i: number) => ({ parameters: p, squaredNorm: c.task_norms[i], empirical: c.empirical[i] })),
        }),
      );
      r.tasks.forEach((t, i) => {
        expect(relativeError(t.complexity, c.bounds_chi_square[i].complexity)).toBeLessThan(1e-12);
        expect(relativeError(t.bound, c.bounds_chi_square[i].bound)).toBeLessThan(1e-12);
      });
    }
  });

  test.prop([args], { seed: 42, numRuns: 80 })('is Theorem 2 over [θ_sh, θⁱ_ns] at the radius’ σ plus the seed’s tail term, and ≥ the empirical loss', (a) => {
    const r = right(flatRegionBounds(a));
    const sigma = right(perturbationSigma({ n: a.n, rho: a.rho, sharedParameters: a.shared.parameters, taskParameters: a.tasks.map((t) => t.parameters) }));
    expect(r.sigma).toEqual(sigma);
    const sqrtN = Math.sqrt(a.n);
    a.tasks.forEach((t, i) => {
      const b = r.tasks[i]!;
      const g = right(
        gaussianPerturbationBound({ empirical: t.empirical, parameters: a.shared.parameters + t.parameters, squaredNorm: a.shared.squaredNorm + t.squaredNorm, sigma: sigma.sigma, n: a.n, delta: a.delta, lossBound: a.lossBound }),
      );
      expect(b.gaussianComplexity).toBe(g.complexity);
      expect(b.tailTerm).toBeCloseTo(((1 - 1 / sqrtN) * a.lossBound) / sqrtN + 1 / sqrtN, 14);
      expect(b.complexity).toBe(b.tailTerm + b.gaussianComplexity);
      expect(b.bound).toBeGreaterThanOrEqual(t.empirical);
      expect(b.parameters).toBe(a.shared.parameters + t.parameters);
      expect(b.vacuous).toBe(b.bound >= a.lossBound);
    });
  });

  test.prop([args, ordered(delta)], { seed: 42, numRuns: 80 })('increases as δ shrinks; the Bonferroni split is never below the seed’s', (a, [d1, d2]) => {
    const tight = bounds({ ...a, delta: d1 });
    bounds({ ...a, delta: d2 }).forEach((b, i) => expect(tight[i]).toBeGreaterThanOrEqual(b));
    const split = bounds({ ...a, split: 'bonferroni' });
    bounds(a).forEach((b, i) => expect(split[i]).toBeGreaterThanOrEqual(b));
  });

  test.prop([args, ordered(fc.integer({ min: 2, max: 10_000_000 }))], { seed: 42, numRuns: 80 })('decreases as N grows', (a, [n1, n2]) => {
    const small = bounds({ ...a, n: n1 });
    bounds({ ...a, n: n2 }).forEach((b, i) => expect(b).toBeLessThanOrEqual(small[i]! * (1 + 1e-13)));
  });

  test.prop([args, fc.double({ min: 1, max: 100, noNaN: true })], { seed: 42, numRuns: 80 })(
    'shrinks as the radii grow (σ grows), and the exact chi-square σ gives a bound no larger than the seed’s σ',
    (a, k) => {
      const base = bounds(a);
      bounds({ ...a, rho: { shared: k * a.rho.shared, taskSpecific: k * a.rho.taskSpecific } }).forEach((b, i) => expect(b).toBeLessThanOrEqual(base[i]!));
      bounds({ ...a, radius: 'seed' }).forEach((b, i) => expect(b).toBeGreaterThanOrEqual(base[i]! * (1 - 1e-14)));
    },
  );

  it('rejects bad arguments with a sentence naming the task', () => {
    const ok: FlatRegionArgs = {
      n: 1000,
      delta: 0.05,
      lossBound: 1,
      rho: { shared: 0.05, taskSpecific: 0.02 },
      shared: { parameters: 100, squaredNorm: 4 },
      tasks: [{ parameters: 10, squaredNorm: 1, empirical: 0.2 }, { parameters: 10, squaredNorm: 1, empirical: 0.3 }],
    };
    expect(left(flatRegionBounds({ ...ok, tasks: [ok.tasks[0]!, { ...ok.tasks[1]!, empirical: 1.5 }] })).message).toBe(
      'task 1: the sharpness-aware empirical loss must lie in [0, 1] (a loss in [0, L]), got 1.5.',
    );
    expect(left(flatRegionBounds({ ...ok, tasks: [{ ...ok.tasks[0]!, squaredNorm: -2 }] })).message).toBe(
      'task 0: the task-specific squared norm ‖θⁱ_ns‖² must be non-negative, got -2.',
    );
    expect(left(flatRegionBounds({ ...ok, n: 1 }))._tag).toBe('InvalidArgument');
    expect(left(flatRegionBounds({ ...ok, tasks: [] }))._tag).toBe('EmptyInput');
    expect(left(flatRegionBounds({ ...ok, lossBound: -1 })).message).toBe('the loss bound L must be positive, got -1.');
  });
});
