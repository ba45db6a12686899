import { fc, test } from '@fast-check/vitest';
import { Key } from '@mtlkit/core';
import { describe, expect, it } from 'vitest';
import { casesFor } from './fixtures/test-reference.js';
import { pcgrad, pcgradWeighting, projectionOrder, type PcgradOptions } from './pcgrad.js';
import { jacobians } from './properties/index.js';
import { upgrad } from './upgrad.js';
import { expectClose, expectDefinedOnDegenerateInputs, expectPureAndLeakFree, relativeError, run, type Rows } from './test-helpers.js';

const key = Key.fromSeed(7);
const J_BASE = [[-4, 1, 1], [6, 1, 1]];

const dot = (a: readonly number[], b: readonly number[]): number => a.reduce((s, v, i) => s + v * b[i]!, 0);

/** PCGrad written on the gradient vectors themselves, in float64 (LibMTL's loop), with the same orders. */
const pcgradOnVectors = (rows: Rows, options: PcgradOptions): number[] => {
  const m = rows.length;
  const out = new Array<number>(rows[0]!.length).fill(0);
  for (let i = 0; i < m; i++) {
    let pc = [...rows[i]!];
    for (const j of projectionOrder(options.key, i, m)) {
      if (j === i && options.projectAgainstSelf !== true) continue;
      const gj = rows[j]!;
      const inner = dot(pc, gj);
      if (inner < 0) pc = pc.map((v, k) => v - (inner / dot(gj, gj)) * gj[k]!);
    }
    pc.forEach((v, k) => (out[k] = out[k]! + v));
  }
  return options.reduction === 'mean' ? out.map((v) => v / m) : out;
};

describe('pcgrad', () => {
  it("matches torchjd's published PCGrad value on [[-4, 1, 1], [6, 1, 1]]", () => {
    const { direction, weights } = run(pcgrad({ key }), J_BASE);
    expectClose(direction, [0.5848, 3.8012, 3.8012], 0, 1e-4);
    expectClose(weights!, [2.2222, 1.5789], 0, 1e-4);
  });

  it('matches the fixture (torchjd, two tasks) to 1e-5 relative', () => {
    const cases = casesFor('pcgrad');
    expect(cases.length).toBeGreaterThan(0);
    let worst = 0;
    for (const c of cases) {
      const { direction, weights } = run(pcgrad({ key }), c.J);
      expectClose(direction, c.output.direction, 1e-5);
      expectClose(weights!, c.output.weights!, 1e-5);
      worst = Math.max(worst, relativeError(direction, c.output.direction));
    }
    expect(worst).toBeLessThan(1e-5);
  });

  it('two tasks: the closed form g₁ + g₂ − (g₁·g₂)(g₁/‖g₁‖² + g₂/‖g₂‖²) when they conflict', () => {
    const [a, b] = [[1, 2, -1], [-3, 0.5, 1]] as const;
    const ab = dot([...a], [...b]);
    const expected = a.map((v, k) => v + b[k]! - ab * (v / dot([...a], [...a]) + b[k]! / dot([...b], [...b])));
    expectClose(run(pcgrad({ key }), [a, b]).direction, expected, 1e-6);
  });

  test.prop([jacobians({ m: { min: 2, max: 5 }, d: { min: 1, max: 6 } })], { seed: 42, numRuns: 60 })(
    'equals the same algorithm run on the gradient vectors in float64, for every option',
    (s) => {
      for (const options of [{ key }, { key, reduction: 'mean' as const }, { key, projectAgainstSelf: true }]) {
        const expected = pcgradOnVectors(s.rows, options);
        const scale = s.rows.reduce((t, r) => t + Math.sqrt(dot(r, r)), 0);
        expectClose(run(pcgrad(options), s.rows).direction, expected, 0, 1e-5 * Math.max(scale, 1e-30));
      }
    },
  );

  test.prop([jacobians({ m: 2, d: { min: 2, max: 6 } })], { seed: 42, numRuns: 60 })(
    'two tasks: equals UPGrad with preference vector 1 (projections onto the dual cone), unregularised',
    (s) => {
      const [a, b] = s.rows as [number[], number[]];
      const [aa, bb, ab] = [dot(a, a), dot(b, b), dot(a, b)];
      fc.pre(aa > 0 && bb > 0 && ab * ab < 0.999 * aa * bb); // the QP needs G positive definite
      const expected = run(upgrad({ prefVector: 'ones', normEps: 0, regEps: 0 }), s.rows).direction;
      expectClose(run(pcgrad({ key }), s.rows).direction, expected, 1e-5, 1e-6 * Math.sqrt(aa + bb));
    },
  );

  it('projecting against itself (LibMTL) changes the result once a gradient has turned against itself', () => {
    // After projections against g₂ and g₃, g₁ᴾᶜ = (−1/13, 5/13) conflicts with g₁ = (1, 0).
    const rows = [[1, 0], [-1, 1], [-1, -0.2]];
    const selfLast = Array.from({ length: 64 }, (_, s) => Key.fromSeed(s)).find((k) => Array.from(projectionOrder(k, 0, 3)).join() === '1,2,0');
    expect(selfLast).toBeDefined();
    const without = run(pcgrad({ key: selfLast! }), rows).direction;
    const withSelf = run(pcgrad({ key: selfLast!, projectAgainstSelf: true }), rows).direction;
    expectClose(withSelf, pcgradOnVectors(rows, { key: selfLast!, projectAgainstSelf: true }), 1e-6);
    expect(withSelf[0]! - without[0]!).toBeCloseTo(1 / 13, 5);
  });

  it('the reduction "mean" divides by m; two tasks do not depend on the key', () => {
    const sum = run(pcgrad({ key }), J_BASE).direction;
    expectClose(run(pcgrad({ key, reduction: 'mean' }), J_BASE).direction, sum.map((v) => v / 2), 1e-7);
    expectClose(run(pcgrad({ key: Key.fromSeed(123) }), J_BASE).direction, sum, 0);
  });

  it('degenerate inputs: one task is g itself, a zero gradient is never projected against, never NaN', () => {
    expectDefinedOnDegenerateInputs(pcgrad({ key }));
    expectClose(run(pcgrad({ key }), [[1, -2, 3]]).direction, [1, -2, 3], 0);
    expectClose(run(pcgrad({ key }), [[1, 2], [0, 0]]).weights!, [1, 1], 0);
    expectClose(run(pcgrad({ key }), [[1, 2], [-1, -2]]).direction, [0, 0], 0, 1e-6);
  });

  it('the weighting and the aggregator agree, leak nothing and do not touch the input', () => {
    const G = { m: 2, values: Float64Array.of(18, -22, -22, 38) };
    const w = pcgradWeighting({ key })(G);
    expect(w._tag === 'Right' && Array.from(w.right)).toEqual(Array.from(run(pcgrad({ key }), J_BASE).weights!));
    expectPureAndLeakFree(pcgrad({ key }));
  });
});
