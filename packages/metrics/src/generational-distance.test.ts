import { fc, test } from '@fast-check/vitest';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { gd, igd } from './generational-distance.js';
import { leftMessage, right } from './test-either.js';

describe('gd and igd', () => {
  const front = [[0, 1], [0.5, 0.5], [1, 0]];

  it('hand-checked distances', () => {
    // One obtained point (0.5, 1): nearest front point (0, 1) or (0.5, 0.5), both at 0.5.
    expect(gd([[0.5, 1]], front)).toEqual(E.right(0.5));
    // IGD: from (0,1): 0.5; from (0.5,0.5): 0.5; from (1,0): √(0.25 + 1).
    expect(right(igd([[0.5, 1]], front))).toBeCloseTo((0.5 + 0.5 + Math.sqrt(1.25)) / 3, 15);
  });

  it('are 0 on the front itself; GD is 0 on a subset of the front, IGD is not', () => {
    expect(gd(front, front)).toEqual(E.right(0));
    expect(igd(front, front)).toEqual(E.right(0));
    expect(gd([[0, 1]], front)).toEqual(E.right(0));
    expect(right(igd([[0, 1]], front))).toBeGreaterThan(0);
  });

  it('rejects empty sets, dimension mismatch and NaN', () => {
    expect(leftMessage(gd([], front))).toBe('the obtained set is empty.');
    expect(leftMessage(igd([[1, 1]], []))).toBe('the reference front set is empty.');
    expect(leftMessage(gd([[1, 1, 1]], front))).toBe('reference front point 0 has 2 objectives but obtained point 0 has 3.');
    expect(leftMessage(igd([[Number.NaN, 1]], front))).toMatch(/obtained point 0, objective 0 is NaN/);
  });

  const pts = fc.array(fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 12 });
  test.prop([pts, pts], { seed: 42, numRuns: 60 })('are ≥ 0, swap roles, and do not depend on order', (a, b) => {
    expect(right(gd(a, b))).toBeGreaterThanOrEqual(0);
    expect(right(gd(a, b))).toBe(right(igd(b, a)));
    expect(right(igd([...a].reverse(), [...b].reverse()))).toBeCloseTo(right(igd(a, b)), 12);
  });
});
