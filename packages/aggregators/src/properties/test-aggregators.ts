import { combine, fromWeighting, gramian, tf, type Aggregator } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';

/** Tiny aggregators with known properties, to show that each checker accepts and rejects (tests only). */
export const sumOfRows: Aggregator = fromWeighting((G) => E.right(new Float64Array(G.m).fill(1)));
export const meanOfRows: Aggregator = fromWeighting((G) => E.right(new Float64Array(G.m).fill(1 / G.m)));
export const zeroDirection: Aggregator = (J) => E.right({ direction: tf.zeros([J.shape[1]]) as tf.Tensor1D, weights: null });
export const firstRow: Aggregator = (J) => E.right({ direction: combine(J, Float64Array.from({ length: J.shape[0] }, (_, i) => (i === 0 ? 1 : 0))), weights: null });
/** Sum of rows rescaled to unit length: positively 0-homogeneous, hence neither linear nor 1-homogeneous. */
export const unitSum: Aggregator = (J) => {
  const G = gramian(J);
  const total = G.values.reduce((s, v) => s + v, 0);
  const w = new Float64Array(G.m).fill(total > 0 ? 1 / Math.sqrt(total) : 0);
  return E.right({ direction: combine(J, w), weights: w });
};
export const nanDirection: Aggregator = (J) => E.right({ direction: tf.fill([J.shape[1]], Number.NaN) as tf.Tensor1D, weights: null });
