import { fc, test } from '@fast-check/vitest';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { slope } from './blending-estimators.js';
import reference from './fixtures/grad-blending-reference.json' with { type: 'json' };
import { gradBlending } from './grad-blending.js';
import { epochEvent, replay, stepEvent, type WeightingEvent } from './replay.js';

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const column = (rows: readonly (readonly number[])[], i: number) => rows.map((r) => r[i]!);

/** The reference's per-epoch feed: every batch a step, then the epoch means (train and validation). */
const epochEvents = (train: number[][][], valid: number[][][]): WeightingEvent[] =>
  train.flatMap((batches, e) => {
    const m = batches[0]!.length;
    return [
      ...batches.map((row) => stepEvent({ losses: Float64Array.from(row) })),
      epochEvent({ train: Array.from({ length: m }, (_, i) => mean(column(batches, i))), validation: Array.from({ length: m }, (_, i) => mean(column(valid[e]!, i))) }),
    ];
  });

const stepEvents = (train: number[][], valid: number[][], perEpoch: number): WeightingEvent[] =>
  train.flatMap((row, k) => [stepEvent({ losses: Float64Array.from(row), validation: Float64Array.from(valid[k]!) }), ...((k + 1) % perEpoch === 0 ? [epochEvent({ train: row, validation: null })] : [])]);

const worstDifference = (got: readonly Float64Array[], want: readonly number[][]): number =>
  Math.max(...want.map((w, k) => Math.max(...w.map((v, i) => Math.abs(got[k]![i]! - v) / (1 + Math.abs(v))))));

describe('gradBlending against the float64 numpy re-computation of the reference code', () => {
  it.each(reference.epoch.map((c) => [c.estimator, c.valid[0]!.length, c] as const))('per epoch (GradApprox), %s, %i validation batches per epoch', (_, bv, c) => {
    const r = replay(gradBlending({ estimator: c.estimator as never, warmup: c.warmup, validationWindow: bv }), epochEvents(c.train, c.valid));
    if (E.isLeft(r)) throw new Error(r.left.message);
    expect(r.right.weights).toHaveLength(c.weights.length);
    expect(worstDifference(r.right.weights, c.weights)).toBeLessThan(1e-9);
  });

  it.each(reference.step.map((c) => [c.estimator, c.validationWindow, c] as const))('per step (MixNet), %s, validation window %i', (_, bv, c) => {
    const w = gradBlending({ schedule: 'step', estimator: c.estimator as never, warmup: c.warmup, window: c.window, validationWindow: bv, overlap: c.overlap });
    const r = replay(w, stepEvents(c.train, c.valid, c.stepsPerEpoch));
    if (E.isLeft(r)) throw new Error(r.left.message);
    expect(worstDifference(r.right.weights, c.weights)).toBeLessThan(1e-9);
  });
});

/**
 * Two tasks with the same falling training loss; task 1's validation loss turns upward after
 * epoch 6 while task 0's keeps falling (smooth curves, B = 5 steps per epoch).
 */
const overfitting = (epochs: number, schedule: 'epoch' | 'step'): WeightingEvent[] => {
  const perEpoch = 5;
  const events: WeightingEvent[] = [];
  for (let e = 0; e < epochs; e++) {
    const rows: number[][] = [];
    const vrows: number[][] = [];
    for (let k = 0; k < perEpoch; k++) {
      const t = e + k / perEpoch;
      const train = Math.exp(-t / 4) + 0.1;
      rows.push([train, train]);
      vrows.push([train + 0.2, train + 0.2 + 0.05 * Math.max(t - 6, 0) ** 1.5]);
    }
    for (let k = 0; k < perEpoch; k++) events.push(stepEvent({ losses: Float64Array.from(rows[k]!), validation: Float64Array.from(vrows[k]!) }));
    events.push(epochEvent({ train: [mean(column(rows, 0)), mean(column(rows, 1))], validation: schedule === 'epoch' ? [mean(column(vrows, 0)), mean(column(vrows, 1))] : null }));
  }
  return events;
};

