import { fc, test } from '@fast-check/vitest';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { casesFor } from './fixtures/test-reference.js';
import { krum, krumWeighting } from './krum.js';
import { evaluate, jacobians, sampleFromRows } from './properties/index.js';
import { expectClose, expectDefinedOnDegenerateInputs, expectPureAndLeakFree, relativeError, run, type Rows } from './test-helpers.js';

const J_KRUM = [[1, 1, 1], [1, 0, 1], [75, -666, 23], [1, 2, 3], [2, 0, 1]];

/** Krum scores from the rows themselves (float64 distances of the difference vectors). */
const scoresOnRows = (rows: Rows, f: number): number[] =>
  rows.map((a, i) =>
    rows
      .flatMap((b, j) => (j === i ? [] : [Math.sqrt(a.reduce((s, v, k) => s + (v - b[k]!) ** 2, 0))]))
      .sort((x, y) => x - y)
      .slice(0, rows.length - f - 2)
      .reduce((s, v) => s + v, 0),
  );

describe('krum', () => {
  it("matches torchjd's published Krum(n_byzantine = 1, n_selected = 4) values", () => {
    const { direction, weights } = run(krum({ nByzantine: 1, nSelected: 4 }), J_KRUM);
    expectClose(direction, [1.25, 0.75, 1.5], 0, 1e-6);
    expectClose(weights!, [0.25, 0.25, 0, 0.25, 0.25], 0);
  });

  it('matches the fixture (torchjd, n_byzantine = 1, n_selected = m − 2): weights exactly, directions to 1e-6 relative', () => {
    const cases = casesFor('krum');
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      const { direction, weights } = run(krum({ nByzantine: 1, nSelected: c.J.length - 2 }), c.J);
      expectClose(weights!, c.output.weights!, 1e-12);
      expect(relativeError(direction, c.output.direction)).toBeLessThan(1e-6);
    }
  });

  test.prop([jacobians({ m: { min: 4, max: 7 }, d: { min: 1, max: 5 } }), fc.integer({ min: 0, max: 1 }), fc.integer({ min: 1, max: 3 })], { seed: 42, numRuns: 80 })(
    'selects the rows with the lowest scores computed from the difference vectors in float64',
    (s, f, nSelected) => {
      const scores = scoresOnRows(s.rows, f);
      const sorted = [...scores].sort((a, b) => a - b);
      const scale = Math.max(...scores, 1e-30);
      // The selection is only defined by the numbers where the cut is not a near-tie.
      fc.pre(sorted.length === nSelected || sorted[nSelected]! - sorted[nSelected - 1]! > 1e-4 * scale);
      const { weights } = run(krum({ nByzantine: f, nSelected }), s.rows);
      const cut = sorted[nSelected - 1]!;
      scores.forEach((v, i) => expect(weights![i]).toBe(v <= cut ? 1 / nSelected : 0));
    },
  );

  it('never selects a far outlier among clustered gradients', () => {
    const rows = [[1, 0.1], [0.9, 0], [1.1, -0.1], [1, 0], [-50, 80]];
    expect(run(krum({ nByzantine: 1, nSelected: 3 }), rows).weights![4]).toBe(0);
  });

  it('too few tasks or a bad option is Left with the numbers; otherwise defined on degenerate inputs', () => {
    const few = evaluate(krum(), sampleFromRows([[1, 2], [3, 4], [5, 6]]));
    expect(E.isLeft(few) && few.left).toMatch(/at least nByzantine \+ 3 = 4 tasks, got 3/);
    const many = evaluate(krum({ nByzantine: 0, nSelected: 4 }), sampleFromRows([[1, 2], [3, 4], [5, 6]]));
    expect(E.isLeft(many) && many.left).toMatch(/cannot select 4 of 3 tasks/);
    const G = { m: 4, values: new Float64Array(16) };
    expect(E.isLeft(krumWeighting({ nByzantine: -1 })(G))).toBe(true);
    expectDefinedOnDegenerateInputs(krum(), (rows) => rows.length < 4);
    expectClose(run(krum(), [[0, 0], [0, 0], [0, 0], [0, 0]]).weights!, [0.25, 0.25, 0.25, 0.25], 0);
    expectClose(run(krum({ nSelected: 2 }), [[1, 0], [-1, 0], [0, 5], [0, -5]]).weights!, [0.5, 0.5, 0, 0], 0);
  });

  it('leaks nothing and does not touch the input', () => expectPureAndLeakFree(krum({ nByzantine: 0 })));
});
