import { Key, tf } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { adam } from './adam.js';
import { aggregatedStep } from './aggregated-step.js';
import { parseCheckpoint, serializeCheckpoint } from './checkpoint.js';
import { sgd } from './optimizer.js';
import { allTensors } from './params.js';
import { samMtlStep } from './sam-mtl-step.js';
import { disposeBatch, meanAggregator, regressionBatch, regressionObjective } from './testing.js';
import { disposeTrainState, initTrainState, type Setup, type Step, type StepReport, type TrainState } from './train-state.js';

const setup: Setup = { ...regressionObjective(), optimizer: adam() };

/** Runs `steps` steps on fixed batches, disposing every intermediate state; returns the final state and reports. */
const runSteps = <S>(step: Step<S>, state: TrainState<S>, steps: number, batches: ReturnType<typeof regressionBatch>[]) => {
  const reports: StepReport[] = [];
  let s = state;
  for (let i = 0; i < steps; i++) {
    const r = step(s, batches[i % batches.length]!);
    if (E.isLeft(r)) throw new Error(r.left.message);
    if (s !== state) disposeTrainState(s);
    s = r.right[0];
    reports.push(r.right[1]);
  }
  return { state: s, reports };
};

const values = (s: TrainState<unknown>) => allTensors(s.params).map((t) => Array.from(t.dataSync()));
const batches = Array.from({ length: 4 }, (_, i) => regressionBatch(Key.fromSeed(100 + i)));

describe('training steps', () => {
  const kinds: Array<[string, Step<unknown>]> = [
    ['aggregatedStep', aggregatedStep(meanAggregator)(setup) as Step<unknown>],
    ['aggregatedStep (representation)', aggregatedStep(meanAggregator, { mode: 'representation' })(setup) as Step<unknown>],
    ['samMtlStep', samMtlStep({ rhoShared: 0.05, rhoTask: 0.05, aggregator: meanAggregator })(setup) as Step<unknown>],
  ];

  for (const [name, step] of kinds) {
    it(`${name} lowers every task's loss`, () => {
      const init = initTrainState(step, Key.fromSeed(1), 0.01);
      const { state, reports } = runSteps(step, init, 150, batches);
      const first = reports[0]!.losses;
      const last = reports.slice(-4).reduce((acc, r) => acc.map((v, t) => v + r.losses[t]! / 4), [0, 0]);
      last.forEach((l, t) => expect(l).toBeLessThan(0.5 * first[t]!));
      disposeTrainState(init);
      disposeTrainState(state);
    });

    it(`${name} leaks no tensor over 1,000 steps`, () => {
      const before = tf.memory().numTensors;
      const init = initTrainState(step, Key.fromSeed(2), 0.001);
      const { state } = runSteps(step, init, 1000, batches);
      disposeTrainState(init);
      disposeTrainState(state);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('samMtlStep with ρ = 0 is exactly aggregatedStep (the flatness component vanishes)', () => {
    const plain = { ...setup, optimizer: sgd() };
    const base = aggregatedStep(meanAggregator)(plain);
    const sam = samMtlStep({ rhoShared: 0, rhoTask: 0, aggregator: meanAggregator })(plain);
    const a = runSteps(base, initTrainState(base, Key.fromSeed(3), 0.05), 5, batches);
    const b = runSteps(sam, initTrainState(sam, Key.fromSeed(3), 0.05), 5, batches);
    expect(values(b.state)).toEqual(values(a.state));
    disposeTrainState(a.state);
    disposeTrainState(b.state);
  });

  it('samMtlStep with ρ > 0 moves differently from the base step', () => {
    const sam = samMtlStep({ rhoShared: 0.5, rhoTask: 0.5, aggregator: meanAggregator })(setup);
    const base = aggregatedStep(meanAggregator)(setup);
    const a = runSteps(base, initTrainState(base, Key.fromSeed(4), 0.05), 3, batches);
    const b = runSteps(sam, initTrainState(sam, Key.fromSeed(4), 0.05), 3, batches);
    expect(values(b.state)).not.toEqual(values(a.state));
    disposeTrainState(a.state);
    disposeTrainState(b.state);
  });

  it('a state restored from a checkpoint continues exactly like the uninterrupted run', () => {
    const step = samMtlStep({ rhoShared: 0.05, rhoTask: 0.05, aggregator: meanAggregator })(setup);
    const init = initTrainState(step, Key.fromSeed(9), 0.01);
    const half = runSteps(step, init, 5, batches);
    const text = serializeCheckpoint(half.state, { note: 'loop state' });
    const whole = runSteps(step, half.state, 5, batches.slice(1).concat(batches.slice(0, 1)));
    const restored = parseCheckpoint(step, text, 'test checkpoint');
    expect(E.isRight(restored)).toBe(true);
    if (E.isRight(restored)) {
      expect(restored.right.loop).toEqual({ note: 'loop state' });
      const resumed = runSteps(step, restored.right.state, 5, batches.slice(1).concat(batches.slice(0, 1)));
      expect(values(resumed.state)).toEqual(values(whole.state));
      disposeTrainState(restored.right.state);
      disposeTrainState(resumed.state);
    }
    disposeTrainState(init);
    disposeTrainState(half.state);
    disposeTrainState(whole.state);
  });

  it('rejects a malformed or mismatched checkpoint with a message naming the field', () => {
    const step = aggregatedStep(meanAggregator)(setup);
    expect(parseCheckpoint(step, '{not json', 'ckpt.json')).toMatchObject({ _tag: 'Left', left: { _tag: 'InvalidConfig' } });
    const r = parseCheckpoint(step, JSON.stringify({ format: 'mtlkit-checkpoint', version: 1, step: 'x' }), 'ckpt.json');
    expect(E.isLeft(r) && r.left.message).toMatch(/ckpt\.json: field "step" must be number/);
    const other = aggregatedStep(meanAggregator)({ ...setup, model: regressionObjective().model });
    const s = initTrainState(other, Key.fromSeed(1), 0.1);
    const wrongShape = JSON.parse(serializeCheckpoint(s));
    wrongShape.params.shared[0].shape = [3, 8];
    const w = parseCheckpoint(step, JSON.stringify(wrongShape), 'ckpt.json');
    expect(E.isLeft(w) && w.left.message).toMatch(/shared parameter 0 has shape \[3, 8\], the model expects \[4, 8\]/);
    disposeTrainState(s);
  });
});

afterAll(() => batches.forEach(disposeBatch));
import { afterAll } from 'vitest';