describe('gradBlending behaviour (seed 000)', () => {
  it.each(['historical-tangent-slope', 'tangent-slope', 'secant-slope', 'threshold'] as const)('keeps the initial weights during the warm-up, then moves weight away from the task whose validation loss rises while its train loss falls (%s, per epoch)', (estimator) => {
    const r = replay(gradBlending({ estimator, warmup: 3, initial: [0.5, 1.5] }), overfitting(14, 'epoch'));
    if (E.isLeft(r)) throw new Error(r.left.message);
    const w = r.right.weights;
    // Steps of epochs 0..3 (4 epochs: the weights change after more than W = 3 epochs ended).
    for (const v of w.slice(0, 20)) expect(Array.from(v)).toEqual([0.5, 1.5]);
    const late = w.slice(-10);
    for (const v of late) {
      expect(v[1]!).toBeLessThan(v[0]!);
      expect(v[0]! + v[1]!).toBeCloseTo(2, 4);
    }
  });

  it.each(['historical-tangent-slope', 'tangent-slope', 'secant-slope', 'threshold'] as const)('per step (MixNet, %s): equal tasks keep equal weights; once task 1 overfits its weight falls step by step', (estimator) => {
    const r = replay(gradBlending({ schedule: 'step', warmup: 2, window: 5, estimator }), overfitting(14, 'step'));
    if (E.isLeft(r)) throw new Error(r.left.message);
    const w = r.right.weights;
    // The validation losses part at t = 6 (step 30); the weights of step k use points up to k − 1.
    for (const v of w.slice(0, 31)) expect(Array.from(v)).toEqual([1, 1]);
    for (let k = 32; k < 40; k++) expect(w[k]![1]!).toBeLessThan(w[k - 1]![1]!);
    for (const v of w.slice(-10)) expect(v[1]!).toBeLessThan(v[0]!);
  });

  it.each(['historical-tangent-slope', 'tangent-slope', 'secant-slope'] as const)('%s uses the gain sign (G = decrease of the validation loss, seed 000), not the reference code’s: the task whose validation loss falls gets the weight', (estimator) => {
    const r = replay(gradBlending({ estimator, warmup: 3 }), overfitting(14, 'epoch'));
    if (E.isLeft(r)) throw new Error(r.left.message);
    const last = r.right.weights.at(-1)!;
    expect(last[0]!).toBeGreaterThan(last[1]!);
    // With the reference code's sign the rising task would win; its raw weight is clipped to 0 here.
    expect(last[1]).toBe(1e-5);
  });

  it('keeps the previous weights when the losses are flat (every G is 0), and never divides by zero', () => {
    const flat = Array.from({ length: 8 }, () => [stepEvent({ losses: Float64Array.of(1, 2) }), epochEvent({ train: [1, 2], validation: [1, 2] })]).flat();
    for (const estimator of ['historical-tangent-slope', 'tangent-slope', 'secant-slope'] as const) {
      const r = replay(gradBlending({ estimator, warmup: 0, initial: [0.25, 1.75] }), flat);
      if (E.isLeft(r)) throw new Error(r.left.message);
      for (const v of r.right.weights) expect(Array.from(v)).toEqual([0.25, 1.75]);
    }
  });

  it('floors a task at 1e-5 (the reference floor) when its raw weight is 0', () => {
    const r = replay(gradBlending({ estimator: 'tangent-slope', warmup: 2 }), overfitting(14, 'epoch'));
    if (E.isLeft(r)) throw new Error(r.left.message);
    expect(r.right.weights.at(-1)![1]).toBe(1e-5);
    expect(r.right.weights.at(-1)![0]).toBeCloseTo(2, 4);
  });

  it('reports a missing validation input and bad options as Left sentences', () => {
    const noValidation = gradBlending().endEpoch(gradBlending().initial, { train: [1, 2], validation: null });
    expect(E.isLeft(noValidation) && noValidation.left.message).toMatch(/needs the epoch's validation losses/);
    const stepNoBatch = gradBlending({ schedule: 'step' }).weights(gradBlending({ schedule: 'step' }).initial, { losses: Float64Array.of(1, 2) });
    expect(E.isLeft(stepNoBatch) && stepNoBatch.left.message).toMatch(/validation-batch losses \(input\.validation\)/);
    const bad = gradBlending({ warmup: -1 }).weights(gradBlending().initial, { losses: Float64Array.of(1) });
    expect(E.isLeft(bad) && bad.left.message).toBe('gradBlending: warmup must be an integer ≥ 0, got -1.');
    const est = gradBlending({ estimator: 'slope' as never }).weights(gradBlending().initial, { losses: Float64Array.of(1) });
    expect(E.isLeft(est) && est.left._tag).toBe('InvalidArgument');
  });
});

describe('slope', () => {
  test.prop([fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 30 }), fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: -100, max: 100, noNaN: true })], { seed: 42, numRuns: 100 })(
    'is the least-squares slope: exact on lines, and invariant to adding a line’s worth of offset',
    (ys, a, b) => {
      const line = ys.map((_, t) => a * t + b);
      expect(slope(line)).toBeCloseTo(a, 6);
      const shifted = ys.map((y, t) => y + a * t + b);
      expect(Math.abs(slope(shifted) - (slope(ys) + a))).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(slope(ys)) + Math.abs(a)));
    },
  );

  it('is 0 for fewer than two points', () => {
    expect(slope([])).toBe(0);
    expect(slope([3])).toBe(0);
  });
});
