import { fc, test } from '@fast-check/vitest';
import { Key, leakedTensors, tf } from '@mtlkit/core';
import { crossEntropy, mse } from '@mtlkit/losses';
import { brierScore, expectedCalibrationError } from '@mtlkit/metrics';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import { adam } from './adam.js';
import { ensembleCalibration } from './ensemble-calibration.js';
import { ensembleModel, type EnsembleModel } from './ensemble-model.js';
import { ensembleScores, mooSvgdEnsembleStep, mtSgdEnsembleStep, type EnsembleSetup } from './ensemble-step.js';
import { evaluate } from './evaluate.js';
import { hpsMlp } from './mlp.js';
import { forward } from './model.js';
import { allTensors, disposeParams, flatten } from './params.js';
import { constantLr } from './schedule.js';
import { disposeTaskGradients, taskJacobian } from './task-jacobian.js';
import { disposeBatch, mixedBatch, runSteps } from './testing.js';
import { train } from './train.js';
import { disposeTrainState, initTrainState, type Step, type StepReport } from './train-state.js';

const base = hpsMlp({ input: 4, hidden: [6], heads: [{ output: 3 }, { output: 1 }], activation: 'tanh' });
const outputs = [
  { size: 3, combine: 'probabilities' },
  { size: 1, combine: 'mean' },
] as const;
const made = ensembleModel(base, { members: 3, outputs });
if (E.isLeft(made)) throw new Error(made.left.message);
const model: EnsembleModel = made.right;
const setup: EnsembleSetup = { model, losses: [crossEntropy(), mse()], optimizer: adam() };
const batches = Array.from({ length: 4 }, (_, i) => mixedBatch(Key.fromSeed(10 + i)));
afterAll(() => batches.forEach(disposeBatch));

const lastMean = (reports: readonly StepReport[], k: number) => [0, 1].map((t) => reports.slice(-k).reduce((a, r) => a + r.losses[t]! / k, 0));
const read = (t: tf.Tensor) => Array.from(t.dataSync());

describe('ensembleModel', () => {
  it('holds M members as one particle matrix; each member is the base network; heads average probabilities or outputs', () => {
    const p = model.init(Key.fromSeed(1));
    const d = 4 * 6 + 6 + 6 * 3 + 3 + 6 * 1 + 1;
    expect(model.dimension()).toBe(d);
    expect(p.shared[0]!.shape).toEqual([3, d]);
    expect(p.heads).toEqual([[], []]);
    const x = batches[0]!.x;
    const ens = tf.tidy(() => forward(model)(p, x));
    const memberProbs: number[][] = [];
    const memberMeans: number[][] = [];
    for (let m = 0; m < 3; m++) {
      const mp = model.memberParams(p.shared[0] as tf.Tensor2D, m);
      // Member m is the base network drawn from Key.foldIn(key, m).
      const direct = base.init(Key.foldIn(Key.fromSeed(1), m));
      expect(allTensors(mp).map(read)).toEqual(allTensors(direct).map(read));
      const [logits, reg] = tf.tidy(() => forward(base)(mp, x));
      const probs = tf.softmax(logits!);
      memberProbs.push(read(probs));
      memberMeans.push(read(reg!));
      const viaOutputs = model.memberOutputs(p.shared[0] as tf.Tensor2D, x);
      expect(read(tf.unstack(viaOutputs[0]!)[m]!)).toEqual(read(logits!));
      expect(read(tf.unstack(viaOutputs[1]!)[m]!)).toEqual(read(reg!));
      tf.dispose([logits!, reg!, probs, ...viaOutputs]);
      disposeParams(mp);
      disposeParams(direct);
    }
    // softmax(head 0) is the float64 average of the members' probabilities; head 1 the mean output.
    const pbar = read(tf.softmax(ens[0]!));
    pbar.forEach((v, j) => expect(v).toBeCloseTo((memberProbs[0]![j]! + memberProbs[1]![j]! + memberProbs[2]![j]!) / 3, 6));
    read(ens[1]!).forEach((v, j) => expect(v).toBeCloseTo((memberMeans[0]![j]! + memberMeans[1]![j]! + memberMeans[2]![j]!) / 3, 6));
    tf.dispose(ens);
    disposeParams(p);
  });

  test.prop([fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 1000 })], { seed: 42, numRuns: 12 })(
    'for any M, the ensemble predicts the average of its members’ probabilities and outputs (float64 re-computation)',
    (M, seed) => {
      const ens = ensembleModel(base, { members: M, outputs });
      if (E.isLeft(ens)) throw new Error(ens.left.message);
      const p = ens.right.init(Key.fromSeed(seed));
      const x = batches[seed % batches.length]!.x;
      const [logPbar, mean] = tf.tidy(() => forward(ens.right)(p, x));
      const members = Array.from({ length: M }, (_, m) => {
        const mp = ens.right.memberParams(p.shared[0] as tf.Tensor2D, m);
        const [z, y] = tf.tidy(() => forward(base)(mp, x));
        disposeParams(mp);
        const logits = z!.arraySync() as number[][];
        const out = read(y!);
        tf.dispose([z!, y!]);
        return { probs: logits.map((row) => row.map((v) => Math.exp(v - Math.max(...row))).map((e, _, es) => e / es.reduce((a, b) => a + b, 0))), y: out };
      });
      const pbar = tf.tidy(() => tf.softmax(logPbar!)).arraySync() as number[][];
      pbar.forEach((row, n) => row.forEach((v, c) => expect(Math.abs(v - members.reduce((a, mm) => a + mm.probs[n]![c]! / M, 0))).toBeLessThan(2e-6)));
      read(mean!).forEach((v, n) => expect(Math.abs(v - members.reduce((a, mm) => a + mm.y[n]! / M, 0))).toBeLessThan(1e-5));
      tf.dispose([logPbar!, mean!]);
      disposeParams(p);
    },
  );

  it('rejects a bad number of members or output list', () => {
    expect(E.isLeft(ensembleModel(base, { members: 0, outputs }))).toBe(true);
    const short = ensembleModel(base, { members: 2, outputs: [outputs[0]] });
    expect(E.isLeft(short) && short.left.message).toMatch(/1 entries for a model of 2 tasks/);
    const zero = ensembleModel(base, { members: 2, outputs: [outputs[0], { size: 0, combine: 'mean' }] });
    expect(E.isLeft(zero) && zero.left.message).toMatch(/output 1/);
  });
});

