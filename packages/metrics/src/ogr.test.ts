import { leakedTensors, tf } from '@mtlkit/core';
import { fc, test } from '@fast-check/vitest';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { ogr, ogrSquared } from './ogr.js';
import { leftMessage, right } from './test-either.js';

describe('ogr (seed 000 eq. 1)', () => {
  it('hand-checked: train 1.0 → 0.5, validation 1.2 → 1.0', () => {
    // O(n₀) = 1.0 − 1.2 = −0.2, O(n) = 0.5 − 1.0 = −0.5, ΔO = −0.3, ΔG = −0.2 -> OGR = 1.5.
    expect(right(ogr({ train: 1.0, validation: 1.2 }, { train: 0.5, validation: 1.0 }))).toBeCloseTo(1.5, 14);
  });

  it('is 0 when train and validation losses move together', () => {
    expect(ogr({ train: 1, validation: 2 }, { train: 0.5, validation: 1.5 })).toEqual(E.right(0));
  });

  it('is a Left when the validation loss did not move or a loss is not finite', () => {
    const r = ogr({ train: 1, validation: 2 }, { train: 0.5, validation: 2 });
    expect(E.isLeft(r) && r.left.message).toBe('OGR is undefined: the validation loss did not change between the checkpoints (ΔG = 0).');
    const n = ogr({ train: Number.NaN, validation: 2 }, { train: 0.5, validation: 1 });
    expect(E.isLeft(n) && n.left.message).toBe('loss before.train is NaN; losses must be finite.');
  });
});

describe('ogrSquared (seed 000 eq. 2)', () => {
  it('hand-checked on 2-D vectors', () => {
    // ∇L_T = (2, 0), ∇L◇ = (1, 1), ĝ = (1, 0): ΔG = 1, ΔO = 2 − 1 = 1 -> OGR² = 1.
    expect(ogrSquared([2, 0], [1, 1], [1, 0])).toEqual(E.right({ ogrSquared: 1, deltaO: 1, deltaG: 1 }));
    // ĝ = (0, 1): ΔG = 1, ΔO = 0 − 1 = −1 -> OGR² = 1; ĝ = (1, 1): ΔG = 2, ΔO = 0 -> 0.
    expect(ogrSquared([2, 0], [1, 1], [1, 1])).toEqual(E.right({ ogrSquared: 0, deltaO: 0, deltaG: 2 }));
  });

  it('accepts tensors and tensor lists, flattened in order', () => {
    const a = tf.tensor2d([[2, 0]]);
    const b = [tf.tensor1d([1]), tf.tensor1d([1])];
    const g = tf.tensor1d([1, 0]);
    expect(ogrSquared(a, b, g)).toEqual(E.right({ ogrSquared: 1, deltaO: 1, deltaG: 1 }));
    expect(leakedTensors(() => ogrSquared(a, b, g))).toBe(0);
    tf.dispose([a, ...b, g]);
  });

  it('rejects mismatched lengths, orthogonal steps, NaN and empty vectors', () => {
    expect(leftMessage(ogrSquared([1, 2], [1], [1, 1]))).toBe('validationGradient has 1 entries but trainGradient has 2; they must have the same length.');
    expect(leftMessage(ogrSquared([1, 2], [1, 0], [0, 1]))).toMatch(/^OGR² is undefined/);
    expect(leftMessage(ogrSquared([1, Number.NaN], [1, 0], [0, 1]))).toBe('trainGradient entry 1 is NaN; entries must be finite.');
    expect(leftMessage(ogrSquared([], [], []))).toBe('trainGradient is empty.');
  });

  const vec = fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 3, maxLength: 3 });
  test.prop([vec, vec, vec, fc.double({ min: 0.01, max: 100, noNaN: true })], { seed: 42, numRuns: 60 })(
    'is ≥ 0 and invariant to the scale and sign of the step',
    (gT, gV, g, c) => {
      const a = ogrSquared(gT, gV, g);
      fc.pre(E.isRight(a) && Math.abs(a.right.deltaG) > 1e-6);
      const v = right(a).ogrSquared;
      expect(v).toBeGreaterThanOrEqual(0);
      expect(right(ogrSquared(gT, gV, g.map((x) => -c * x))).ogrSquared).toBeCloseTo(v, 6);
    },
  );
});
