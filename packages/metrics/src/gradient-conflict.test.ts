import { gramian, leakedTensors, parseJacobian, tf, type TaskJacobian } from '@mtlkit/core';
import { fc, test } from '@fast-check/vitest';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { gradientConflict } from './gradient-conflict.js';
import { leftMessage, right } from './test-either.js';

const jacobian = (rows: number[][]): TaskJacobian => {
  const r = parseJacobian(tf.tensor2d(rows));
  if (E.isLeft(r)) throw new Error(r.left.message);
  return r.right;
};
describe('gradientConflict', () => {
  it('hand-checked: one conflicting pair of three, orthogonal is not a conflict', () => {
    const J = jacobian([[1, 0], [-1, 1], [0, 1]]);
    const r = right(gradientConflict(J));
    expect(r).toMatchObject({ conflicts: 1, pairs: 3 });
    expect(r.conflictShare).toBeCloseTo(1 / 3, 15);
    expect(r.cosine[0]![1]).toBeCloseTo(-Math.SQRT1_2, 15);
    expect(r.cosine[0]![2]).toBe(0);
    expect(r.cosine[1]![2]).toBeCloseTo(Math.SQRT1_2, 15);
    expect(r.cosine[2]![2]).toBe(1);
    // The same from the Gramian.
    const G = right(gradientConflict(gramian(J)));
    expect(G.conflicts).toBe(1);
    expect(G.cosine[1]![0]).toBeCloseTo(-Math.SQRT1_2, 7);
    J.dispose();
  });

  it('degenerate: one task has no pair; a zero gradient conflicts with nothing', () => {
    const one = jacobian([[1, 2, 3]]);
    expect(gradientConflict(one)).toEqual(E.right({ conflictShare: 0, conflicts: 0, pairs: 0, cosine: [[1]] }));
    const zero = jacobian([[0, 0], [1, -1]]);
    expect(gradientConflict(zero)).toEqual(E.right({ conflictShare: 0, conflicts: 0, pairs: 1, cosine: [[0, 0], [0, 1]] }));
    tf.dispose([one, zero]);
  });

  it('decides the sign from float64 inner products: exactly orthogonal is no conflict, −2^-42 is one', () => {
    // ⟨g1, g2⟩ = 2^-20 − 2^-20 = 0 exactly: not a conflict.
    const J = jacobian([[1, 2 ** -20], [2 ** -20, -1]]);
    expect(right(gradientConflict(J)).conflicts).toBe(0);
    // ⟨g1, g2⟩ = 2^-20 − 2^-20 (1 + 2^-22) = −2^-42 < 0 (all entries exact in float32).
    const K = jacobian([[1, 2 ** -20], [2 ** -20, -1 - 2 ** -22]]);
    const r = right(gradientConflict(K));
    expect(r.conflicts).toBe(1);
    expect(r.cosine[0]![1]).toBeLessThan(0);
    tf.dispose([J, K]);
  });

  it('rejects a malformed Gramian', () => {
    expect(leftMessage(gradientConflict({ m: 2, values: new Float64Array(3) }))).toBe('a Gramian with m = 2 needs 4 values, got 3.');
    expect(leftMessage(gradientConflict({ m: 0, values: new Float64Array(0) }))).toMatch(/m ≥ 1/);
    expect(leftMessage(gradientConflict({ m: 1, values: Float64Array.of(Number.NaN) }))).toMatch(/is NaN/);
    expect(leftMessage(gradientConflict({ m: 1, values: Float64Array.of(-1) }))).toMatch(/cannot be negative/);
  });

  const rows = fc.integer({ min: 1, max: 5 }).chain((m) => fc.array(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 4, maxLength: 4 }), { minLength: m, maxLength: m }));
  test.prop([rows, fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 5, maxLength: 5 })], { seed: 42, numRuns: 60 })(
    'counts pairs with a negative inner product; symmetric cosines in [−1, 1]; invariant to positive row scaling',
    (m, scales) => {
      const J = jacobian(m);
      const S = jacobian(m.map((r, i) => r.map((v) => v * scales[i]!)));
      const a = right(gradientConflict(J));
      const b = right(gradientConflict(S));
      let expected = 0;
      for (let i = 0; i < m.length; i++) for (let j = i + 1; j < m.length; j++) if (m[i]!.reduce((s, v, k) => s + v * m[j]![k]!, 0) < 0) expected++;
      expect(a.conflicts).toBe(expected);
      expect(a.pairs).toBe((m.length * (m.length - 1)) / 2);
      expect(b.conflicts).toBe(a.conflicts);
      a.cosine.forEach((row, i) =>
        row.forEach((c, j) => {
          expect(Math.abs(c)).toBeLessThanOrEqual(1);
          expect(c).toBe(a.cosine[j]![i]);
          expect(b.cosine[i]![j]).toBeCloseTo(c, 12);
        }),
      );
      tf.dispose([J, S]);
    },
  );

  it('leaks no tensor', () => {
    const J = jacobian([[1, 0], [-1, 1]]);
    expect(leakedTensors(() => gradientConflict(J))).toBe(0);
    J.dispose();
  });
});
