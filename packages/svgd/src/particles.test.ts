import { tf } from '@mtlkit/core';
import { fc, test } from '@fast-check/vitest';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { parseParticles, parseScores } from './particles.js';

describe('parseParticles', () => {
  it('accepts large finite entries (their squares overflow float32) and names the first non-finite one', () => {
    const big = tf.tensor2d([[3e38, -3e38], [1e30, 0]]);
    expect(E.isRight(parseParticles(big))).toBe(true);
    for (const [bad, word] of [
      [NaN, 'NaN'],
      [-Infinity, '-Infinity'],
      [Infinity, '+Infinity'],
    ] as const) {
      const t = tf.tensor2d([[0, 1], [2, bad]]);
      const r = parseParticles(t);
      expect(E.isLeft(r) && r.left._tag === 'NonFinite' && r.left.message).toBe(`particles at particle 1, coordinate 1 is ${word}; every entry must be finite.`);
      t.dispose();
    }
    const s = tf.tensor2d([[1, 2], [NaN, 1e38]]);
    const r = parseScores(big, s);
    expect(E.isLeft(r) && r.left.message).toBe('scores at particle 1, coordinate 0 is NaN; every entry must be finite.');
    tf.dispose([big, s]);
  });

  test.prop([fc.array(fc.float({ noDefaultInfinity: false }), { minLength: 1, maxLength: 3000 })], { seed: 42, numRuns: 100 })('is Right exactly when every entry is finite', (values) => {
    const t = tf.tensor2d(values, [1, values.length]);
    expect(E.isRight(parseParticles(t))).toBe(values.every(Number.isFinite));
    t.dispose();
  });
});
