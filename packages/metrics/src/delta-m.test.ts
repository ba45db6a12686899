import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { deltaM, knownDirection } from './delta-m.js';
import { leftMessage, right } from './test-either.js';

describe('deltaM (LibMTL count_improvement convention)', () => {
  it("reproduces LibMTL's docstring example", () => {
    // base {'A': [96, 98], 'B': [0.2]}, new {'A': [93, 99], 'B': [0.5]}, weight {'A': [1, 0], 'B': [1]}.
    // A: mean(−3/96, −1/98) (second metric lower-better: 99 > 98 is worse); B: +1.5.
    const r = right(
      deltaM({ A: { m1: 96, m2: 98 }, B: { m1: 0.2 } }, { A: { m1: 93, m2: 99 }, B: { m1: 0.5 } }, {
        taskDirections: { A: { m1: 'higher', m2: 'lower' }, B: { m1: 'higher' } },
      }),
    );
    const a = (-3 / 96 - 1 / 98) / 2;
    expect(r.perTask['A']).toBeCloseTo(a, 15);
    expect(r.perTask['B']).toBeCloseTo(1.5, 15);
    expect(r.deltaM).toBeCloseTo((a + 1.5) / 2, 15);
    expect(r.perMetric['A']!['m2']).toBeCloseTo(-1 / 98, 15);
  });

  it('uses known directions: accuracy up and error down are both improvements', () => {
    const r = right(deltaM({ left: { accuracy: 0.8 }, right: { mse: 2 } }, { left: { accuracy: 0.88 }, right: { mse: 1.5 } }));
    expect(r.perTask['left']).toBeCloseTo(0.1, 15);
    expect(r.perTask['right']).toBeCloseTo(0.25, 15);
    expect(r.deltaM).toBeCloseTo(0.175, 15);
  });

  it('averages metrics within a task before averaging tasks', () => {
    // Task a: two metrics +0.1 and +0.3 -> 0.2; task b: one metric −0.2 -> Δm = 0.
    const r = right(deltaM({ a: { accuracy: 1, f1: 1 }, b: { loss: 1 } }, { a: { accuracy: 1.1, f1: 1.3 }, b: { loss: 1.2 } }));
    expect(r.deltaM).toBeCloseTo(0, 15);
  });

  it('is 0 against itself; degenerate inputs are Lefts with a sentence', () => {
    const t = { a: { accuracy: 0.5, loss: 0.7 } };
    expect(right(deltaM(t, t)).deltaM).toBe(0);
    expect(leftMessage(deltaM({}, {}))).toMatch(/no task/);
    expect(leftMessage(deltaM({ a: {} }, { a: {} }))).toBe("baseline task 'a' has no metric.");
    expect(leftMessage(deltaM(t, { b: { accuracy: 1 } }))).toBe("the result has no task 'a', which the baseline has.");
    expect(leftMessage(deltaM(t, { a: { accuracy: 1 } }))).toBe("the result has no metric 'loss' for task 'a', which the baseline has.");
    expect(leftMessage(deltaM({ a: { accuracy: 0 } }, { a: { accuracy: 1 } }))).toMatch(/baseline a\/accuracy is 0/);
    expect(leftMessage(deltaM({ a: { score: 1 } }, { a: { score: 2 } }))).toMatch(/^metric 'score' of task 'a' has no known direction/);
    expect(right(deltaM({ a: { score: 1 } }, { a: { score: 2 } }, { directions: { score: 'higher' } })).deltaM).toBe(1);
    expect(leftMessage(deltaM({ a: { accuracy: Number.NaN } }, t))).toMatch(/is NaN/);
  });

  it('knows the usual names', () => {
    expect(knownDirection('Accuracy')).toBe('higher');
    expect(knownDirection('mIoU')).toBe('higher');
    expect(knownDirection('brier')).toBe('lower');
    expect(knownDirection('whatever')).toBeUndefined();
  });

  const table = fc.dictionary(fc.constantFrom('t1', 't2', 't3'), fc.record({ accuracy: fc.double({ min: 0.1, max: 1, noNaN: true }), loss: fc.double({ min: 0.1, max: 5, noNaN: true }) }), { minKeys: 1 });
  test.prop([table, fc.double({ min: 1.01, max: 2, noNaN: true })], { seed: 42, numRuns: 60 })(
    'uniformly better results give Δm > 0, uniformly worse Δm < 0',
    (base, factor) => {
      const better = Object.fromEntries(Object.entries(base).map(([t, m]) => [t, { accuracy: m.accuracy * factor, loss: m.loss / factor }]));
      const worse = Object.fromEntries(Object.entries(base).map(([t, m]) => [t, { accuracy: m.accuracy / factor, loss: m.loss * factor }]));
      expect(right(deltaM(base, better)).deltaM).toBeGreaterThan(0);
      expect(right(deltaM(base, worse)).deltaM).toBeLessThan(0);
    },
  );
});
