import { mean } from '@mtlkit/aggregators';
import { Key, tf } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { adam } from './adam.js';
import { aggregatedStep } from './aggregated-step.js';
import { allTensors } from './params.js';
import { progressReporter } from './progress.js';
import { constantLr } from './schedule.js';
import { regressionBatch, regressionObjective } from './testing.js';
import { train, type TrainData } from './train.js';
import { disposeTrainState } from './train-state.js';

const dir = mkdtempSync(join(tmpdir(), 'mtlkit-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const step = aggregatedStep(mean())({ ...regressionObjective(), optimizer: adam() });
/** Six training batches per epoch in a key-dependent order, two validation batches; fresh tensors each time (the loop disposes them). */
const data: TrainData = {
  train: (key) => Array.from(Key.permutation(key, 6), (i) => regressionBatch(Key.fromSeed(200 + i), 16)),
  validation: () => [0, 1].map((i) => regressionBatch(Key.fromSeed(300 + i), 16)),
  batchesPerEpoch: 6,
};
const paramsOf = (s: { params: Parameters<typeof allTensors>[0] }) => allTensors(s.params).map((t) => Array.from(t.dataSync()));

describe('train', () => {
  it('trains for the given epochs, evaluates each one, and leaves no tensor behind', async () => {
    const before = tf.memory().numTensors;
    const epochs: number[] = [];
    const r = await train({
      step,
      data,
      epochs: 5,
      key: Key.fromSeed(1),
      schedule: constantLr(0.02),
      metrics: [
        (o, y) => {
          const mae = tf.tidy(() => tf.mean(tf.abs(tf.sub(o, y))));
          const value = mae.dataSync()[0]!;
          mae.dispose();
          return { mae: value };
        },
      ],
      callbacks: { onEpoch: (rec) => epochs.push(rec.epoch) },
    });
    expect(E.isRight(r)).toBe(true);
    if (E.isRight(r)) {
      const { history, state } = r.right;
      expect(epochs).toEqual([0, 1, 2, 3, 4]);
      expect(history).toHaveLength(5);
      expect(history[4]!.validation![0]!['loss']).toBeLessThan(history[0]!.validation![0]!['loss']!);
      expect(history[4]!.validation![0]!['mae']).toBeGreaterThan(0);
      expect(history[0]!.validation![1]!['mae']).toBeUndefined();
      expect(history[0]!.conflict).toBeGreaterThanOrEqual(0);
      expect(history[0]!.weights).toEqual([0.5, 0.5]);
      expect(state.step).toBe(30);
      disposeTrainState(state);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a run resumed from its checkpoint ends with exactly the parameters of an uninterrupted run', async () => {
    const path = join(dir, 'resume.json');
    const base = { step, data, key: Key.fromSeed(7), schedule: constantLr(0.01) };
    const whole = await train({ ...base, epochs: 4 });
    const firstHalf = await train({ ...base, epochs: 2, checkpoint: { path } });
    const resumed = await train({ ...base, epochs: 4, resumeFrom: path });
    expect(E.isRight(whole) && E.isRight(firstHalf) && E.isRight(resumed)).toBe(true);
    if (E.isRight(whole) && E.isRight(firstHalf) && E.isRight(resumed)) {
      expect(paramsOf(resumed.right.state)).toEqual(paramsOf(whole.right.state));
      expect(resumed.right.history.map((h) => h.train)).toEqual(whole.right.history.map((h) => h.train));
      [whole, firstHalf, resumed].forEach((r) => E.isRight(r) && disposeTrainState(r.right.state));
    }
  });

  it('stops early when the monitored loss stops improving', async () => {
    const r = await train({ step, data, epochs: 20, key: Key.fromSeed(2), schedule: constantLr(0), earlyStopping: { patience: 2 } });
    expect(E.isRight(r) && r.right.stoppedEarly).toBe(true);
    if (E.isRight(r)) {
      expect(r.right.history).toHaveLength(3);
      expect(r.right.bestEpoch).toBe(0);
      disposeTrainState(r.right.state);
    }
  });

  it('reports a missing or corrupt checkpoint file by path', async () => {
    const missing = await train({ step, data, epochs: 1, key: Key.fromSeed(2), schedule: constantLr(0.1), resumeFrom: join(dir, 'nope.json') });
    expect(E.isLeft(missing) && missing.left.message).toMatch(/cannot read checkpoint .*nope\.json/);
  });

  it('prints one plain line per epoch when not on a terminal, a redrawn bar on one', async () => {
    const plain: string[] = [];
    const tty: string[] = [];
    for (const [out, isTTY] of [[plain, false], [tty, true]] as const) {
      const r = await train({ step, data, epochs: 2, key: Key.fromSeed(3), schedule: constantLr(0.01), callbacks: progressReporter({ isTTY, write: (s) => out.push(s) }, 'mean') });
      if (E.isRight(r)) disposeTrainState(r.right.state);
    }
    expect(plain).toHaveLength(2);
    expect(plain[0]).toMatch(/^mean epoch 1\/2 L0=\S+ L1=\S+ \| val loss0=\S+ loss1=\S+ \(\d+\.\d s\)\n$/);
    expect(tty.filter((s) => s.startsWith('\rmean epoch 1/2 █'))).toHaveLength(6);
  });
});
