import { leakedTensors, tf } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { cohenKappa } from './cohen-kappa.js';

const oneHot = (classes: number[], C: number): number[][] => classes.map((c) => Array.from({ length: C }, (_, k) => (k === c ? 1 : 0)));

const kappa = (pred: number[], labels: number[], C: number, weights?: 'none' | 'linear' | 'quadratic') => {
  const p = tf.tensor2d(oneHot(pred, C));
  const y = tf.tensor1d(labels, 'int32');
  const r = cohenKappa(p, y, weights === undefined ? undefined : { weights });
  tf.dispose([p, y]);
  return r;
};

describe('cohenKappa', () => {
  it('is 1 for perfect agreement', () => {
    expect(kappa([0, 1, 2, 1], [0, 1, 2, 1], 3)).toEqual(E.right(1));
  });

  it('hand-checked: p_o = 0.5, p_e = 0.5 gives 0', () => {
    // Labels 0,0,1,1; predictions 0,1,0,1: p_o = 1/2, p_e = (1/2)(1/2) + (1/2)(1/2) = 1/2.
    expect(kappa([0, 1, 0, 1], [0, 0, 1, 1], 2)).toEqual(E.right(0));
  });

  it('hand-checked: full disagreement on two balanced classes gives −1', () => {
    expect(kappa([1, 1, 0, 0], [0, 0, 1, 1], 2)).toEqual(E.right(-1));
  });

  it('hand-checked: p_o = 3/4, p_e = 1/2 gives 1/2', () => {
    // Labels 0,0,1,1; predictions 0,0,1,0: rows [2,2], columns [3,1]; p_e = (2·3 + 2·1)/16 = 1/2.
    expect(kappa([0, 0, 1, 0], [0, 0, 1, 1], 2)).toEqual(E.right(0.5));
  });

  it('weighted kappa uses class distances: linear 1 − Σ|t−p|O / Σ|t−p|E', () => {
    // Labels 0,2; predictions 1,2 (C = 3). O: (0,1) = 1, (2,2) = 1. rows [1,0,1], cols [0,1,1].
    // Linear: Σ|t−p|O = 1; E_tp = rows_t cols_p / 2: (0,1)=.5,(0,2)=.5,(2,1)=.5,(2,2)=.5 -> Σ|t−p|E = .5+1+.5 = 2.
    expect(kappa([1, 2], [0, 2], 3, 'linear')).toEqual(E.right(1 - 1 / 2));
    // Quadratic: Σ(t−p)²O = 1; Σ(t−p)²E = .5 + 2 + .5 = 3.
    expect(kappa([1, 2], [0, 2], 3, 'quadratic')).toEqual(E.right(1 - 1 / 3));
  });

  it('is a Left when undefined: everything in one class', () => {
    const r = kappa([1, 1], [1, 1], 3);
    expect(E.isLeft(r) && r.left.message).toMatch(/^Cohen's kappa is undefined here/);
  });

  it('leaks no tensor', () => {
    const p = tf.tensor2d(oneHot([0, 1], 2));
    const y = tf.tensor1d([0, 0], 'int32');
    expect(leakedTensors(() => cohenKappa(p, y))).toBe(0);
    tf.dispose([p, y]);
  });
});
