import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { MetricTable } from './delta-m.js';
import { formatMetricTable, metricTable } from './metric-table.js';
import { right } from './test-either.js';

describe('metricTable and formatMetricTable', () => {
  const runs: MetricTable[] = [
    { left: { accuracy: 0.8, brier: 0.3 }, right: { accuracy: 0.7 } },
    { left: { accuracy: 0.9, brier: 0.2 }, right: { accuracy: 0.76 } },
    { left: { accuracy: 1.0, brier: 0.1 } },
  ];

  it('summarises each task and metric over the runs that report it', () => {
    const t = right(metricTable(runs));
    expect(t['left']!['accuracy']!.mean).toBeCloseTo(0.9, 15);
    expect(t['left']!['accuracy']!.std).toBeCloseTo(0.1, 15);
    expect(t['left']!['accuracy']!.n).toBe(3);
    const r = t['right']!['accuracy']!;
    expect(r).toMatchObject({ min: 0.7, max: 0.76, n: 2 });
    expect(r.mean).toBeCloseTo(0.73, 15);
    expect(r.std).toBeCloseTo(Math.sqrt(2 * 0.03 ** 2), 15);
  });

  it('one run has std 0; no run and NaN are Lefts', () => {
    expect(right(metricTable([{ a: { loss: 2 } }]))['a']!['loss']).toEqual({ mean: 2, std: 0, min: 2, max: 2, n: 1 });
    expect(E.isLeft(metricTable([]))).toBe(true);
    const r = metricTable([{ a: { loss: Number.NaN } }]);
    expect(E.isLeft(r) && r.left.message).toBe('run 0, a/loss is NaN; values must be finite.');
  });

  it('formats Markdown with mean ± std and a dash for missing metrics', () => {
    const md = right(formatMetricTable(right(metricTable(runs)), 2));
    expect(md).toBe(['| task | accuracy | brier |', '| --- | ---: | ---: |', '| left | 0.90 ± 0.10 | 0.20 ± 0.10 |', '| right | 0.73 ± 0.04 | – |'].join('\n'));
    expect(E.isLeft(formatMetricTable({}, -1))).toBe(true);
  });
});
