import { fc, test } from '@fast-check/vitest';
import { Key, leakedTensors } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { adaMt } from './ada-mt.js';
import { alphaGrad } from './alpha-grad.js';
import { dbMtl } from './db-mtl.js';
import { dwa } from './dwa.js';
import { equal } from './equal.js';
import { famo } from './famo.js';
import { fixed } from './fixed.js';
import { gls } from './gls.js';
import { gradBlending } from './grad-blending.js';
import { gradNorm } from './grad-norm.js';
import { imtlL } from './imtl-l.js';
import { pbi } from './pbi.js';
import { epochEvent, replay, stepEvent, type WeightingEvent } from './replay.js';
import { rlw } from './rlw.js';
import { scaleInvariant } from './scale-invariant.js';
import { stch } from './stch.js';
import { uncertainty } from './uncertainty.js';
import type { LossWeighting } from './weighting.js';

/** Every weighting with its defaults, and variants that exercise other code paths. */
const weightings: readonly (readonly [string, LossWeighting<unknown>])[] = [
  ['equal', equal()],
  ['uncertainty', uncertainty()],
  ['uncertainty (sgd)', uncertainty({ optimizer: { optimizer: 'sgd', lr: 0.1 } })],
  ['dwa', dwa()],
  ['gls', gls()],
  ['scaleInvariant', scaleInvariant()],
  ['rlw', rlw({ key: Key.fromSeed(1) })],
  ['famo', famo()],
  ['dbMtl', dbMtl()],
  ['dbMtl (β = 0, σ = 0.5)', dbMtl({ beta: 0, betaSigma: 0.5 })],
  ['stch', stch({ warmupEpochs: 1 })],
  ['gradNorm', gradNorm()],
  ['imtlL', imtlL()],
  ['pbi', pbi()],
  ['gradBlending', gradBlending({ warmup: 1 })],
  ['gradBlending (step)', gradBlending({ schedule: 'step', warmup: 1, window: 3 })],
  ['gradBlending (threshold)', gradBlending({ estimator: 'threshold', warmup: 0 })],
  ['gradBlending (secant)', gradBlending({ estimator: 'secant-slope', warmup: 1 })],
  ['alphaGrad', alphaGrad()],
  ['adaMt', adaMt()],
] as const as never;

interface RawStep {
  readonly losses: number[];
  readonly norms: number[];
  readonly means: number[];
  readonly validation: number[];
  readonly after: number[];
}
interface RawEpoch {
  readonly steps: RawStep[];
  readonly validation: number[];
}

/** Zeros, equal values, tiny and very large values, and ordinary ones. */
const value = fc.oneof(fc.constantFrom(0, 1, 1e-12, 1e12, 1e100), fc.double({ min: 0, max: 10, noNaN: true }));
const signed = fc.oneof(value, value.map((v) => -v));

const history = (m: number, v = value, s = signed) => {
  const vec = (g: fc.Arbitrary<number>) => fc.array(g, { minLength: m, maxLength: m });
  const step = fc.record({ losses: vec(v), norms: vec(v), means: vec(s), validation: vec(v), after: vec(v) });
  return fc.array(fc.record({ steps: fc.array(step, { minLength: 1, maxLength: 3 }), validation: vec(v) }), { minLength: 1, maxLength: 5 });
};

const histories = fc.integer({ min: 1, max: 4 }).chain((m) => fc.tuple(fc.constant(m), history(m)));

const permute = (xs: readonly number[], p: readonly number[]): number[] => p.map((j) => xs[j]!);

/** The events a training loop would produce from a raw history, with the tasks permuted by p. */
const events = (raw: readonly RawEpoch[], p: readonly number[]): WeightingEvent[] =>
  raw.flatMap((epoch) => [
    ...epoch.steps.map((s) =>
      stepEvent(
        { losses: Float64Array.from(permute(s.losses, p)), gradients: { norms: Float64Array.from(permute(s.norms, p)), means: Float64Array.from(permute(s.means, p)) }, validation: Float64Array.from(permute(s.validation, p)) },
        Float64Array.from(permute(s.after, p)),
      ),
    ),
    epochEvent({ train: permute(epoch.steps.map((s) => s.losses).reduce((acc, l) => acc.map((a, i) => a + l[i]! / epoch.steps.length), new Array(p.length).fill(0) as number[]), p), validation: permute(epoch.validation, p) }),
  ]);

const identity = (m: number) => Array.from({ length: m }, (_, i) => i);

const run = (w: LossWeighting<unknown>, raw: readonly RawEpoch[], p: readonly number[]): readonly Float64Array[] => {
  const r = replay(w, events(raw, p));
  if (E.isLeft(r)) throw new Error(`${w.name}: ${r.left.message}`);
  return r.right.weights;
};

const close = (a: number, b: number, rel: number) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));

