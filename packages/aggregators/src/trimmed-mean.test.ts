import { fc, test } from '@fast-check/vitest';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { casesFor } from './fixtures/test-reference.js';
import { anyJacobians, evaluate, sampleFromRows } from './properties/index.js';
import { expectClose, expectDefinedOnDegenerateInputs, expectPureAndLeakFree, relativeError, run, type Rows } from './test-helpers.js';
import { trimmedMean } from './trimmed-mean.js';

/** The trimmed mean of each column in float64. */
const trimmedOnRows = (rows: Rows, t: number): number[] =>
  rows[0]!.map((_, k) => {
    const column = rows.map((r) => r[k]!).sort((a, b) => a - b).slice(t, rows.length - t);
    return column.reduce((s, v) => s + v, 0) / column.length;
  });

describe('trimmedMean', () => {
  it("matches torchjd's published TrimmedMean(trim_number = 1) value, with entries of 1e11", () => {
    expectClose(run(trimmedMean({ trimNumber: 1 }), [[1e11, 3], [1, -1e11], [-1e10, 1e10], [2, 2]]).direction, [1.5, 2.5], 0);
  });

  it('matches the fixture (torchjd, trim_number = 1) to 1e-6 relative', () => {
    const cases = casesFor('trimmedMean');
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) expect(relativeError(run(trimmedMean(), c.J).direction, c.output.direction)).toBeLessThan(1e-6);
  });

  test.prop([anyJacobians({ m: { min: 3, max: 7 } }), fc.integer({ min: 0, max: 3 })], { seed: 42, numRuns: 80 })('equals the float64 coordinate-wise trimmed mean', (s, t) => {
    fc.pre(s.m >= 2 * t + 1);
    const scale = Math.max(...s.rows.flat().map(Math.abs), 1e-30);
    expectClose(run(trimmedMean({ trimNumber: t }), s.rows).direction, trimmedOnRows(s.rows, t), 0, 1e-6 * scale);
  });

  it('trimNumber 0 is the mean; too few tasks is Left; degenerate inputs are defined', () => {
    expectClose(run(trimmedMean({ trimNumber: 0 }), [[1, 2], [3, -4]]).direction, [2, -1], 0);
    const few = evaluate(trimmedMean({ trimNumber: 1 }), sampleFromRows([[1, 2], [3, 4]]));
    expect(E.isLeft(few) && few.left).toMatch(/needs at least 3 tasks, got 2/);
    expect(E.isLeft(evaluate(trimmedMean({ trimNumber: 0.5 }), sampleFromRows([[1]])))).toBe(true);
    expectDefinedOnDegenerateInputs(trimmedMean(), (rows) => rows.length < 3);
  });

  it('leaks nothing and does not touch the input', () => expectPureAndLeakFree(trimmedMean()));
});
