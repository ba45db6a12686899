import { test } from '@fast-check/vitest';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { gramianOf, matrixArb, maxAbsDiff } from '../test-support.js';
import { matVec } from './dense.js';
import { symmetricEigen, symmetricPseudoInverse } from './symmetric-eigen.js';

const matMul = (n: number, A: ArrayLike<number>, B: ArrayLike<number>): Float64Array => {
  const C = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) C[i * n + j] = C[i * n + j]! + A[i * n + k]! * B[k * n + j]!;
  return C;
};

const eig = (n: number, A: ArrayLike<number>) => {
  const r = symmetricEigen(n, A);
  if (E.isLeft(r)) throw new Error(r.left.message);
  return r.right;
};

describe('symmetricEigen', () => {
  test.prop([matrixArb(1, 9, 1, 12)], { seed: 42, numRuns: 150 })(
    'A V = V diag(λ), Vᵀ V = I, λ decreasing, on random PSD matrices of any rank',
    (rows) => {
      const G = gramianOf(rows);
      const n = G.m;
      const { values, vectors } = eig(n, G.values);
      const scale = Math.max(1e-300, ...Array.from(values, Math.abs));
      for (let k = 0; k < n; k++) {
        const v = Float64Array.from({ length: n }, (_, i) => vectors[i * n + k]!);
        const Av = matVec(n, G.values, v);
        expect(maxAbsDiff(Av, v.map((x) => x * values[k]!)) / scale).toBeLessThan(1e-13);
        if (k > 0) expect(values[k]!).toBeLessThanOrEqual(values[k - 1]!);
        // PSD input: eigenvalues are non-negative up to rounding.
        expect(values[k]! / scale).toBeGreaterThan(-1e-14);
      }
      const VtV = matMul(n, Float64Array.from({ length: n * n }, (_, idx) => vectors[(idx % n) * n + Math.floor(idx / n)]!), vectors);
      const I = Float64Array.from({ length: n * n }, (_, idx) => (idx % (n + 1) === 0 ? 1 : 0));
      expect(maxAbsDiff(VtV, I)).toBeLessThan(1e-13);
    },
  );

  it('finds a known spectrum, tiny eigenvalues to high relative accuracy', () => {
    // Q diag(1, 1e-8, 1e-16) Qᵀ with an exact orthogonal Q (a Householder reflector).
    const u = [1, 2, 2].map((x) => x / 3);
    const Q = Array.from({ length: 9 }, (_, idx) => (idx % 4 === 0 ? 1 : 0) - 2 * u[Math.floor(idx / 3)]! * u[idx % 3]!);
    const lambda = [1, 1e-8, 1e-16];
    const A = Array.from({ length: 9 }, (_, idx) => {
      const i = Math.floor(idx / 3);
      const j = idx % 3;
      return lambda.reduce((s, l, k) => s + Q[i * 3 + k]! * l * Q[j * 3 + k]!, 0);
    });
    const { values } = eig(3, A);
    expect(values[0]).toBeCloseTo(1, 14);
    expect(Math.abs(values[1]! - 1e-8) / 1e-8).toBeLessThan(1e-7);
    expect(Math.abs(values[2]!)).toBeLessThan(1e-15);
  });

  it('handles the zero matrix, a diagonal matrix and an indefinite matrix', () => {
    expect(Array.from(eig(3, new Float64Array(9)).values)).toEqual([0, 0, 0]);
    expect(Array.from(eig(3, [2, 0, 0, 0, 5, 0, 0, 0, -1]).values)).toEqual([5, 2, -1]);
    const { values } = eig(2, [0, 1, 1, 0]);
    expect(values[0]).toBeCloseTo(1, 15);
    expect(values[1]).toBeCloseTo(-1, 15);
  });
});

describe('symmetricPseudoInverse', () => {
  test.prop([matrixArb(1, 7, 1, 10)], { seed: 42, numRuns: 100 })('satisfies the Penrose conditions A A⁺ A = A (up to the dropped eigenvalues ≤ rtol) and A⁺ A A⁺ = A⁺', (rows) => {
    const G = gramianOf(rows);
    const n = G.m;
    // With rtol = 1e-6 the kept spectrum has condition ≤ 1e6, so A⁺ A A⁺ = A⁺ holds to ~1e6 ε.
    const P = symmetricPseudoInverse(n, G.values, 1e-6);
    if (E.isLeft(P)) throw new Error(P.left.message);
    const A = G.values;
    const scale = Math.max(1e-300, ...Array.from(A, Math.abs));
    expect(maxAbsDiff(matMul(n, matMul(n, A, P.right), A), A) / scale).toBeLessThan(1.1e-6);
    const pScale = Math.max(1e-300, ...Array.from(P.right, Math.abs));
    expect(maxAbsDiff(matMul(n, matMul(n, P.right, A), P.right), P.right) / pScale).toBeLessThan(1e-8);
  });

  it('inverts a non-singular matrix and drops a null direction', () => {
    const P = symmetricPseudoInverse(2, [2, 0, 0, 4], 1e-12);
    expect(E.isRight(P) && Array.from(P.right)).toEqual([0.5, 0, 0, 0.25]);
    const Q = symmetricPseudoInverse(2, [1, 1, 1, 1], 1e-12);
    if (E.isLeft(Q)) throw new Error(Q.left.message);
    expect(maxAbsDiff(Q.right, [0.25, 0.25, 0.25, 0.25])).toBeLessThan(1e-15);
    expect(Array.from(E.isRight(symmetricPseudoInverse(2, [0, 0, 0, 0], 1e-12)) ? [0] : [1])).toEqual([0]);
  });
});
