import type { MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { optionError } from './weighting.js';

/**
 * How a weighting updates its own learnable parameters (log σ², loss scales, logits): plain
 * gradient descent or Adam, in float64, with the conventions of torch.optim (L2 `weightDecay`
 * folded into the gradient; Adam p ← p − lr·m̂/(√v̂ + ε) with bias corrections).
 */
export interface ParameterOptimizer {
  readonly optimizer: 'sgd' | 'adam';
  readonly lr: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
  readonly weightDecay?: number;
}

/** Optimiser memory as plain data: step count and Adam's moment estimates. */
export interface ParameterOptimizerState {
  readonly t: number;
  readonly m: Float64Array;
  readonly v: Float64Array;
}

export const initParameterOptimizer = (n: number): ParameterOptimizerState => ({ t: 0, m: new Float64Array(n), v: new Float64Array(n) });

export const checkParameterOptimizer = (name: string, o: ParameterOptimizer): E.Either<MtlError, null> => {
  const checks = [
    optionError(name, o.optimizer === 'sgd' || o.optimizer === 'adam', `optimizer must be 'sgd' or 'adam', got ${JSON.stringify(o.optimizer)}.`),
    optionError(name, Number.isFinite(o.lr) && o.lr > 0, `lr must be a finite number > 0, got ${o.lr}.`),
    optionError(name, o.weightDecay === undefined || (Number.isFinite(o.weightDecay) && o.weightDecay >= 0), `weightDecay must be ≥ 0, got ${o.weightDecay}.`),
  ];
  return checks.find(E.isLeft) ?? E.right(null);
};

/** One update of the parameters p along −gradient: [new parameters, new optimiser state]. */
export const parameterStep = (
  o: ParameterOptimizer,
  s: ParameterOptimizerState,
  p: Float64Array,
  gradient: Float64Array,
): readonly [Float64Array, ParameterOptimizerState] => {
  const wd = o.weightDecay ?? 0;
  const g = gradient.map((v, i) => v + wd * p[i]!);
  if (o.optimizer === 'sgd') return [p.map((v, i) => v - o.lr * g[i]!), { ...s, t: s.t + 1 }];
  const [b1, b2, eps] = [o.beta1 ?? 0.9, o.beta2 ?? 0.999, o.epsilon ?? 1e-8];
  const t = s.t + 1;
  const m = s.m.map((v, i) => b1 * v + (1 - b1) * g[i]!);
  const v = s.v.map((x, i) => b2 * x + (1 - b2) * g[i]! * g[i]!);
  const c1 = 1 - b1 ** t;
  const c2 = 1 - b2 ** t;
  return [p.map((x, i) => x - (o.lr * (m[i]! / c1)) / (Math.sqrt(v[i]! / c2) + eps)), { t, m, v }];
};
