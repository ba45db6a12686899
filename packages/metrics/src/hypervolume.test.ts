import { fc, test } from '@fast-check/vitest';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { hypervolume, hypervolume2d, hypervolume3d, hypervolumeWfg } from './hypervolume.js';
import { weaklyDominates } from './pareto.js';
import { taggedLeftMessage, right } from './test-either.js';

/** Inclusion–exclusion: HV = Σ_{∅≠T⊆S} (−1)^{|T|+1} Π_j (r_j − max_{p∈T} p_j). Exponential; small sets only. */
const inclusionExclusion = (points: number[][], r: number[]): number => {
  const inside = points.filter((p) => p.every((v, j) => v < r[j]!));
  let total = 0;
  for (let mask = 1; mask < 1 << inside.length; mask++) {
    const corner = r.map(() => -Infinity);
    let size = 0;
    inside.forEach((p, i) => {
      if (mask & (1 << i)) {
        size++;
        p.forEach((v, j) => (corner[j] = Math.max(corner[j]!, v)));
      }
    });
    total += (size % 2 === 1 ? 1 : -1) * corner.reduce((v, c, j) => v * (r[j]! - c), 1);
  }
  return total;
};

/** Brute force on integer points: counts the unit cells [a, a + 1] with a dominated by some point. */
const gridCount = (points: number[][], r: number[]): number => {
  const d = r.length;
  let count = 0;
  const cell = new Array<number>(d).fill(0);
  const walk = (j: number): void => {
    if (j === d) {
      if (points.some((p) => weaklyDominates(p, cell))) count++;
      return;
    }
    for (let a = 0; a < r[j]!; a++) {
      cell[j] = a;
      walk(j + 1);
    }
  };
  walk(0);
  return count;
};

const integerPoints = (d: number, maxN: number, size: number) =>
  fc.array(fc.array(fc.integer({ min: 0, max: size }), { minLength: d, maxLength: d }), { minLength: 0, maxLength: maxN });

const realPoints = (d: number, minN: number, maxN: number) =>
  fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: d, maxLength: d }), { minLength: minN, maxLength: maxN });

describe('hypervolume: hand-checked cases', () => {
  it('2-D staircase (1,3), (2,2), (3,1) with r = (4,4) has area 6', () => {
    expect(hypervolume([[1, 3], [2, 2], [3, 1]], [4, 4])).toEqual(E.right(6));
    // A dominated point, a duplicate and a point outside the reference box change nothing.
    expect(hypervolume([[1, 3], [2, 2], [3, 1], [3, 3], [2, 2], [5, 0]], [4, 4])).toEqual(E.right(6));
  });

  it('one point is the box volume; 1-D is r − min; empty is 0', () => {
    expect(hypervolume([[1, 2, 3, 4]], [2, 4, 6, 8])).toEqual(E.right(1 * 2 * 3 * 4));
    expect(hypervolume([[3], [1], [2]], [5])).toEqual(E.right(4));
    expect(hypervolume([], [1, 1])).toEqual(E.right(0));
    // On the reference boundary: zero volume.
    expect(hypervolume([[1, 4]], [4, 4])).toEqual(E.right(0));
  });

  it('3-D: two overlapping boxes by hand', () => {
    // r = (3,3,3). Box of p = (1,1,2): 2·2·1 = 4; of q = (2,0,0): 1·3·3 = 9; their intersection is
    // the box of max(p, q) = (2,1,2): 1·2·1 = 2. Union: 4 + 9 − 2 = 11.
    expect(hypervolume([[1, 1, 2], [2, 0, 0]], [3, 3, 3])).toEqual(E.right(11));
  });

  it('rejects a reference of another dimension, ragged rows and non-finite values', () => {
    expect(taggedLeftMessage(hypervolume([[1, 2, 3]], [4, 4]))).toBe('ShapeMismatch: point 0 has 3 objectives but the reference point has 2.');
    expect(taggedLeftMessage(hypervolume([[1, 2], [1]], [4, 4]))).toBe('ShapeMismatch: point 1 has 1 objectives but the reference point has 2.');
    expect(taggedLeftMessage(hypervolume([[1, Number.NaN]], [4, 4]))).toBe('NonFinite: point 0, objective 1 is NaN; objectives must be finite.');
    expect(taggedLeftMessage(hypervolume([[1, 1]], [4, Infinity]))).toMatch(/^NonFinite: reference point objective 1 is Infinity/);
    expect(taggedLeftMessage(hypervolume([[1, 1]], []))).toMatch(/^EmptyInput/);
  });
});

