import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { gramianOf, maxAbsDiff, rowsArb } from '../test-support.js';
import { cholesky, choleskySolve, luSolve, matVec } from './dense.js';

describe('luSolve', () => {
  test.prop([rowsArb(5, 5), rowsArb(1, 5)], { seed: 42, numRuns: 100 })('solves A x = b to a residual of 1e-12 ‖A‖‖x‖', (A, [b]) => {
    const n = 5;
    const flat = A.flat();
    const x = luSolve(n, flat, b!, 1e-8);
    fc.pre(x !== null);
    const r = matVec(n, flat, x!);
    const scale = Math.max(...flat.map(Math.abs)) * Math.max(...Array.from(x!, Math.abs)) * n;
    expect(maxAbsDiff(r, b!)).toBeLessThanOrEqual(1e-12 * scale + 1e-300);
  });

  it('returns null on a singular matrix', () => {
    expect(luSolve(2, [1, 2, 2, 4], [1, 1])).toBeNull();
    expect(luSolve(2, [0, 0, 0, 0], [1, 1])).toBeNull();
  });
});

describe('cholesky', () => {
  test.prop([rowsArb(4, 6)], { seed: 42, numRuns: 100 })('factors a positive definite Gramian and solves with it', (rows) => {
    const G = gramianOf(rows);
    for (let i = 0; i < 4; i++) G.values[i * 4 + i] = G.values[i * 4 + i]! + 0.1;
    const L = cholesky(4, G.values)!;
    expect(L).not.toBeNull();
    const b = [1, -2, 3, 0.5];
    const x = choleskySolve(4, L, b);
    expect(maxAbsDiff(matVec(4, G.values, x), b)).toBeLessThan(1e-10);
  });

  it('returns null on a rank-deficient or indefinite matrix', () => {
    expect(cholesky(2, [1, 1, 1, 1])).toBeNull();
    expect(cholesky(2, [1, 2, 2, 1])).toBeNull();
  });
});
