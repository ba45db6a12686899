import { fc, test } from '@fast-check/vitest';
import { Key, leakedTensors, tf } from '@mtlkit/core';
import {
  adaMt,
  alphaGrad,
  dbMtl,
  dwa,
  equal,
  famo,
  fixed,
  gls,
  gradBlending,
  gradNorm,
  imtlL,
  lossWeighting,
  pbi,
  rlw,
  scaleInvariant,
  stch,
  uncertainty,
  type LossWeighting,
  type StepInput,
} from '@mtlkit/losses';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import { adam } from './adam.js';
import { parseCheckpoint, serializeCheckpoint } from './checkpoint.js';
import type { Batch } from './objective.js';
import { sgd } from './optimizer.js';
import { allTensors } from './params.js';
import { constantLr } from './schedule.js';
import { taskJacobian, disposeTaskGradients } from './task-jacobian.js';
import { taskLosses } from './task-losses.js';
import { disposeBatch, regressionBatch, regressionObjective, runSteps } from './testing.js';
import { train, type TrainData } from './train.js';
import { disposeTrainState, initTrainState, type Step, type TrainState } from './train-state.js';
import { lastSharedWeight, weightedLossStep } from './weighted-loss-step.js';

const objective = regressionObjective();
const setup = { ...objective, optimizer: adam() };
const batches = Array.from({ length: 4 }, (_, i) => regressionBatch(Key.fromSeed(100 + i)));
const validation = Array.from({ length: 3 }, (_, i) => regressionBatch(Key.fromSeed(400 + i)));
afterAll(() => [...batches, ...validation].forEach(disposeBatch));

/** Step k pairs training batch k mod 4 with validation batch k mod 3 (the caller's own pairing). */
const paired = (k: number): Batch => ({ ...batches[k % batches.length]!, validation: validation[k % validation.length]! });

/** Runs `steps` steps on the paired batches from `from`: the last state and each step's losses. */
const run = <S>(step: Step<S>, state: TrainState<S>, steps: number, from = 0) => {
  const { state: last, reports } = runSteps(step, state, steps, paired, from);
  return { state: last, losses: reports.map((r) => r.losses) };
};

const values = (s: TrainState<unknown>) => allTensors(s.params).map((t) => Array.from(t.dataSync()));
const tail = (ls: Float64Array[], k: number) => [0, 1].map((t) => ls.slice(-k).reduce((a, l) => a + l[t]! / k, 0));

/** Every weighting of @mtlkit/losses (gradient blending in both schedules). */
const weightings: Array<[string, LossWeighting<unknown>]> = [
  ['equal', equal()],
  ['fixed', fixed([0.5, 1.5])],
  ['uncertainty', uncertainty()],
  ['dwa', dwa()],
  ['gls', gls()],
  ['scaleInvariant', scaleInvariant()],
  ['rlw', rlw({ key: Key.fromSeed(5) })],
  ['famo', famo()],
  ['dbMtl', dbMtl()],
  ['stch', stch({ warmupEpochs: 1 })],
  ['gradNorm', gradNorm()],
  ['imtlL', imtlL()],
  ['pbi', pbi()],
  ['gradBlending (epoch)', gradBlending({ warmup: 1 })],
  ['gradBlending (step)', gradBlending({ schedule: 'step', warmup: 1, window: 4 })],
  ['alphaGrad', alphaGrad()],
  ['adaMt', adaMt()],
] as Array<[string, LossWeighting<unknown>]>;

