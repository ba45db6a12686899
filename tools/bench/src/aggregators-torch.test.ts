import { leakedTensors } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { SuiteResult } from './aggregators-suite.js';
import { checkCases, parseAggregatorTorchLines, renderTorchComparison, torchMethods, type TorchRun } from './aggregators-torch.js';

describe('parseAggregatorTorchLines', () => {
  it('reads timing and check lines, and rejects anything else', () => {
    const timing = { step: 'mgda', m: 10, d: 1000000, threads: 1, wall_ms: 12.5, cpu_ms: 12.1, solve_ms: 0.3, runs: 5 };
    const check = { check: 'mgda', case: 0, rel_diff: 2e-7 };
    expect(parseAggregatorTorchLines(`${JSON.stringify(timing)}\n${JSON.stringify({ ...timing, step: 'gramian', solve_ms: null })}\n${JSON.stringify(check)}\n`)).toEqual(
      E.right({
        timings: [
          { step: 'mgda', m: 10, d: 1000000, threads: 1, wallMs: 12.5, cpuMs: 12.1, solveMs: 0.3 },
          { step: 'gramian', m: 10, d: 1000000, threads: 1, wallMs: 12.5, cpuMs: 12.1, solveMs: null },
        ],
        checks: [{ method: 'mgda', case: 0, relDiff: 2e-7 }],
      }),
    );
    expect(E.isLeft(parseAggregatorTorchLines('Traceback (most recent call last):'))).toBe(true);
    expect(E.isLeft(parseAggregatorTorchLines('{"step": "mgda", "m": 10}'))).toBe(true);
  });
});

describe('checkCases', () => {
  it("gives mtlkit's directions of every PyTorch method on two small matrices, leaking nothing", () => {
    let cases: ReturnType<typeof checkCases> = [];
    expect(leakedTensors(() => void (cases = checkCases(torchMethods)))).toBe(0);
    expect(cases.map((c) => [c.J.length, c.J[0]!.length])).toEqual([
      [5, 7],
      [4, 6],
    ]);
    for (const c of cases) {
      expect(Object.keys(c.directions).sort()).toEqual([...torchMethods].sort());
      for (const d of Object.values(c.directions)) expect(d).toHaveLength(c.J[0]!.length);
      // The mean's direction is the column mean (float32 matMul rounding).
      const m = c.J.length;
      c.directions['mean']!.forEach((v, k) => expect(v).toBeCloseTo(c.J.reduce((s, row) => s + row[k]!, 0) / m, 5));
    }
  });
});

describe('renderTorchComparison', () => {
  const cell = (ms: number) => ({ ms, cpuMs: ms * 0.9, ratio: ms / 10 });
  const suite: SuiteResult = {
    columns: [{ m: 10, d: 1e6, baselineMs: 10 }],
    rows: [
      { name: 'gramian (core)', cells: [cell(8)] },
      { name: 'mgda', cells: [cell(9)] },
      { name: 'upgrad', cells: [cell(30)] },
      { name: 'pcgrad', cells: [cell(9)] },
    ],
  };
  const t = (step: string, threads: number, cpuMs: number) => ({ step, m: 10, d: 1e6, threads, wallMs: cpuMs * 1.1, cpuMs, solveMs: step === 'gramian' ? null : 0.5 });
  const run: TorchRun = {
    timings: [t('gramian', 1, 10), t('gramian', 2, 6), t('mgda', 1, 12), t('upgrad', 1, 13.5), t('upgrad', 2, 8)],
    checks: [
      { method: 'mgda', case: 0, relDiff: 3e-7 },
      { method: 'mgda', case: 1, relDiff: 5e-7 },
      { method: 'upgrad', case: 0, relDiff: 2e-3 },
    ],
  };
  const text = renderTorchComparison(suite, run);

  it('puts mtlkit and PyTorch side by side with the CPU-time ratio to 1 thread and the wall ratio to 2', () => {
    expect(text).toContain('| 10 | 1e6 | gramian (core) | 8.00 (7.20) | 0.80 | 11.0 (10.0) | **0.72** | 6.60 | 1.21 |');
    expect(text).toContain('| 10 | 1e6 | mgda | 9.00 (8.10) | 0.90 | 13.2 (12.0; 0.50) | **0.67** | – | – |');
    expect(text).not.toContain('pcgrad');
  });
  it('states the target at m = 10, d = 1e6 per method, marking misses', () => {
    expect(text).toContain('mtlkit / PyTorch CPU time: mgda 0.67, upgrad 2.00 (missed).');
  });
  it('reports the largest disagreement per method and flags those beyond the tolerance', () => {
    expect(text).toContain('on 2 check matrices, max |Δ| / max |d|: mgda 5.0e-7, upgrad 2.0e-3 — DISAGREE beyond 0.0001: upgrad;');
  });
});
