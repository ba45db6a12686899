import { leakedTensors } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { checkCases, growthExponent, linearFit, parseSvgdArgs, renderSvgd, runSvgdSuite, type SvgdRow, type SvgdTorchRow } from './svgd.js';

describe('parseSvgdArgs', () => {
  it('defaults to M = 5..100, d ∈ {30, 10000}, ZDT3 steps, 2 targets, PyTorch on', () => {
    expect(parseSvgdArgs([])).toEqual(E.right({ ms: [5, 10, 20, 50, 100], ds: [30, 10000], zdt3: [5, 10, 20, 50, 100], targets: 2, runs: 7, torch: true, python: null }));
    expect(parseSvgdArgs(['--m', '5,50', '--d', '1000', '--zdt3', 'none', '--targets', '3', '--runs', '3', '--no-torch'])).toEqual(
      E.right({ ms: [5, 50], ds: [1000], zdt3: [], targets: 3, runs: 3, torch: false, python: null }),
    );
  });
  it('names what is wrong', () => {
    expect(parseSvgdArgs(['--m', '5,x'])).toEqual(E.left('--m needs a comma-separated list of positive integers, got 5,x.'));
    expect(parseSvgdArgs(['--python'])).toEqual(E.left('--python needs the path of a python3 that can import torch.'));
    expect(parseSvgdArgs(['--fast'])).toEqual(E.left('unknown option --fast.'));
  });
});

describe('the M²d fit', () => {
  it('recovers an exact line and the growth exponent of a power law', () => {
    const xs = [1, 2, 5, 10];
    const fit = linearFit(
      xs,
      xs.map((x) => 0.5 + 3 * x),
    );
    expect(fit.a).toBeCloseTo(0.5, 12);
    expect(fit.b).toBeCloseTo(3, 12);
    expect(fit.r2).toBeCloseTo(1, 12);
    expect(growthExponent(50, 1, 100, 4)).toBeCloseTo(2, 12);
  });
});

describe('renderSvgd', () => {
  const t = (cpuMs: number) => ({ wallMs: cpuMs * 1.2, cpuMs, runs: 5 });
  const rows: SvgdRow[] = [
    { step: 'mt-sgd', m: 10, d: 1000, mtlkit: t(1.9) },
    { step: 'moo-svgd', m: 10, d: 1000, mtlkit: t(2) },
    { step: 'mt-sgd', m: 100, d: 1000, mtlkit: t(91) },
    { step: 'moo-svgd', m: 100, d: 1000, mtlkit: t(120) },
  ];
  const torch: SvgdTorchRow[] = [
    { step: 'mt-sgd', m: 10, d: 1000, threads: 1, wall_ms: 1, cpu_ms: 1.3 },
    { step: 'mt-sgd', m: 100, d: 1000, threads: 1, wall_ms: 32, cpu_ms: 31 },
  ];
  it('prints both methods, their ratio, the ratio to PyTorch and the fit', () => {
    const text = renderSvgd(rows, torch, null);
    expect(text).toContain('| 100 | 91.000 | 91.00 | 120.000 | 120.00 | 1.32 | 31.000 | 2.94 |');
    // t = 1 + 9e-6 · M²d exactly: a = 1, b = 9 ms per 10⁶ M²d.
    expect(text).toContain('a = 1.000 ms, b = 9.000 ms per 10⁶ M²d, R² = 1.000');
    expect(text).toContain('MT-SGD at M = 100 / PyTorch 1 thread = 2.94 (target ≤ 3)');
    // PyTorch: t = 1 + 3e-6 · M²d, so b = 3 ms per 10⁶ M²d and the constants' ratio is 3.
    expect(text).toContain('PyTorch 1 thread, the same fit: a = 1.000 ms, b = 3.000 ms per 10⁶ M²d, R² = 1.000; ratio of the M²d constants mtlkit / PyTorch = 3.00.');
  });
  it('says why the PyTorch columns are empty', () => {
    const text = renderSvgd(rows, [], 'PyTorch columns skipped (--no-torch).');
    expect(text).toContain('MT-SGD at M = 100 / PyTorch 1 thread = not measured');
    expect(text).toContain('PyTorch columns skipped (--no-torch).');
  });
});

describe('runSvgdSuite', () => {
  it('times both directions on every shape and the ZDT3 steps, leaking nothing', () => {
    let rows: SvgdRow[] = [];
    expect(leakedTensors(() => void (rows = runSvgdSuite({ ms: [3], ds: [4], zdt3: [3], targets: 2, runs: 1, warmupMs: 0 }, () => undefined)))).toBe(0);
    expect(rows.map((r) => `${r.step} ${r.m} ${r.d}`)).toEqual(['mt-sgd 3 4', 'moo-svgd 3 4', 'mt-sgd-zdt3 3 30', 'moo-svgd-zdt3 3 30']);
    rows.forEach((r) => expect(Number.isFinite(r.mtlkit.cpuMs) && Number.isFinite(r.mtlkit.wallMs)).toBe(true));
  });
  it('hands the PyTorch script small cases with mtlkit\'s direction, leaking nothing', () => {
    let cases: ReturnType<typeof checkCases> = [];
    expect(leakedTensors(() => void (cases = checkCases(2)))).toBe(0);
    expect(cases.map((c) => [c.X.length, c.X[0]!.length, c.S.length, c.direction.length, c.direction[0]!.length])).toEqual([
      [6, 4, 2, 6, 4],
      [9, 30, 2, 9, 30],
    ]);
    for (const c of cases) expect(c.direction.flat().every(Number.isFinite)).toBe(true);
  });
});