describe('ensembleScores', () => {
  it('row m of task i is −(N/T)∇L̄ᵢ(θₘ) − θₘ/σ² (checked against each member’s task Jacobian)', () => {
    const p = model.init(Key.fromSeed(2));
    const P = p.shared[0] as tf.Tensor2D;
    const batch = batches[1]!;
    const r = ensembleScores(setup, P, batch, { dataSize: 3, temperature: 2, priorStd: 2 });
    if (E.isLeft(r)) throw new Error(r.left.message);
    const rows = r.right.scores.map((s) => s.arraySync());
    const meanLoss = [0, 0];
    for (let m = 0; m < 3; m++) {
      const mp = model.memberParams(P, m);
      const g = taskJacobian({ model: base, losses: setup.losses })(mp, batch);
      if (E.isLeft(g)) throw new Error(g.left.message);
      const theta = read(flatten(allTensors(mp)));
      const J = g.right.jacobian.arraySync();
      [0, 1].forEach((i) => {
        // ∇ over all of member m's parameters: shared part from the Jacobian row, head i's own gradient, zeros for the other head.
        const heads = mp.heads.map((h, k) => (k === i ? g.right.heads[i]!.flatMap(read) : h.flatMap((t) => new Array<number>(t.size).fill(0))));
        const full = [...J[i]!, ...heads.flat()];
        full.forEach((gj, j) => expect(rows[i]![m]![j]!).toBeCloseTo(-1.5 * gj - theta[j]! / 4, 4));
        meanLoss[i]! += g.right.losses[i]! / 3;
      });
      disposeTaskGradients(g.right);
      disposeParams(mp);
    }
    [0, 1].forEach((i) => expect(r.right.losses[i]).toBeCloseTo(meanLoss[i]!, 5));
    tf.dispose(r.right.scores);
    disposeParams(p);
  });
});

