import { leakedTensors, tf } from '@mtlkit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { flatRegionBounds } from './flat-region-bounds.js';
import { modelTaskBounds, type ModelParameters } from './model-task-bounds.js';
import { multiTaskBounds } from './multi-task-bounds.js';
import { left, right } from './test-support.js';

// T_sh = 5, ‖θ_sh‖² = 1 + 4 + 9 + 16 + 0.25 = 30.25; head 0: T = 3, ‖·‖² = 3; head 1: T = 3, ‖·‖² = 4 + 1 = 5.
const params: ModelParameters = {
  shared: [tf.tensor2d([[1, 2], [3, 4]]), tf.variable(tf.tensor1d([0.5]))],
  heads: [[tf.tensor1d([1, 1, 1])], [tf.tensor2d([[2]]), tf.tensor1d([-1, 0])]],
};
afterAll(() => tf.dispose([...params.shared, ...params.heads.flat()]));

const options = { n: 1000, delta: 0.05, lossBound: 1, empirical: [0.2, 0.4] };

describe('modelTaskBounds', () => {
  it('reads sizes and float64 squared norms from the tensors and applies Theorem 3 for { sigma }', () => {
    const r = right(modelTaskBounds(params, { ...options, perturbation: { sigma: 0.1 } }));
    expect(r.theorem).toBe(3);
    expect(r.sigma).toBe(0.1);
    expect(r.tasks.map((t) => [t.task, t.parameters, t.sharedParameters, t.taskParameters, t.squaredNorm])).toEqual([
      [0, 8, 5, 3, 33.25],
      [1, 8, 5, 3, 35.25],
    ]);
    const expected = right(
      multiTaskBounds({ n: 1000, delta: 0.05, lossBound: 1, sigma: 0.1, tasks: [{ parameters: 8, squaredNorm: 33.25, empirical: 0.2 }, { parameters: 8, squaredNorm: 35.25, empirical: 0.4 }] }),
    );
    r.tasks.forEach((t, i) => {
      expect(t.bound).toBe(expected[i]!.bound);
      expect(t.complexity).toBe(expected[i]!.complexity);
      expect(t.empirical).toBe(options.empirical[i]);
    });
  });

  it('applies Theorem 4 for { rho } (exact chi-square σ by default, the seed’s on request)', () => {
    const rho = { shared: 0.05, taskSpecific: 0.02 };
    for (const radius of [undefined, 'seed'] as const) {
      const r = right(modelTaskBounds(params, { ...options, split: 'bonferroni', perturbation: radius === undefined ? { rho } : { rho, radius } }));
      const expected = right(
        flatRegionBounds({
          n: 1000,
          delta: 0.05,
          lossBound: 1,
          rho,
          split: 'bonferroni',
          ...(radius === undefined ? {} : { radius }),
          shared: { parameters: 5, squaredNorm: 30.25 },
          tasks: [{ parameters: 3, squaredNorm: 3, empirical: 0.2 }, { parameters: 3, squaredNorm: 5, empirical: 0.4 }],
        }),
      );
      expect(r.theorem).toBe(4);
      expect(r.sigma).toBe(expected.sigma.sigma);
      r.tasks.forEach((t, i) => expect(t.bound).toBe(expected.tasks[i]!.bound));
    }
  });

  it('accumulates a large model’s squared norm in float64', () => {
    const big = tf.tidy(() => tf.mul(tf.randomNormal([300, 400], 0, 1, 'float32', 3), 0.1));
    const values = big.dataSync();
    let exact = 0;
    for (const v of values) exact += v * v;
    const r = right(modelTaskBounds({ shared: [big], heads: [[params.heads[0]![0]!]] }, { ...options, empirical: [0.1], perturbation: { sigma: 0.01 } }));
    expect(r.tasks[0]!.squaredNorm).toBe(exact + 3);
    expect(r.tasks[0]!.parameters).toBe(120_003);
    big.dispose();
  });

  it('leaks no tensor and leaves its inputs alive', () => {
    expect(leakedTensors(() => modelTaskBounds(params, { ...options, perturbation: { sigma: 0.1 } }))).toBe(0);
    expect(leakedTensors(() => modelTaskBounds(params, { ...options, perturbation: { rho: { shared: 0.05, taskSpecific: 0.05 } } }))).toBe(0);
    expect(leakedTensors(() => modelTaskBounds(params, { ...options, empirical: [2, 2], perturbation: { sigma: 0.1 } }))).toBe(0);
    expect([...params.shared, ...params.heads.flat()].every((t) => !t.isDisposed)).toBe(true);
  });

  it('rejects mismatched losses, no head, non-finite or disposed tensors and out-of-range arguments', () => {
    expect(left(modelTaskBounds(params, { ...options, empirical: [0.1], perturbation: { sigma: 0.1 } })).message).toBe(
      'the model has 2 task heads but 1 empirical losses were given.',
    );
    expect(left(modelTaskBounds({ shared: params.shared, heads: [] }, { ...options, empirical: [], perturbation: { sigma: 0.1 } }))._tag).toBe('EmptyInput');
    const nan = tf.tensor1d([1, Number.NaN]);
    expect(left(modelTaskBounds({ shared: params.shared, heads: [params.heads[0]!, [nan]] }, { ...options, perturbation: { sigma: 0.1 } })).message).toBe(
      'task 1: head tensor 0 has a non-finite entry NaN at flat index 1.',
    );
    nan.dispose();
    expect(left(modelTaskBounds({ shared: [nan], heads: params.heads }, { ...options, perturbation: { sigma: 0.1 } })).message).toBe('shared tensor 0 is disposed.');
    expect(left(modelTaskBounds(params, { ...options, perturbation: { sigma: -1 } })).message).toBe('task 0: σ must be positive, got -1.');
    expect(left(modelTaskBounds(params, { ...options, n: 1, perturbation: { rho: { shared: 0.1, taskSpecific: 0.1 } } }))._tag).toBe('InvalidArgument');
  });
});
