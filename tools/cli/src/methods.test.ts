import { Key, tf } from '@mtlkit/core';
import { conflictRegression, splitDataset } from '@mtlkit/datasets';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { AGGREGATORS, METHODS, METHOD_NAMES, WEIGHTINGS } from './methods.js';
import type { Problem } from './problem.js';
import { runJob } from './run-job.js';
import type { RunSettings } from './settings.js';

/** Four regression tasks whose gradients meet at 100° (so Krum and the trimmed mean apply), an HPS MLP. */
const problem = (): Problem => {
  const ds = conflictRegression({ key: Key.fromSeed(5), angle: (100 * Math.PI) / 180, tasks: 4, inputs: 8, count: 160, scales: [1, 2, 0.5, 1] });
  if (E.isLeft(ds)) throw new Error(ds.left.message);
  const splits = splitDataset(ds.right, { key: Key.fromSeed(6), validation: 32, test: 32 });
  if (E.isLeft(splits)) throw new Error(splits.left.message);
  return {
    _tag: 'Supervised',
    label: 'conflict regression, 4 tasks',
    tasks: ds.right.targets.map((t) => ({ name: t.name, kind: 'regression' as const, width: 1 })),
    splits: splits.right,
    model: { _tag: 'Mlp', input: 8, hidden: [16] },
  };
};

const settings: RunSettings = { epochs: 3, batchSize: 32, lr: 0.01, particles: 2, samRho: 0.05, samAggregator: 'mgda', weights: [1, 1, 1, 1], probeEvery: 2, stepsPerEpoch: 10 };

describe('the method registry', () => {
  it('has one kebab-case name per aggregator and weighting, plus SAM-MTL and the two samplers', () => {
    expect(new Set(METHOD_NAMES).size).toBe(METHOD_NAMES.length);
    for (const name of METHOD_NAMES) expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(AGGREGATORS).toHaveLength(24);
    expect(WEIGHTINGS).toHaveLength(16);
    expect(METHOD_NAMES).toEqual(expect.arrayContaining(['mean', 'mgda', 'pcgrad', 'cagrad', 'imtl-g', 'upgrad', 'nash-mtl', 'gradient-blending', 'alpha-grad', 'sam-mtl', 'mt-sgd', 'moo-svgd']));
  });

  it('every method trains 3 epochs on four regression tasks: finite test MSE, deterministic per seed, no tensor left', async () => {
    const p = problem();
    const before = tf.memory().numTensors;
    const mse: Record<string, number[]> = {};
    for (const m of METHODS) {
      const r = await runJob(p, settings, { method: m.name, seed: 1 }, () => undefined);
      if (E.isLeft(r)) throw new Error(`${m.name}: ${r.left}`);
      const values = Object.values(r.right.metrics).map((t) => t['mse']!);
      expect(values, m.name).toHaveLength(4);
      values.forEach((v) => expect(Number.isFinite(v), m.name).toBe(true));
      expect(r.right.history, m.name).toHaveLength(3);
      // Every non-ensemble method gets a conflict trace (aggregators from their Gramian, weightings by probing).
      expect((r.right.conflict ?? []).length > 0, m.name).toBe(m.kind !== 'ensemble');
      mse[m.name] = values;
    }
    expect(tf.memory().numTensors).toBe(before);
    // Same seed, same numbers (a randomised method and a stateful one).
    for (const name of ['pcgrad', 'grad-vac', 'rlw']) {
      const again = await runJob(p, settings, { method: name, seed: 1 }, () => undefined);
      expect(E.isRight(again) && Object.values(again.right.metrics).map((t) => t['mse']!)).toEqual(mse[name]);
    }
    // The methods do not all collapse to one result.
    expect(new Set(Object.values(mse).map((v) => v.map((x) => x.toPrecision(6)).join())).size).toBeGreaterThan(30);
  });
});
