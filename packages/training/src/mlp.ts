import { Key } from '@mtlkit/core';
import { denseStack, type Activation } from './layers.js';
import { denseParams } from './init.js';
import type { MultiTaskModel } from './model.js';

/** One task head: optional hidden layers, then a linear output of `output` units. */
export interface HeadSpec {
  readonly hidden?: readonly number[];
  readonly output: number;
}

export interface MlpOptions {
  readonly input: number;
  /** Widths of the shared hidden layers (the shared features are the last one's activations). */
  readonly hidden: readonly number[];
  readonly heads: readonly HeadSpec[];
  readonly activation?: Activation;
}

const widthsParams = (key: Key, widths: readonly number[]) =>
  widths.slice(1).flatMap((w, l) => denseParams(Key.foldIn(key, l), widths[l]!, w));

/**
 * An HPS multi-layer perceptron: a shared MLP encoder (activation after every layer) and one MLP
 * head per task (linear output). E.g. the SARCOS model of seed 002: input 21, hidden [256, 256,
 * 256], seven heads of output 1. Default activation ReLU.
 */
export const hpsMlp = (options: MlpOptions): MultiTaskModel => {
  const activation = options.activation ?? 'relu';
  const features = options.hidden.length > 0 ? options.hidden[options.hidden.length - 1]! : options.input;
  return {
    tasks: options.heads.length,
    encode: (shared, x) => denseStack(x, shared, activation, false),
    head: (_task, params, z) => denseStack(z, params, activation, true),
    init: (key) => {
      const [ks, kh] = Key.split(key, 2) as [Key, Key];
      return {
        shared: widthsParams(ks, [options.input, ...options.hidden]),
        heads: options.heads.map((h, i) => widthsParams(Key.foldIn(kh, i), [features, ...(h.hidden ?? []), h.output])),
      };
    },
  };
};