describe('hypervolume: against independent computations', () => {
  test.prop([integerPoints(2, 8, 6)], { seed: 42, numRuns: 60 })('2-D equals the grid count', (points) => {
    expect(right(hypervolume(points, [7, 7]))).toBe(gridCount(points, [7, 7]));
  });

  test.prop([integerPoints(3, 7, 5)], { seed: 43, numRuns: 60 })('3-D equals the grid count', (points) => {
    expect(right(hypervolume(points, [6, 6, 6]))).toBe(gridCount(points, [6, 6, 6]));
  });

  test.prop([integerPoints(4, 6, 3)], { seed: 44, numRuns: 40 })('4-D (WFG) equals the grid count', (points) => {
    expect(right(hypervolume(points, [4, 4, 4, 4]))).toBe(gridCount(points, [4, 4, 4, 4]));
  });

  test.prop([realPoints(3, 0, 9)], { seed: 45, numRuns: 60 })('3-D sweep equals inclusion–exclusion', (points) => {
    expect(hypervolume3d(points, [1, 1, 1])).toBeCloseTo(inclusionExclusion(points, [1, 1, 1]), 12);
  });

  test.prop([realPoints(3, 0, 40)], { seed: 46, numRuns: 60 })('WFG (down to 2-D) equals the exact 3-D sweep', (points) => {
    expect(hypervolumeWfg(points, [1.1, 1.1, 1.1], false)).toBeCloseTo(hypervolume3d(points, [1.1, 1.1, 1.1]), 12);
  });

  test.prop([fc.integer({ min: 4, max: 6 }).chain((d) => realPoints(d, 0, 9).map((p) => [d, p] as const))], { seed: 47, numRuns: 40 })(
    '4-6-D WFG equals inclusion–exclusion',
    ([d, points]) => {
      const r = new Array<number>(d).fill(1);
      expect(right(hypervolume(points, r))).toBeCloseTo(inclusionExclusion(points, r), 12);
      expect(hypervolumeWfg(points, r, false)).toBeCloseTo(inclusionExclusion(points, r), 12);
    },
  );

  it('2-D sweep equals inclusion–exclusion on a fixed set', () => {
    const pts = [[0.1, 0.9], [0.4, 0.5], [0.5, 0.45], [0.8, 0.1], [0.6, 0.6]];
    expect(hypervolume2d(pts, [1, 1])).toBeCloseTo(inclusionExclusion(pts, [1, 1]), 15);
  });

  it('WFG on 50 points in 5-D runs and agrees with itself under permutation', () => {
    const pts = Array.from({ length: 50 }, (_, i) => Array.from({ length: 5 }, (_, j) => (Math.sin(i * 7.3 + j * 1.9) + 1) / 2));
    const a = right(hypervolume(pts, [1.1, 1.1, 1.1, 1.1, 1.1]));
    const b = right(hypervolume([...pts].reverse(), [1.1, 1.1, 1.1, 1.1, 1.1]));
    expect(a).toBeGreaterThan(0);
    expect(a).toBeLessThanOrEqual(1.1 ** 5);
    expect(b).toBeCloseTo(a, 12);
  });
});

describe('hypervolume: properties', () => {
  // Objectives on a 1/64 grid: a new non-dominated point adds at least 64^-d, far above rounding.
  const gridValue = fc.integer({ min: 0, max: 63 }).map((k) => k / 64);
  const gridPoint = (d: number) => fc.array(gridValue, { minLength: d, maxLength: d });
  const dimAndPoints = fc.integer({ min: 2, max: 5 }).chain((d) => fc.tuple(fc.constant(d), fc.array(gridPoint(d), { minLength: 1, maxLength: 8 }), gridPoint(d)));

  test.prop([dimAndPoints], { seed: 48, numRuns: 60 })('grows when a non-dominated point is added', ([, points, q]) => {
    const r = q.map(() => 1);
    fc.pre(!points.some((p) => weaklyDominates(p, q)) && q.every((v) => v < 1));
    expect(right(hypervolume([...points, q], r))).toBeGreaterThan(right(hypervolume(points, r)));
  });

  test.prop([dimAndPoints, fc.nat()], { seed: 49, numRuns: 60 })('is unchanged by a dominated point', ([, points, shift], pick) => {
    const base = points[pick % points.length]!;
    const dominated = base.map((v, j) => v + shift[j]! * 0.5);
    const r = base.map(() => 1);
    expect(right(hypervolume([dominated, ...points], r))).toBe(right(hypervolume(points, r)));
  });

  test.prop([dimAndPoints], { seed: 50, numRuns: 60 })('is permutation invariant, in [0, Π r], scales as a^d', ([d, points]) => {
    const r = new Array<number>(d).fill(1);
    const hv = right(hypervolume(points, r));
    expect(hv).toBeGreaterThanOrEqual(0);
    expect(hv).toBeLessThanOrEqual(1);
    expect(right(hypervolume([...points].reverse(), r))).toBeCloseTo(hv, 12);
    expect(right(hypervolume(points.map((p) => p.map((v) => 2 * v)), r.map((v) => 2 * v)))).toBeCloseTo(hv * 2 ** d, 10);
  });
});