describe('weightedLossStep', () => {
  it('feeds the weighting the README protocol: losses, ∇_W stats of the unweighted losses, the paired validation losses, the losses after the step; and steps along Σ wᵢ∇Lᵢ', () => {
    const inputs: StepInput[] = [];
    const afters: Float64Array[] = [];
    const probe = lossWeighting<number>({
      name: 'probe',
      initial: 0,
      needs: { gradients: true, validationBatch: true, lossesAfterStep: true },
      claims: { nonNegative: true, sum: null, permutationInvariant: true },
      weights: (s, input) => {
        inputs.push(input);
        return E.right([Float64Array.of(0.25, 1.5), s + 1] as const);
      },
      afterStep: (s, l) => {
        afters.push(l);
        return E.right(s + 10);
      },
    });
    const plain = { ...objective, optimizer: sgd() };
    const step = weightedLossStep(probe)(plain);
    const state = initTrainState(step, Key.fromSeed(1), 0.1);
    const batch = paired(0);
    const r = step(state, batch);
    expect(E.isRight(r)).toBe(true);
    if (E.isLeft(r)) return;
    const [next, report] = r.right;
    expect(next.extra).toBe(11);
    expect(Array.from(report.weights!)).toEqual([0.25, 1.5]);

    // Independent references: the task Jacobian (rows ∇_shared Lᵢ) and plain forward passes.
    const g = taskJacobian(objective)(state.params, batch);
    if (E.isLeft(g)) throw new Error(g.left.message);
    const rows = g.right.jacobian.arraySync();
    const shapes = state.params.shared.map((t) => t.size);
    const k = lastSharedWeight(state.params.shared);
    expect(k).toBe(0); // hidden [8]: shared = [w (4 × 8), b (8)]
    const start = shapes.slice(0, k).reduce((a, b) => a + b, 0);
    const wRows = rows.map((row) => row.slice(start, start + shapes[k]!));
    const input = inputs[0]!;
    expect(Array.from(input.losses)).toEqual(Array.from(g.right.losses));
    wRows.forEach((row, i) => {
      expect(input.gradients!.norms[i]).toBeCloseTo(Math.hypot(...row), 5);
      expect(input.gradients!.means[i]).toBeCloseTo(row.reduce((a, b) => a + b, 0) / row.length, 6);
    });
    const vl = taskLosses(objective)(state.params, batch.validation!);
    expect(E.isRight(vl) && Array.from(vl.right)).toEqual(Array.from(input.validation!));
    const al = taskLosses(objective)(next.params, batch);
    expect(E.isRight(al) && Array.from(al.right)).toEqual(Array.from(afters[0]!));

    // SGD: θ' = θ − lr·(Jᵀw) for the shared parameters, head i: θᵢ' = θᵢ − lr·wᵢ∇Lᵢ.
    const before = state.params.shared.flatMap((t) => Array.from(t.dataSync()));
    const after = next.params.shared.flatMap((t) => Array.from(t.dataSync()));
    after.forEach((v, j) => expect(v).toBeCloseTo(before[j]! - 0.1 * (0.25 * rows[0]![j]! + 1.5 * rows[1]![j]!), 5));
    [0, 1].forEach((i) => {
      const hb = state.params.heads[i]!.flatMap((t) => Array.from(t.dataSync()));
      const ha = next.params.heads[i]!.flatMap((t) => Array.from(t.dataSync()));
      const hg = g.right.heads[i]!.flatMap((t) => Array.from(t.dataSync()));
      ha.forEach((v, j) => expect(v).toBeCloseTo(hb[j]! - 0.1 * [0.25, 1.5][i]! * hg[j]!, 5));
    });
    disposeTaskGradients(g.right);
    disposeTrainState(state);
    disposeTrainState(next);
  });

  test.prop([fc.array(fc.double({ min: 0, max: 3, noNaN: true }), { minLength: 2, maxLength: 2 }), fc.integer({ min: 0, max: 1000 })], { seed: 42, numRuns: 20 })(
    'with fixed weights w, one SGD step is θ − lr·Σᵢ wᵢ∇Lᵢ (the task Jacobian’s Jᵀw for the shared part)',
    (w, seed) => {
      const step = weightedLossStep(fixed(w))({ ...objective, optimizer: sgd() });
      const state = initTrainState(step, Key.fromSeed(seed), 0.05);
      const batch = batches[seed % batches.length]!;
      const r = step(state, batch);
      const g = taskJacobian(objective)(state.params, batch);
      if (E.isLeft(r) || E.isLeft(g)) throw new Error('step failed');
      const J = g.right.jacobian.arraySync();
      const before = state.params.shared.flatMap((t) => Array.from(t.dataSync()));
      const after = r.right[0].params.shared.flatMap((t) => Array.from(t.dataSync()));
      const scale = 1 + Math.max(...J.flat().map(Math.abs));
      after.forEach((v, j) => expect(Math.abs(v - (before[j]! - 0.05 * (w[0]! * J[0]![j]! + w[1]! * J[1]![j]!)))).toBeLessThan(1e-6 * scale));
      disposeTaskGradients(g.right);
      disposeTrainState(state);
      disposeTrainState(r.right[0]);
    },
  );

  it.each([
    ['alphaGrad', alphaGrad()],
    ['adaMt', adaMt()],
    ['famo', famo()],
    ['gradNorm', gradNorm()],
    ['gradBlending (step, paired validation batches)', gradBlending({ schedule: 'step', warmup: 0, window: 4 })],
  ] as Array<[string, LossWeighting<unknown>]>)('%s lowers every task’s loss', (_, weighting) => {
    const step = weightedLossStep(weighting)(setup);
    const init = initTrainState(step, Key.fromSeed(2), 0.01);
    const { state, losses } = run(step, init, 150);
    tail(losses, 4).forEach((l, t) => expect(l).toBeLessThan(0.5 * losses[0]![t]!));
    disposeTrainState(init);
    disposeTrainState(state);
  });

  it('chooses the shared tensor W by index, and rejects an index out of range', () => {
    const wide = { ...setup, model: regressionObjective().model };
    const inputs: StepInput[] = [];
    const base = alphaGrad() as LossWeighting<unknown>;
    const recording: LossWeighting<unknown> = { ...base, weights: (st, input) => (inputs.push(input), base.weights(st, input)) };
    const byBias = weightedLossStep(recording, { sharedParameter: 1 })(wide);
    const s = initTrainState(byBias, Key.fromSeed(3), 0.01);
    const ok = byBias(s, paired(0));
    expect(E.isRight(ok)).toBe(true);
    if (E.isRight(ok)) disposeTrainState(ok.right[0]);
    // The statistics are those of the bias columns of the task Jacobian (shared = [w (4 × 8), b (8)]).
    const g = taskJacobian(objective)(s.params, paired(0));
    if (E.isLeft(g)) throw new Error(g.left.message);
    const biasRows = g.right.jacobian.arraySync().map((row) => row.slice(4 * 8));
    biasRows.forEach((row, i) => expect(inputs[0]!.gradients!.norms[i]).toBeCloseTo(Math.hypot(...row), 5));
    disposeTaskGradients(g.right);
    const bad = weightedLossStep(base, { sharedParameter: 2 })(wide);
    const r = bad(s, paired(0));
    expect(E.isLeft(r) && r.left.message).toMatch(/index in 0\.\.1 of the model's 2 shared tensors, got 2/);
    disposeTrainState(s);
  });

  it('returns Left without leaking when the paired validation batch is missing, a loss is NaN or the weighting fails', () => {
    const step = weightedLossStep(gradBlending({ schedule: 'step' }))(setup);
    const s = initTrainState(step, Key.fromSeed(4), 0.01);
    expect(step.needs).toEqual({ validationBatch: true, validationEpoch: false });
    const missing = step(s, batches[0]!);
    expect(E.isLeft(missing) && missing.left.message).toMatch(/needs a validation batch paired with every training step/);
    const failing = weightedLossStep(fixed([1, 2, 3]))(setup);
    const sf = { ...s, extra: failing.initial };
    expect(leakedTensors(() => failing(sf, batches[0]!))).toBe(0);
    const failed = failing(sf, batches[0]!);
    expect(E.isLeft(failed) && failed.left.message).toMatch(/fixed/);
    const nanY = tf.fill([32, 1], Number.NaN);
    const nanBatch = { x: batches[0]!.x, targets: [batches[0]!.targets[0]!, nanY], validation: validation[0]! };
    for (const w of [alphaGrad(), gradBlending({ schedule: 'step' })] as LossWeighting<unknown>[]) {
      const st = weightedLossStep(w)(setup);
      const sw = { ...s, extra: st.initial };
      expect(leakedTensors(() => st(sw, nanBatch))).toBe(0);
      const nan = st(sw, nanBatch);
      expect(E.isLeft(nan) && nan.left.message).toMatch(/loss of task 1 is NaN/);
    }
    const badValidation = step(s, { ...batches[0]!, validation: nanBatch });
    expect(E.isLeft(badValidation) && badValidation.left.message).toMatch(/^the paired validation batch: the loss of task 1 is NaN/);
    nanY.dispose();
    disposeTrainState(s);
    const famoStep = weightedLossStep(famo())(setup);
    const f = initTrainState(famoStep, Key.fromSeed(4), 0.01);
    expect(leakedTensors(() => E.map(([n]: readonly [TrainState<unknown>, unknown]) => disposeTrainState(n))(famoStep(f, paired(0))))).toBe(0);
    disposeTrainState(f);
  });

  it.each(weightings)('%s: its state is plain data that a checkpoint round-trips; the restored run continues exactly', (_, weighting) => {
    const step = weightedLossStep(weighting)(setup);
    const init = initTrainState(step, Key.fromSeed(6), 0.01);
    // Two epochs of 3 steps with their ends, so epoch-driven weightings have moved.
    let s: TrainState<unknown> = init;
    for (let e = 0; e < 2; e++) {
      const r = run(step, s, 3, 3 * e);
      if (s !== init) disposeTrainState(s);
      const summary = { epoch: e, train: tail(r.losses, 3), validation: [{ loss: 0.5 + e * 0.1 }, { loss: 0.7 - e * 0.05 }] };
      const ended = step.endEpoch!(r.state, summary);
      if (E.isLeft(ended)) throw new Error(ended.left.message);
      s = ended.right;
    }
    const text = serializeCheckpoint(s);
    const restored = parseCheckpoint(step, text, 'ckpt');
    if (E.isLeft(restored)) throw new Error(restored.left.message);
    expect(restored.right.state.extra).toEqual(s.extra);
    const a = run(step, s, 4, 6);
    const b = run(step, restored.right.state, 4, 6);
    expect(values(b.state)).toEqual(values(a.state));
    expect(b.state.extra).toEqual(a.state.extra);
    [init, s, restored.right.state, a.state, b.state].forEach((x) => disposeTrainState(x));
  });
});

describe('weightedLossStep in train()', () => {
  const data: TrainData = {
    train: (key) => Array.from(Key.permutation(key, 6), (i) => regressionBatch(Key.fromSeed(200 + i), 16)),
    validation: () => [0, 1].map((i) => regressionBatch(Key.fromSeed(300 + i), 16)),
    batchesPerEpoch: 6,
  };

  it.each([
    ['gradient blending per epoch', gradBlending({ warmup: 1 }), true],
    ['gradient blending per step (validation batches paired by the loop)', gradBlending({ schedule: 'step', warmup: 1, window: 4 }), true],
    ['AlphaGrad', alphaGrad(), false],
    ['AdaMT', adaMt(), false],
  ] as Array<[string, LossWeighting<unknown>, boolean]>)('%s runs end to end: every validation loss halves, the weights move, nothing leaks', async (_, weighting, warmup) => {
    const before = tf.memory().numTensors;
    const r = await train({ step: weightedLossStep(weighting)(setup), data, epochs: 5, key: Key.fromSeed(1), schedule: constantLr(0.02) });
    if (E.isLeft(r)) throw new Error(r.left.message);
    const h = r.right.history;
    [0, 1].forEach((t) => expect(h[4]!.validation![t]!['loss']).toBeLessThan(0.5 * h[0]!.validation![t]!['loss']!));
    if (warmup) expect(h[0]!.weights).toEqual([1, 1]);
    expect(h[4]!.weights).not.toEqual([1, 1]);
    expect(h[4]!.weights![0]! + h[4]!.weights![1]!).toBeCloseTo(2, 4);
    disposeTrainState(r.right.state);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('pairs validation batches from data.validationBatches, and a resumed run ends exactly like an uninterrupted one', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'mtlkit-weighted-'));
    const path = join(dir, 'ckpt.json');
    const drawn: number[] = [];
    const withPairs: TrainData = {
      ...data,
      validationBatches: (key) => Array.from(Key.permutation(key, 3), (i) => (drawn.push(i), regressionBatch(Key.fromSeed(500 + i), 8))),
    };
    const base = { step: weightedLossStep(gradBlending({ schedule: 'step', warmup: 1, window: 4 }))(setup), data: withPairs, key: Key.fromSeed(8), schedule: constantLr(0.01) };
    const whole = await train({ ...base, epochs: 4 });
    expect(drawn).toHaveLength(4 * 6);
    const first = await train({ ...base, epochs: 2, checkpoint: { path } });
    const resumed = await train({ ...base, epochs: 4, resumeFrom: path });
    rmSync(dir, { recursive: true, force: true });
    if (E.isLeft(whole) || E.isLeft(first) || E.isLeft(resumed)) throw new Error('a run failed');
    expect(values(resumed.right.state)).toEqual(values(whole.right.state));
    expect(resumed.right.state.extra).toEqual(whole.right.state.extra);
    [whole, first, resumed].forEach((x) => disposeTrainState(x.right.state));
  });

  it('refuses to start when the weighting needs validation data the run does not have', async () => {
    const noValidation: TrainData = { train: data.train };
    const perStep = await train({ step: weightedLossStep(gradBlending({ schedule: 'step' }))(setup), data: noValidation, epochs: 1, key: Key.fromSeed(1), schedule: constantLr(0.01) });
    expect(E.isLeft(perStep) && perStep.left.message).toMatch(/data\.validationBatches or data\.validation/);
    const perEpoch = await train({ step: weightedLossStep(gradBlending())(setup), data: noValidation, epochs: 1, key: Key.fromSeed(1), schedule: constantLr(0.01) });
    expect(E.isLeft(perEpoch) && perEpoch.left.message).toMatch(/validation losses at every epoch end/);
  });
});
