import { Key } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { adaMt } from './ada-mt.js';
import { alphaGrad } from './alpha-grad.js';
import { dbMtl } from './db-mtl.js';
import { dwa } from './dwa.js';
import { famo } from './famo.js';
import { gls } from './gls.js';
import { gradNorm } from './grad-norm.js';
import { imtlL } from './imtl-l.js';
import { pbi } from './pbi.js';
import { epochEvent, replay, stepEvent, type WeightingEvent } from './replay.js';
import { rlw } from './rlw.js';
import { scaleInvariant } from './scale-invariant.js';
import { stch } from './stch.js';
import { finiteDifferences, maxRelError } from './test-helpers.js';
import { uncertainty } from './uncertainty.js';
import type { GradientStats, LossWeighting, StepInput } from './weighting.js';

const right = <A>(r: E.Either<{ message: string }, A>): A => {
  if (E.isLeft(r)) throw new Error(r.left.message);
  return r.right;
};
const f64 = (...xs: number[]) => Float64Array.from(xs);
const grads = (norms: number[], means: number[] = norms.map(() => 0)): GradientStats => ({ norms: Float64Array.from(norms), means: Float64Array.from(means) });
const steps = (n: number, input: StepInput): WeightingEvent[] => Array.from({ length: n }, () => stepEvent(input));
const first = <S>(w: LossWeighting<S>, input: StepInput) => right(w.weights(w.initial, input));

describe('uncertainty (Kendall et al. 2018)', () => {
  it('weighs by ½e^{−s} and steps s along the float64 finite-difference gradient of ½e^{−s}L + ½s', () => {
    const L = [0.3, 2.5];
    const [w, s] = first(uncertainty({ optimizer: { optimizer: 'sgd', lr: 0.1 } }), { losses: Float64Array.from(L) });
    expect(Array.from(w)).toEqual([0.5 * Math.exp(0.5), 0.5 * Math.exp(0.5)]);
    const fd = finiteDifferences((x) => x.reduce((a, si, i) => a + 0.5 * Math.exp(-si) * L[i]! + 0.5 * si, 0), [-0.5, -0.5]);
    expect(maxRelError(s.logVar, [-0.5 - 0.1 * fd[0]!, -0.5 - 0.1 * fd[1]!])).toBeLessThan(1e-8);
  });

  it('converges to σ² = L: the noisier (larger-loss) task gets the smaller weight 1/(2L)', () => {
    const r = right(replay(uncertainty({ optimizer: { optimizer: 'adam', lr: 0.01 } }), steps(3000, { losses: f64(0.5, 4) })));
    const last = r.weights.at(-1)!;
    expect(maxRelError(last, [1 / (2 * 0.5), 1 / (2 * 4)])).toBeLessThan(1e-2);
    expect(last[1]!).toBeLessThan(last[0]!);
  });
});

describe('imtlL (Liu et al. 2021)', () => {
  it('steps s along the finite-difference gradient of e^{s}L − s, and equalises the scaled losses e^{s}L → 1', () => {
    const L = [0.2, 5];
    const [, s] = first(imtlL({ optimizer: { optimizer: 'sgd', lr: 0.05 } }), { losses: Float64Array.from(L) });
    const fd = finiteDifferences((x) => x.reduce((a, si, i) => a + Math.exp(si) * L[i]! - si, 0), [0, 0]);
    expect(maxRelError(s.scale, [-0.05 * fd[0]!, -0.05 * fd[1]!])).toBeLessThan(1e-8);
    const r = right(replay(imtlL({ optimizer: { optimizer: 'adam', lr: 0.01 } }), steps(3000, { losses: Float64Array.from(L) })));
    const w = r.weights.at(-1)!;
    expect(maxRelError([w[0]! * L[0]!, w[1]! * L[1]!], [1, 1])).toBeLessThan(1e-2);
  });
});

