import { dualProj, gradVac, mean, mgda, pcgrad, upgrad } from '@mtlkit/aggregators';
import { Key, tf } from '@mtlkit/core';
import { alphaGrad, type LossWeighting } from '@mtlkit/losses';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import { adam } from './adam.js';
import { aggregatedStep } from './aggregated-step.js';
import { keyed } from './aggregator-source.js';
import { parseCheckpoint, serializeCheckpoint } from './checkpoint.js';
import type { Batch } from './objective.js';
import { sgd } from './optimizer.js';
import { allTensors } from './params.js';
import { samMtlStep } from './sam-mtl-step.js';
import { disposeBatch, regressionBatch, regressionObjective, runSteps as runStepsOn } from './testing.js';
import { disposeTrainState, initTrainState, type Setup, type Step, type StepReport, type TrainState } from './train-state.js';
import { weightedLossStep } from './weighted-loss-step.js';

const setup: Setup = { ...regressionObjective(), optimizer: adam() };
const train = Array.from({ length: 4 }, (_, i) => regressionBatch(Key.fromSeed(100 + i)));
const valid = Array.from({ length: 3 }, (_, i) => regressionBatch(Key.fromSeed(400 + i)));
afterAll(() => [...train, ...valid].forEach(disposeBatch));
/** Step k: training batch k mod 4, paired with validation batch k mod 3 (used by steps that need one). */
const batchAt = (k: number): Batch => ({ ...train[k % train.length]!, validation: valid[k % valid.length]! });

/** Runs `steps` steps from `state`, disposing every intermediate state (not `state` itself). */
const runSteps = <S>(step: Step<S>, state: TrainState<S>, steps: number, from = 0) => runStepsOn(step, state, steps, batchAt, from);

const values = (s: TrainState<unknown>) => allTensors(s.params).map((t) => Array.from(t.dataSync()));
/** Mean loss of each task over the last k steps. */
const lastMean = (reports: readonly StepReport[], k: number) => [0, 1].map((t) => reports.slice(-k).reduce((a, r) => a + r.losses[t]! / k, 0));

/** AlphaGrad made to ask for every optional input, so one run covers every path of the weighted step. */
const everyInput: LossWeighting<unknown> = { ...alphaGrad(), needs: { gradients: true, validationBatch: true, validationEpoch: false, lossesAfterStep: true } } as LossWeighting<unknown>;

