import { leakedTensorsAsync } from '@mtlkit/core';
import { describe, expect, it } from 'vitest';
import { plainMethods, renderSuite, runAggregatorSuite, statefulMethods } from './aggregators-suite.js';

describe('the aggregators suite', () => {
  it('times every method on every (m, d), leaks nothing, and renders one row per method', async () => {
    const lines: string[] = [];
    let table = '';
    const leaked = await leakedTensorsAsync(async () => {
      table = renderSuite(runAggregatorSuite([2, 4], [16], 1, null, (l) => lines.push(l)));
    });
    expect(leaked).toBe(0);
    const rows = table.split('\n');
    expect(rows).toHaveLength(3 + 3 + plainMethods.length + Object.keys(statefulMethods).length);
    expect(rows[0]).toBe('| method | m = 2, d = 16 | m = 4, d = 16 |');
    for (const row of rows.slice(3)) expect(row.split('|')).toHaveLength(5);
    expect(table).toMatch(/\| pcgrad \| [\d.]+ ms \([\d.]+×\) \|/);
    expect(table).toMatch(/\| krum \| — \(InvalidArgument\) \| [\d.]+ ms/);
    expect(lines.some((l) => l.startsWith('m = 4, d = 16: one pass over J'))).toBe(true);
  });
});