describe('dwa (Liu et al. 2019)', () => {
  it('uses 1 for two epochs, then K·softmax(r/T) of the epoch-loss ratios: the slowest-falling task gets the most weight', () => {
    const epochs = [
      [1, 1],
      [0.5, 0.9],
      [0.25, 0.81],
    ];
    const events = epochs.flatMap((l) => [stepEvent({ losses: Float64Array.from(l) }), stepEvent({ losses: Float64Array.from(l) }), epochEvent({ train: l, validation: null })]);
    const r = right(replay(dwa(), [...events, stepEvent({ losses: f64(0.1, 0.7) })]));
    for (const w of r.weights.slice(0, 4)) expect(Array.from(w)).toEqual([1, 1]);
    const softmax2 = (a: number, b: number) => [(2 * Math.exp(a / 2)) / (Math.exp(a / 2) + Math.exp(b / 2)), (2 * Math.exp(b / 2)) / (Math.exp(a / 2) + Math.exp(b / 2))];
    expect(maxRelError(r.weights[4]!, softmax2(0.5, 0.9))).toBeLessThan(1e-12);
    expect(maxRelError(r.weights[6]!, softmax2(0.5, 0.9))).toBeLessThan(1e-12);
    expect(r.weights[6]![1]!).toBeGreaterThan(r.weights[6]![0]!);
  });

  it('takes a ratio with a zero previous loss as 1 (no division by zero)', () => {
    const events = [epochEvent({ train: [0, 1], validation: null }), epochEvent({ train: [0, 1], validation: null }), stepEvent({ losses: f64(0, 1) })];
    expect(Array.from(right(replay(dwa(), [stepEvent({ losses: f64(0, 1) }), ...events])).weights[1]!)).toEqual([1, 1]);
  });
});

describe('gls and scaleInvariant', () => {
  it('gls weights are the float64 finite-difference gradient of the geometric mean (Πᵢ Lᵢ)^{1/T}', () => {
    const L = [0.3, 2, 7.5];
    const [w] = first(gls(), { losses: Float64Array.from(L) });
    expect(maxRelError(w, finiteDifferences((x) => (x[0]! * x[1]! * x[2]!) ** (1 / 3), L))).toBeLessThan(1e-7);
  });

  it('scaleInvariant weights are the finite-difference gradient of Σᵢ log(Lᵢ + ε), and do not change when a loss is rescaled… relative to it', () => {
    const L = [0.3, 2, 7.5];
    const [w] = first(scaleInvariant(), { losses: Float64Array.from(L) });
    expect(maxRelError(w, finiteDifferences((x) => x.reduce((a, v) => a + Math.log(v + 1e-8), 0), L, 1e-7))).toBeLessThan(1e-6);
    const [w10] = first(scaleInvariant(), { losses: f64(3, 2, 7.5) });
    expect(w10[0]! * 3).toBeCloseTo(w[0]! * 0.3, 6);
  });

  it('scaleInvariant reports a weight 1/(0 + ε) that overflows (subnormal ε) as a Left, not an infinite weight', () => {
    const r = scaleInvariant({ epsilon: 1e-320 }).weights(null, { losses: f64(0, 1) });
    expect(E.isLeft(r) && r.left._tag).toBe('NonFinite');
    expect(E.isLeft(r) && r.left.message).toContain('scaleInvariant: the weight of task 0 came out Infinity');
  });
});

describe('rlw (Lin et al. 2022)', () => {
  it('is a pure function of its key, softmax(N(0, I)) on average 1/T per task', () => {
    const events = steps(3000, { losses: f64(1, 1, 1) });
    const a = right(replay(rlw({ key: Key.fromSeed(3) }), events));
    const b = right(replay(rlw({ key: Key.fromSeed(3) }), events));
    const c = right(replay(rlw({ key: Key.fromSeed(4) }), events.slice(0, 1)));
    expect(a.weights.map((w) => Array.from(w))).toEqual(b.weights.map((w) => Array.from(w)));
    expect(Array.from(c.weights[0]!)).not.toEqual(Array.from(a.weights[0]!));
    const meanW = [0, 1, 2].map((i) => a.weights.reduce((s, w) => s + w[i]!, 0) / a.weights.length);
    for (const v of meanW) expect(Math.abs(v - 1 / 3)).toBeLessThan(0.02);
    const u = right(replay(rlw({ key: Key.fromSeed(3), distribution: 'uniform' }), events.slice(0, 200)));
    for (const w of u.weights) expect(Math.max(...w) / Math.min(...w)).toBeLessThanOrEqual(Math.E);
  });
});

describe('famo (Liu et al. 2023)', () => {
  it('weighs every log-loss at the same rate: wᵢ = (zᵢ/Lᵢ)/Σⱼ(zⱼ/Lⱼ), summing to 1', () => {
    const [w] = first(famo(), { losses: f64(0.5, 2, 8) });
    const inv = [1 / (0.5 + 1e-8), 1 / (2 + 1e-8), 1 / (8 + 1e-8)];
    const s = inv.reduce((a, b) => a + b, 0);
    expect(maxRelError(w, inv.map((v) => v / s))).toBeLessThan(1e-12);
  });

  it('after a step in which task 0 improved much and task 1 hardly, shifts z toward task 1 by one Adam step of lr = 0.025', () => {
    const r = right(replay(famo(), [stepEvent({ losses: f64(1, 1) }, f64(0.5, 0.99)), stepEvent({ losses: f64(1, 1) })]));
    expect(r.state.logits[0]!).toBeCloseTo(-0.025, 6);
    expect(r.state.logits[1]!).toBeCloseTo(0.025, 6);
    expect(r.weights[1]![1]!).toBeGreaterThan(r.weights[1]![0]!);
  });
});