describe.each(weightings)('%s', (_, w) => {
  test.prop([histories], { seed: 42, numRuns: 60 })('gives finite weights of the documented sign and sum on any history (zeros, equal, huge values)', ([m, raw]) => {
    for (const weights of run(w, raw, identity(m))) {
      expect(weights).toHaveLength(m);
      for (const v of weights) expect(Number.isFinite(v)).toBe(true);
      if (w.claims.nonNegative) for (const v of weights) expect(v).toBeGreaterThanOrEqual(0);
      const total = weights.reduce((a, b) => a + b, 0);
      if (w.claims.sum === 'tasks') expect(close(total, m, 1e-4)).toBe(true);
      if (w.claims.sum === 'one') expect(close(total, 1, 1e-9)).toBe(true);
    }
  });

  if (w.claims.permutationInvariant) {
    test.prop([histories.chain(([m, raw]) => fc.tuple(fc.constant(m), fc.constant(raw), fc.shuffledSubarray(identity(m), { minLength: m, maxLength: m })))], { seed: 7, numRuns: 40 })(
      'is invariant to the order of the tasks',
      ([m, raw, p]) => {
        const base = run(w, raw, identity(m));
        const permuted = run(w, raw, p);
        base.forEach((weights, k) => permute(Array.from(weights), p).forEach((v, i) => expect(close(permuted[k]![i]!, v, 1e-9)).toBe(true)));
      },
    );

    test.prop([fc.integer({ min: 2, max: 4 }).chain((m) => fc.tuple(fc.constant(m), history(1)))], { seed: 9, numRuns: 30 })('gives equal weights to tasks with equal histories', ([m, single]) => {
      const copies: RawEpoch[] = single.map((e) => ({
        validation: new Array(m).fill(e.validation[0]) as number[],
        steps: e.steps.map((s) => ({ losses: new Array(m).fill(s.losses[0]), norms: new Array(m).fill(s.norms[0]), means: new Array(m).fill(s.means[0]), validation: new Array(m).fill(s.validation[0]), after: new Array(m).fill(s.after[0]) })),
      }));
      for (const weights of run(w, copies, identity(m))) for (const v of weights) expect(v).toBe(weights[0]);
    });
  }

  it('rejects a NaN loss, a change in the number of tasks, and a missing input it needs, with sentences', () => {
    const nan = w.weights(w.initial, { losses: Float64Array.of(1, Number.NaN), gradients: { norms: Float64Array.of(1, 1), means: Float64Array.of(1, 1) }, validation: Float64Array.of(1, 1) });
    expect(E.isLeft(nan) && nan.left._tag).toBe('NonFinite');
    expect(E.isLeft(nan) && nan.left.message).toMatch(/task 1 is NaN/);
    const first = w.weights(w.initial, { losses: Float64Array.of(1, 2), gradients: { norms: Float64Array.of(1, 1), means: Float64Array.of(1, 1) }, validation: Float64Array.of(1, 1) });
    if (E.isLeft(first)) throw new Error(first.left.message);
    const three = w.weights(first.right[1], { losses: Float64Array.of(1, 2, 3), gradients: { norms: Float64Array.of(1, 1, 1), means: Float64Array.of(1, 1, 1) }, validation: Float64Array.of(1, 1, 1) });
    if (!(w.name === 'equal' || w.name === 'gls' || w.name === 'scaleInvariant' || w.name === 'rlw' || w.name === 'pbi')) expect(E.isLeft(three) && three.left._tag).toBe('ShapeMismatch');
    if (w.needs.gradients) {
      const missing = w.weights(w.initial, { losses: Float64Array.of(1, 2) });
      expect(E.isLeft(missing) && missing.left.message).toMatch(/gradient statistics of a shared layer \(input\.gradients\)/);
    }
  });

  it('keeps its state as plain data (checkpointable) and creates no tensor', () => {
    const raw: RawEpoch[] = [{ steps: [{ losses: [1, 2], norms: [1, 3], means: [0.1, -0.2], validation: [1.2, 2.1], after: [0.9, 1.9] }], validation: [1.1, 2] }];
    expect(leakedTensors(() => replay(w, events(raw, [0, 1])))).toBe(0);
    const r = replay(w, events([...raw, ...raw, ...raw], [0, 1]));
    if (E.isLeft(r)) throw new Error(r.left.message);
    const plain = (v: unknown): boolean =>
      v === null || ['number', 'string', 'boolean'].includes(typeof v) || v instanceof Float64Array || (Array.isArray(v) ? v.every(plain) : typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype && Object.values(v as object).every(plain));
    expect(plain(r.right.state)).toBe(true);
    // Replaying from a deep copy of a mid-run state gives the same weights (a resumed run).
    const mid = replay(w, events(raw, [0, 1]));
    if (E.isLeft(mid)) throw new Error(mid.left.message);
    const resumed = replay(w, events([...raw, ...raw], [0, 1]), structuredClone(mid.right.state));
    if (E.isLeft(resumed)) throw new Error(resumed.left.message);
    expect(resumed.right.weights.map((x) => Array.from(x))).toEqual(r.right.weights.slice(1).map((x) => Array.from(x)));
  });
});

describe('fixed', () => {
  it('returns its weights whatever the losses, and rejects bad weights or a wrong task count', () => {
    const r = fixed([0.2, 3]).weights(null, { losses: Float64Array.of(5, 1e100) });
    expect(E.isRight(r) && Array.from(r.right[0])).toEqual([0.2, 3]);
    const bad = fixed([1, -1]).weights(null, { losses: Float64Array.of(1, 1) });
    expect(E.isLeft(bad) && bad.left.message).toBe('fixed: weight 1 is -1; weights must be finite and ≥ 0.');
    const len = fixed([1, 1]).weights(null, { losses: Float64Array.of(1, 1, 1) });
    expect(E.isLeft(len) && len.left.message).toBe('fixed: the losses have 3 values for 2 tasks.');
  });
});
