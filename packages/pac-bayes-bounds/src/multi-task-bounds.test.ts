import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { gaussianPerturbationBound } from './gaussian-perturbation-bound.js';
import { multiTaskBounds } from './multi-task-bounds.js';
import { delta } from './test-arbitraries.js';
import { left, right } from './test-support.js';

const task = fc.record({
  parameters: fc.integer({ min: 1, max: 100_000 }),
  squaredNorm: fc.double({ min: 0, max: 1e3, noNaN: true }),
  empirical: fc.double({ min: 0, max: 1, noNaN: true }),
});
const common = fc.record({ sigma: fc.double({ min: 1e-3, max: 1, noNaN: true }), n: fc.integer({ min: 1, max: 1e6 }), delta, lossBound: fc.constant(1) });

describe('multiTaskBounds (seed 003, Theorem 3, eq. 17)', () => {
  test.prop([fc.array(task, { minLength: 1, maxLength: 6 }), common], { seed: 42, numRuns: 100 })(
    'is Theorem 2 per task, with ln(1/δ) (split "seed") or ln(m/δ) (split "bonferroni", never smaller)',
    (tasks, c) => {
      const seed = right(multiTaskBounds({ ...c, tasks }));
      const bonferroni = right(multiTaskBounds({ ...c, tasks, split: 'bonferroni' }));
      expect(seed).toHaveLength(tasks.length);
      tasks.forEach((t, i) => {
        expect(seed[i]).toEqual(right(gaussianPerturbationBound({ ...c, ...t })));
        expect(bonferroni[i]).toEqual(right(gaussianPerturbationBound({ ...c, ...t, delta: c.delta / tasks.length })));
        expect(bonferroni[i]!.bound).toBeGreaterThanOrEqual(seed[i]!.bound);
        expect(seed[i]!.bound).toBeGreaterThanOrEqual(t.empirical);
      });
    },
  );

  it('gives the same bound for both splits with one task', () => {
    const args = { tasks: [{ parameters: 100, squaredNorm: 2, empirical: 0.3 }], sigma: 0.1, n: 1000, delta: 0.05, lossBound: 1 };
    expect(right(multiTaskBounds({ ...args, split: 'bonferroni' }))).toEqual(right(multiTaskBounds(args)));
  });

  it('rejects no task, a bad task (naming it) and a bad δ before splitting it', () => {
    const ok = { sigma: 0.1, n: 1000, delta: 0.05, lossBound: 1 };
    expect(left(multiTaskBounds({ ...ok, tasks: [] }))._tag).toBe('EmptyInput');
    const tasks = [{ parameters: 10, squaredNorm: 1, empirical: 0.2 }, { parameters: 10, squaredNorm: 1, empirical: 1.2 }];
    expect(left(multiTaskBounds({ ...ok, tasks })).message).toBe('task 1: the perturbed empirical loss must lie in [0, 1] (a loss in [0, L]), got 1.2.');
    expect(left(multiTaskBounds({ ...ok, delta: 1.5, split: 'bonferroni', tasks: tasks.slice(0, 1).concat(tasks.slice(0, 1)) })).message).toBe(
      'δ must lie in the open interval (0, 1), got 1.5.',
    );
  });
});