describe('dbMtl (Lin et al. 2023)', () => {
  it('with β = 0 scales every log-loss gradient to the largest norm: wᵢ‖∇Lᵢ‖ is the same for every task', () => {
    const L = [0.5, 2, 0.1];
    const n = [1, 3, 0.05];
    const [w] = first(dbMtl({ beta: 0 }), { losses: Float64Array.from(L), gradients: grads(n) });
    const top = Math.max(...n.map((v, i) => v / (L[i]! + 1e-8)));
    for (let i = 0; i < 3; i++) expect(w[i]! * n[i]!).toBeCloseTo(top * (1 - 1e-8 / ((n[i]! / (L[i]! + 1e-8)) + 1e-8)), 6);
  });

  it('its moving average (from 0) of constant norms gives the same weights as β = 0', () => {
    const input = { losses: f64(0.5, 2), gradients: grads([1, 3]) };
    const a = right(replay(dbMtl(), steps(5, input)));
    const b = right(replay(dbMtl({ beta: 0 }), steps(5, input)));
    a.weights.forEach((w, k) => expect(maxRelError(w, b.weights[k]!)).toBeLessThan(1e-7));
  });
});

describe('stch (Lin et al. 2024)', () => {
  it('uses Σ log Lᵢ during the warm-up, fixes the nadir from epoch W, then follows the gradient of T·μ·logsumexp(log(L/z)/μ)', () => {
    const mu = 0.5;
    const events: WeightingEvent[] = [
      stepEvent({ losses: f64(2, 4) }),
      epochEvent({ train: [2, 4], validation: null }),
      stepEvent({ losses: f64(1, 3) }),
      stepEvent({ losses: f64(3, 5) }),
      epochEvent({ train: [2, 4], validation: null }),
      stepEvent({ losses: f64(0.5, 3.5) }),
    ];
    const r = right(replay(stch({ mu, warmupEpochs: 1 }), events));
    expect(Array.from(r.weights[0]!)).toEqual([1 / 2, 1 / 4]);
    expect(Array.from(r.state.nadir!)).toEqual([2, 4]);
    const z = [2, 4];
    const objective = (x: Float64Array) => 2 * mu * Math.log(x.reduce((a, v, i) => a + Math.exp(Math.log(v / z[i]! + 1e-20) / mu), 0));
    expect(maxRelError(r.weights[3]!, finiteDifferences(objective, [0.5, 3.5], 1e-7))).toBeLessThan(1e-6);
  });
});

describe('gradNorm (Chen et al. 2018)', () => {
  it('moves weight away from the task with the larger gradient norm until the weighted norms meet (equal training rates)', () => {
    const r = right(replay(gradNorm(), steps(2000, { losses: f64(1, 1), gradients: grads([1, 10]) })));
    expect(r.weights[1]![1]!).toBeLessThan(1);
    const last = r.weights.at(-1)!;
    expect(last[0]! + last[1]!).toBeCloseTo(2, 12);
    expect(Math.abs(last[0]! * 1 - last[1]! * 10)).toBeLessThan(0.1);
  });

  it('raises the weight of the task that trains slower (larger Lᵢ(t)/Lᵢ(0)) when the norms are equal', () => {
    const events = [stepEvent({ losses: f64(1, 1), gradients: grads([1, 1]) }), ...steps(50, { losses: f64(0.2, 0.9), gradients: grads([1, 1]) })];
    const last = right(replay(gradNorm({ alpha: 1.5 }), events)).weights.at(-1)!;
    expect(last[1]!).toBeGreaterThan(last[0]!);
  });
});

