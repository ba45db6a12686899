import { Key, tf } from '@mtlkit/core';
import { mse } from '@mtlkit/losses';
import { adam, hpsMlp, initTrainState, disposeTrainState, taskLoss, type Batch } from '@mtlkit/training';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { parseTorchLines } from './torch.js';
import { parseTrainingArgs, renderTraining, summedLossStep, type ModelResult } from './training.js';

describe('parseTrainingArgs', () => {
  it('defaults to both models, 7 runs, PyTorch on', () => {
    expect(parseTrainingArgs([])).toEqual(E.right({ runs: 7, models: ['mlp', 'lenet'], torch: true, python: null }));
    expect(parseTrainingArgs(['--runs', '3', '--models', 'lenet', '--no-torch'])).toEqual(E.right({ runs: 3, models: ['lenet'], torch: false, python: null }));
    expect(parseTrainingArgs(['--python', '/usr/bin/python3'])).toEqual(E.right({ runs: 7, models: ['mlp', 'lenet'], torch: true, python: '/usr/bin/python3' }));
  });
  it('names what is wrong', () => {
    expect(parseTrainingArgs(['--runs', '0'])).toEqual(E.left('--runs needs a positive integer, got 0.'));
    expect(parseTrainingArgs(['--models', 'mlp,resnet'])).toEqual(E.left('--models takes a comma-separated list of mlp and lenet, got mlp,resnet.'));
    expect(parseTrainingArgs(['--fast'])).toEqual(E.left('unknown option --fast.'));
  });
});

describe('parseTorchLines', () => {
  it('reads one JSON object per line and rejects anything else', () => {
    const line = { model: 'mlp', step: 'summed', threads: 1, wall_ms: 8.5, cpu_ms: 8.4, runs: 7 };
    expect(parseTorchLines(`${JSON.stringify(line)}\n\n`)).toEqual(E.right([line]));
    expect(E.isLeft(parseTorchLines('Traceback (most recent call last):'))).toBe(true);
    expect(E.isLeft(parseTorchLines('{"step": 3}'))).toBe(true);
  });
});

describe('renderTraining', () => {
  const t = (cpuMs: number) => ({ wallMs: cpuMs * 1.5, cpuMs, runs: 7 });
  const result: ModelResult = {
    name: 'mlp',
    title: 'MLP',
    jacobianSize: 1000,
    pass: t(1),
    rows: [
      { step: 'summed-loss step', torchStep: 'summed', mtlkit: t(40) },
      { step: 'task Jacobian + UPGrad', torchStep: 'jacobian-upgrad', mtlkit: t(150) },
      { step: 'representation + UPGrad', torchStep: 'representation-upgrad', mtlkit: t(50) },
    ],
    torch: [
      { model: 'mlp', step: 'jacobian-upgrad', threads: 1, wall_ms: 31, cpu_ms: 30, runs: 7 },
      { model: 'mlp', step: 'jacobian-upgrad', threads: 2, wall_ms: 20, cpu_ms: 38, runs: 7 },
    ],
  };
  it('prints the ratios of the targets from the measured rows', () => {
    const text = renderTraining([result], null);
    expect(text).toContain('task Jacobian + UPGrad / PyTorch 1 thread = 5.00 (target ≤ 5)');
    expect(text).toContain('representation + UPGrad / summed-loss step = 1.25 (target ≤ 1.5)');
    expect(text).toContain('| task Jacobian + UPGrad | 225.0 | 150.0 | 150 | 3.75 | 31.0 (CPU 30.0) | 5.00 | 20.0 | 11.25 |');
  });
  it('says why the PyTorch columns are empty', () => {
    const text = renderTraining([{ ...result, torch: [] }], 'PyTorch columns skipped (--no-torch).');
    expect(text).toContain('task Jacobian + UPGrad / PyTorch 1 thread = not measured');
    expect(text).toContain('PyTorch columns skipped (--no-torch).');
  });
});

describe('summedLossStep', () => {
  it('reports Σᵢ Lᵢ and lowers it', () => {
    const model = hpsMlp({ input: 3, hidden: [8], heads: [{ output: 1 }, { output: 1 }] });
    const setup = { model, losses: [mse(), mse()], optimizer: adam() };
    const k = Key.fromSeed(3);
    const x = tf.tensor2d(Float32Array.from(Key.normal(k, 16 * 3)), [16, 3]);
    const batch: Batch = { x, targets: [tf.sum(x, 1, true), tf.neg(tf.sum(x, 1, true))] };
    const step = summedLossStep(setup);
    let state = initTrainState(step, Key.fromSeed(4), 0.05);
    const total = () => tf.tidy(() => tf.addN([0, 1].map((i) => taskLoss(setup, i, state.params.shared, state.params.heads[i]!, batch))).dataSync()[0]!);
    const first = total();
    const before = tf.memory().numTensors;
    const reported: number[] = [];
    for (let s = 0; s < 30; s++) {
      const r = step(state, batch);
      if (E.isLeft(r)) throw new Error(r.left.message);
      reported.push(r.right[1].losses[0]!);
      disposeTrainState(state);
      state = r.right[0];
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(reported[0]).toBeCloseTo(first, 5);
    expect(total()).toBeLessThan(0.5 * first);
    disposeTrainState(state);
    tf.dispose([x, ...batch.targets]);
  });
});
