import { leakedTensors, tf } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { predictiveEntropy } from './predictive-entropy.js';
import { right } from './test-either.js';

describe('predictiveEntropy', () => {
  it('uniform rows have ln C; one-hot rows 0; the three normalisations', () => {
    const p = tf.tensor2d([[0.25, 0.25, 0.25, 0.25], [0, 1, 0, 0]]);
    const none = right(predictiveEntropy(p));
    expect(none.perSample[0]).toBeCloseTo(Math.log(4), 15);
    expect(none.perSample[1]).toBe(0);
    expect(none.mean).toBeCloseTo(Math.log(4) / 2, 15);
    // Seed 003 D.2 prints PE = (1/C) Σ −p log p.
    expect(right(predictiveEntropy(p, { normalisation: 'classes' })).perSample[0]).toBeCloseTo(Math.log(4) / 4, 15);
    expect(right(predictiveEntropy(p, { normalisation: 'maximum' })).perSample[0]).toBeCloseTo(1, 15);
    tf.dispose(p);
  });

  it('hand-checked: [0.5, 0.5, 0] has ln 2 nats', () => {
    const p = tf.tensor2d([[0.5, 0.5, 0]]);
    expect(right(predictiveEntropy(p)).mean).toBeCloseTo(Math.LN2, 15);
    tf.dispose(p);
  });

  it('a single class has entropy 0 under every normalisation', () => {
    const p = tf.tensor2d([[1], [1]]);
    for (const normalisation of ['none', 'classes', 'maximum'] as const) expect(right(predictiveEntropy(p, { normalisation })).mean).toBe(0);
    tf.dispose(p);
  });

  it('rejects bad probabilities and an unknown normalisation', () => {
    const p = tf.tensor2d([[0.5, 0.2]]);
    expect(E.isLeft(predictiveEntropy(p))).toBe(true);
    const q = tf.tensor2d([[0.5, 0.5]]);
    expect(E.isLeft(predictiveEntropy(q, { normalisation: 'bits' as never }))).toBe(true);
    tf.dispose([p, q]);
  });

  it('leaks no tensor', () => {
    const p = tf.tensor2d([[0.2, 0.8]]);
    expect(leakedTensors(() => predictiveEntropy(p))).toBe(0);
    p.dispose();
  });
});