describe('pbi (Zhang & Li 2007)', () => {
  const g = (x: ArrayLike<number>, lambda: number[], theta: number) => {
    const norm = Math.hypot(...lambda);
    const d = lambda.map((v) => v / norm);
    const d1 = d.reduce((a, v, i) => a + v * x[i]!, 0);
    return d1 + theta * Math.hypot(...d.map((v, i) => x[i]! - d1 * v));
  };

  it('weights are the float64 finite-difference gradient of d₁ + θ d₂', () => {
    const lambda = [1, 2, 0.5];
    const L = [0.7, 0.4, 1.3];
    const [w] = first(pbi({ theta: 5, preference: lambda }), { losses: Float64Array.from(L) });
    expect(maxRelError(w, finiteDifferences((x) => g(x, lambda, 5), L))).toBeLessThan(1e-7);
  });

  it('is λ̂ on the preference ray and at the ideal point', () => {
    const on = first(pbi({ preference: [1, 2] }), { losses: f64(1, 2) })[0];
    expect(maxRelError(on, [1 / Math.sqrt(5), 2 / Math.sqrt(5)])).toBeLessThan(1e-12);
    const zero = first(pbi(), { losses: f64(0, 0) })[0];
    expect(maxRelError(zero, [Math.SQRT1_2, Math.SQRT1_2])).toBeLessThan(1e-15);
  });
});

describe('alphaGrad (seed 004)', () => {
  it('one step by hand: n = α⊙‖∇L‖, α ← α − 0.01·n/‖n‖, clip at 1e-4, rescale to sum T', () => {
    const [w] = first(alphaGrad(), { losses: f64(1, 1), gradients: grads([3, 4]) });
    const a = [1 - 0.01 * (3 / (5 + 1e-7)), 1 - 0.01 * (4 / (5 + 1e-7))];
    const s = a[0]! + a[1]!;
    expect(maxRelError(w, [(2 * a[0]!) / s, (2 * a[1]!) / s])).toBeLessThan(1e-14);
  });

  it('lowers the weight of the task with the largest gradient norm, step after step', () => {
    const r = right(replay(alphaGrad({ initial: [1, 1, 1] }), steps(400, { losses: f64(1, 1, 1), gradients: grads([1, 2, 4]) })));
    for (const w of r.weights) {
      expect(w[0]!).toBeGreaterThan(w[1]!);
      expect(w[1]!).toBeGreaterThan(w[2]!);
    }
    for (let k = 1; k < r.weights.length; k++) expect(r.weights[k]![2]!).toBeLessThanOrEqual(r.weights[k - 1]![2]!);
    expect(r.weights.at(-1)![2]!).toBeLessThan(0.1);
    expect(r.weights.at(-1)![2]!).toBeGreaterThan(0);
  });

  it('keeps α when every gradient is 0, and rejects a non-positive initial α', () => {
    const [w] = first(alphaGrad({ initial: [0.5, 1.5] }), { losses: f64(1, 1), gradients: grads([0, 0]) });
    expect(Array.from(w)).toEqual([0.5, 1.5]);
    const bad = alphaGrad({ initial: [0, 2] }).weights(alphaGrad().initial, { losses: f64(1, 1), gradients: grads([1, 1]) });
    expect(E.isLeft(bad) && bad.left.message).toBe('alphaGrad: the initial α must be > 0.');
  });
});

describe('adaMt (AlphaGrad paper comparator)', () => {
  it('sets α to the normalised mean layer gradients of α⊙L, clipped at 0.1, rescaled to T', () => {
    const r = right(replay(adaMt(), steps(2, { losses: f64(1, 1), gradients: grads([1, 1], [0.3, 0.1]) })));
    const d1 = 0.4 + 1e-7;
    expect(maxRelError(r.weights[0]!, [(2 * 0.3) / d1 / (0.4 / d1), (2 * 0.1) / d1 / (0.4 / d1)])).toBeLessThan(1e-12);
    // Second step: g = α⊙means = [0.45, 0.05]; 0.05/0.5 falls just under the 0.1 clip.
    expect(maxRelError(r.weights[1]!, [2 * (0.45 / (0.5 + 1e-7)) / (0.45 / (0.5 + 1e-7) + 0.1), (2 * 0.1) / (0.45 / (0.5 + 1e-7) + 0.1)])).toBeLessThan(1e-12);
  });

  it('clips a negative mean gradient to 0.1 and keeps α when the means sum to −1e-7 exactly', () => {
    const [w] = first(adaMt(), { losses: f64(1, 1), gradients: grads([1, 1], [0.3, -0.1]) });
    expect(maxRelError(w, [(2 * (0.3 / (0.2 + 1e-7))) / (0.3 / (0.2 + 1e-7) + 0.1), (2 * 0.1) / (0.3 / (0.2 + 1e-7) + 0.1)])).toBeLessThan(1e-12);
    const [kept] = first(adaMt({ initial: [0.5, 1.5] }), { losses: f64(1, 1), gradients: grads([1, 1], [0, -1e-7 / 1.5]) });
    expect(Array.from(kept)).toEqual([0.5, 1.5]);
  });
});
