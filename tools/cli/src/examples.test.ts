import { tf } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compare as swap } from '../../../examples/aggregator-swap.js';
import { run as ensemble } from '../../../examples/mt-sgd-ensemble.js';
import { compare as sam } from '../../../examples/sam-mtl.js';

/** The three custom loops of examples/ at tiny settings (CI): they train, leak nothing, and the README links them. */
describe('examples/', () => {
  it('aggregator-swap: the same loop with mean, MGDA, UPGrad and PCGrad; every task loss falls; methods differ', () => {
    const before = tf.memory().numTensors;
    const r = swap(256, 2);
    expect(tf.memory().numTensors).toBe(before);
    if (E.isLeft(r)) throw new Error(r.left.message);
    expect(r.right.map((s) => s.method)).toEqual(['mean', 'mgda', 'upgrad', 'pcgrad']);
    for (const s of r.right) {
      s.lastEpochLoss.forEach((l, t) => expect(l).toBeLessThan(s.firstEpochLoss[t]!));
      s.testAccuracy.forEach((a) => expect(a).toBeGreaterThanOrEqual(0));
    }
    expect(new Set(r.right.map((s) => s.lastEpochLoss.join()))).toHaveProperty('size', 4);
  });

  it('sam-mtl: SAM-MTL and MGDA from the same start, with ρ-sharpness per task', () => {
    const before = tf.memory().numTensors;
    const r = sam(128, 1, 0.5);
    expect(tf.memory().numTensors).toBe(before);
    if (E.isLeft(r)) throw new Error(r.left.message);
    expect(r.right.map((s) => s.method)).toEqual(['mgda', 'sam-mtl']);
    for (const s of r.right) {
      expect(s.sharpness).toHaveLength(2);
      s.sharpness.forEach((v) => expect(Number.isFinite(v)).toBe(true));
      s.testLoss.forEach((v) => expect(v).toBeGreaterThan(0));
    }
    expect(r.right[0]!.lastEpochLoss).not.toEqual(r.right[1]!.lastEpochLoss);
  });

  it('mt-sgd-ensemble: an ensemble of 2 LeNets, MT-SGD weights on the simplex, calibration per task', () => {
    const before = tf.memory().numTensors;
    const r = ensemble(128, 2, 2);
    expect(tf.memory().numTensors).toBe(before);
    if (E.isLeft(r)) throw new Error(r.left.message);
    const { weights, firstEpochLoss, lastEpochLoss, test } = r.right;
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    lastEpochLoss.forEach((l, t) => expect(l).toBeLessThan(firstEpochLoss[t]!));
    expect(test).toHaveLength(2);
    for (const t of test) expect(Object.keys(t).sort()).toEqual(['accuracy', 'brier', 'ece', 'nll']);
  });

  it('run from the command line as the README says (esbuild bundles the sources, no build)', () => {
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const out = execFileSync(process.execPath, ['examples/run.mjs', 'mt-sgd-ensemble', '64', '1', '2'], { cwd: root, encoding: 'utf8' });
    expect(out).toMatch(/^MT-SGD ensemble of 2: task weights \d\.\d{3} \/ \d\.\d{3}/);
    expect(out).toMatch(/task 2: accuracy \d+\.\d%, Brier/);
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    for (const name of ['aggregator-swap', 'sam-mtl', 'mt-sgd-ensemble']) expect(readme).toContain(`examples/${name}.ts`);
  });
});