describe('ensemble steps', () => {
  // N = 128 (the four batches of 32 examples): the targets are the training set's posteriors.
  const kinds: Array<[string, Step<null>]> = [
    ['mtSgdEnsembleStep', mtSgdEnsembleStep({ dataSize: 128 })(setup)],
    ['mooSvgdEnsembleStep', mooSvgdEnsembleStep({ dataSize: 128 })(setup)],
  ];
  for (const [name, step] of kinds) {
    it(`${name}: every task's mean member loss falls; no tensor leaks over 1,000 steps`, () => {
      const before = tf.memory().numTensors;
      const init = initTrainState(step, Key.fromSeed(3), 0.01);
      const { state, reports } = runSteps(step, init, 1000, (k) => batches[k % batches.length]!);
      lastMean(reports, 4).forEach((l, t) => expect(l).toBeLessThan(0.5 * reports[0]!.losses[t]!));
      const w = reports.at(-1)!.weights!;
      expect(w[0]! + w[1]!).toBeCloseTo(1, 6);
      disposeTrainState(init);
      disposeTrainState(state);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('trains in train(): the validation loss is the ensemble’s NLL of p̄; ensembleCalibration reports accuracy, Brier and ECE of p̄', async () => {
    const before = tf.memory().numTensors;
    const data = {
      train: (key: Key) => Array.from(Key.permutation(key, 4), (i) => mixedBatch(Key.fromSeed(10 + i))),
      validation: () => [mixedBatch(Key.fromSeed(90), 64)],
    };
    const r = await train({ step: mtSgdEnsembleStep({ dataSize: 128, priorStd: 10 })(setup), data, epochs: 6, key: Key.fromSeed(4), schedule: constantLr(0.02) });
    if (E.isLeft(r)) throw new Error(r.left.message);
    const h = r.right.history;
    [0, 1].forEach((t) => expect(h[5]!.validation![t]!['loss']).toBeLessThan(h[0]!.validation![t]!['loss']!));
    const params = r.right.state.params;
    const scores = ensembleCalibration(model, params, data.validation());
    if (E.isLeft(scores)) throw new Error(scores.left.message);
    const [cls, reg] = scores.right;
    // The same numbers from the ensemble head's log p̄ through the single-model metrics.
    const vb = mixedBatch(Key.fromSeed(90), 64);
    const [logPbar, mean] = tf.tidy(() => forward(model)(params, vb.x));
    const pbar = tf.softmax(logPbar!) as tf.Tensor2D;
    const brier = brierScore(pbar, vb.targets[0] as tf.Tensor1D);
    const ece = expectedCalibrationError(pbar, vb.targets[0] as tf.Tensor1D, { bins: 10 });
    expect(E.isRight(brier) && cls!['brier']).toBeCloseTo(E.isRight(brier) ? brier.right : NaN, 5);
    expect(E.isRight(ece) && cls!['ece']).toBeCloseTo(E.isRight(ece) ? ece.right.ece : NaN, 5);
    expect(cls!['accuracy']).toBeGreaterThan(0.6);
    expect(cls!['nll']).toBeCloseTo(h[5]!.validation![0]!['loss']!, 4);
    const ev = evaluate(setup, params, [mixedBatch(Key.fromSeed(90), 64)]);
    expect(reg!['mse']).toBeCloseTo(ev[1]!['loss']!, 5);
    tf.dispose([logPbar!, mean!, pbar]);
    disposeBatch(vb);
    disposeTrainState(r.right.state);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('returns Left for bad sampler options, a bad batch or a NaN loss, and leaks nothing then', () => {
    const s = initTrainState(mtSgdEnsembleStep({ dataSize: 128 })(setup), Key.fromSeed(5), 0.01);
    const bad = mtSgdEnsembleStep({ dataSize: 128, temperature: 0 })(setup);
    expect(leakedTensors(() => bad(s, batches[0]!))).toBe(0);
    const r = bad(s, batches[0]!);
    expect(E.isLeft(r) && r.left.message).toBe('mtSgdEnsembleStep: temperature must be a positive finite number, got 0.');
    const noTargets = mooSvgdEnsembleStep({ dataSize: 128 })(setup)(s, { x: batches[0]!.x, targets: [] });
    expect(E.isLeft(noTargets) && noTargets.left._tag).toBe('ShapeMismatch');
    const nanY = tf.fill([32, 1], Number.NaN);
    const nanBatch = { x: batches[0]!.x, targets: [batches[0]!.targets[0]!, nanY] };
    const mt = mtSgdEnsembleStep({ dataSize: 128 })(setup);
    expect(leakedTensors(() => mt(s, nanBatch))).toBe(0);
    const nan = mt(s, nanBatch);
    expect(E.isLeft(nan) && nan.left.message).toMatch(/loss of task 1 is NaN/);
    nanY.dispose();
    const repulsion = mtSgdEnsembleStep({ dataSize: 128, repulsion: -1 })(setup);
    expect(leakedTensors(() => repulsion(s, batches[0]!))).toBe(0);
    expect(E.isLeft(repulsion(s, batches[0]!))).toBe(true);
    disposeTrainState(s);
  });
});