describe('every step kind over 1,000 steps: every task’s loss falls, no tensor leaks', () => {
  const kinds: Array<[string, Step<unknown>]> = [
    ['aggregatedStep(mgda())', aggregatedStep(mgda())(setup) as Step<unknown>],
    ['aggregatedStep(keyed(pcgrad), representation mode)', aggregatedStep(keyed((key) => pcgrad({ key })), { mode: 'representation' })(setup) as Step<unknown>],
    ['samMtlStep({ aggregator: mgda() })', samMtlStep({ rhoShared: 0.05, rhoTask: 0.05, aggregator: mgda() })(setup) as Step<unknown>],
    ['weightedLossStep (gradients, paired validation batch, losses after the step)', weightedLossStep(everyInput)(setup) as Step<unknown>],
  ];
  for (const [name, step] of kinds) {
    it(name, () => {
      const before = tf.memory().numTensors;
      const init = initTrainState(step, Key.fromSeed(2), 0.01);
      const { state, reports } = runSteps(step, init, 1000);
      lastMean(reports, 4).forEach((l, t) => expect(l).toBeLessThan(0.2 * reports[0]!.losses[t]!));
      disposeTrainState(init);
      disposeTrainState(state);
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});

describe('aggregated steps with the aggregators of @mtlkit/aggregators lower every task’s loss', () => {
  const kinds: Array<[string, Step<unknown>]> = [
    ['upgrad()', aggregatedStep(upgrad())(setup) as Step<unknown>],
    ['dualProj()', aggregatedStep(dualProj())(setup) as Step<unknown>],
    ['keyed(pcgrad)', aggregatedStep(keyed((key) => pcgrad({ key })))(setup) as Step<unknown>],
    ['gradVac (stateful)', aggregatedStep(gradVac({ key: Key.fromSeed(3) }))(setup) as Step<unknown>],
    ['samMtlStep with upgrad, non-adaptive (SAM) perturbation', samMtlStep({ rhoShared: 0.02, rhoTask: 0.02, aggregator: upgrad(), adaptive: false })(setup) as Step<unknown>],
  ];
  for (const [name, step] of kinds) {
    it(name, () => {
      const init = initTrainState(step, Key.fromSeed(1), 0.01);
      const { state, reports } = runSteps(step, init, 150);
      lastMean(reports, 4).forEach((l, t) => expect(l).toBeLessThan(0.5 * reports[0]!.losses[t]!));
      disposeTrainState(init);
      disposeTrainState(state);
    });
  }

  it('MGDA reports simplex weights and the Gramian of the batch', () => {
    const step = aggregatedStep(mgda())(setup);
    const init = initTrainState(step, Key.fromSeed(1), 0.01);
    const { state, reports } = runSteps(step, init, 1);
    const w = reports[0]!.weights!;
    expect(w.every((v) => v >= 0)).toBe(true);
    expect(w[0]! + w[1]!).toBeCloseTo(1, 9);
    expect(reports[0]!.gramian!.m).toBe(2);
    disposeTrainState(init);
    disposeTrainState(state);
  });
});

describe('samMtlStep', () => {
  it.each([
    ['mean()', mean()],
    ['mgda()', mgda()],
  ] as const)('with ρ = 0 and %s is exactly aggregatedStep (the flatness component vanishes)', (_, aggregator) => {
    const plain = { ...setup, optimizer: sgd() };
    const base = aggregatedStep(aggregator)(plain);
    const sam = samMtlStep({ rhoShared: 0, rhoTask: 0, aggregator })(plain);
    const a = runSteps(base, initTrainState(base, Key.fromSeed(3), 0.05), 5);
    const b = runSteps(sam, initTrainState(sam, Key.fromSeed(3), 0.05), 5);
    expect(values(b.state)).toEqual(values(a.state));
    expect(b.reports.map((r) => Array.from(r.weights ?? []))).toEqual(a.reports.map((r) => Array.from(r.weights ?? [])));
    disposeTrainState(a.state);
    disposeTrainState(b.state);
  });

  it('with ρ > 0 moves differently from the base step, and the direct ablation differs from the decomposed method', () => {
    const base = aggregatedStep(mgda())(setup);
    const sam = samMtlStep({ rhoShared: 0.5, rhoTask: 0.5, aggregator: mgda() })(setup);
    const direct = samMtlStep({ rhoShared: 0.5, rhoTask: 0.5, aggregator: mgda(), decompose: false })(setup);
    const [a, b, c] = [base, sam, direct].map((st) => runSteps(st as Step<unknown>, initTrainState(st as Step<unknown>, Key.fromSeed(4), 0.05), 3));
    expect(values(b!.state)).not.toEqual(values(a!.state));
    expect(values(c!.state)).not.toEqual(values(b!.state));
    [a, b, c].forEach((r) => disposeTrainState(r!.state));
  });
});

describe('checkpoints of a step state', () => {
  it('a state restored from a checkpoint continues exactly like the uninterrupted run (stateful aggregator inside SAM-MTL)', () => {
    const step = samMtlStep({ rhoShared: 0.05, rhoTask: 0.05, aggregator: gradVac({ key: Key.fromSeed(5) }) })(setup);
    const init = initTrainState(step, Key.fromSeed(9), 0.01);
    const half = runSteps(step, init, 5);
    const text = serializeCheckpoint(half.state, { note: 'loop state' });
    const whole = runSteps(step, half.state, 5, 5);
    const restored = parseCheckpoint(step, text, 'test checkpoint');
    expect(E.isRight(restored)).toBe(true);
    if (E.isRight(restored)) {
      expect(restored.right.loop).toEqual({ note: 'loop state' });
      expect(restored.right.state.extra).toEqual(half.state.extra);
      const resumed = runSteps(step, restored.right.state, 5, 5);
      expect(values(resumed.state)).toEqual(values(whole.state));
      disposeTrainState(restored.right.state);
      disposeTrainState(resumed.state);
    }
    disposeTrainState(init);
    disposeTrainState(half.state);
    disposeTrainState(whole.state);
  });

  it('rejects a malformed or mismatched checkpoint with a message naming the field', () => {
    const step = aggregatedStep(mean())(setup);
    expect(parseCheckpoint(step, '{not json', 'ckpt.json')).toMatchObject({ _tag: 'Left', left: { _tag: 'InvalidConfig' } });
    const r = parseCheckpoint(step, JSON.stringify({ format: 'mtlkit-checkpoint', version: 1, step: 'x' }), 'ckpt.json');
    expect(E.isLeft(r) && r.left.message).toMatch(/ckpt\.json: field "step" must be number/);
    const s = initTrainState(step, Key.fromSeed(1), 0.1);
    const wrongShape = JSON.parse(serializeCheckpoint(s));
    wrongShape.params.shared[0].shape = [3, 8];
    const w = parseCheckpoint(step, JSON.stringify(wrongShape), 'ckpt.json');
    expect(E.isLeft(w) && w.left.message).toMatch(/shared parameter 0 has shape \[3, 8\], the model expects \[4, 8\]/);
    disposeTrainState(s);
  });
});
