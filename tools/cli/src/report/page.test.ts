import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli.js';
import type { Experiment, RunResult } from '../run-result.js';
import { renderReport } from './page.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

const run = (method: string, seed: number, acc: [number, number], extra: Partial<RunResult> = {}): RunResult => ({
  method,
  seed,
  metrics: { left: { accuracy: acc[0], brier: 0.2, ece: 0.05 }, right: { accuracy: acc[1], brier: 0.25, ece: 0.07 } },
  deltaM: method === 'mean' ? 0 : ((acc[0] + acc[1]) / 2 - 0.8) * 100,
  wallSeconds: 12.5,
  history: [0, 1, 2].map((epoch) => ({ epoch, train: [1 - epoch * 0.2, 1.1 - epoch * 0.2], validation: [{ loss: 1, accuracy: 0.6 + epoch * 0.1 }, { loss: 1, accuracy: 0.55 + epoch * 0.1 }], weights: method === 'mean' ? [0.5, 0.5] : [0.3 + 0.1 * epoch, 0.7 - 0.1 * epoch] })),
  conflict: method.startsWith('mt-') ? [] : [0.125, 0.375, 0.625].map((x, i) => ({ x, share: 0.5 - 0.1 * i, cosine: -0.1 + 0.05 * i })),
  reliability: {
    left: [
      { lower: 0.5, upper: 0.6, confidence: 0.55, accuracy: 0.5, count: 20 },
      { lower: 0.9, upper: 1, confidence: 0.95, accuracy: 0.9, count: 100 },
    ],
  },
  ...extra,
});

const experiment: Experiment = {
  dataset: 'multi-digits <test>',
  tasks: ['left', 'right'],
  primary: [
    { metric: 'accuracy', higherIsBetter: true },
    { metric: 'accuracy', higherIsBetter: true },
  ],
  runs: [run('mean', 1, [0.8, 0.8]), run('mean', 2, [0.82, 0.78]), run('mgda', 1, [0.85, 0.79]), run('mt-sgd', 1, [0.9, 0.7], { particles: [[0.1, 0.9], [0.5, 0.2]] })],
  backend: 'wasm (SIMD)',
  startedAt: '2026-11-23T00:00:00Z',
  description: 'multi-digits (test)',
  totals: { wallSeconds: 50, cpuSeconds: 90, workers: 2 },
  front: [[[0, 1], [0.08, 0.7]], [[0.18, 0.5], [0.25, 0.3]]],
};

let browser: Browser | undefined;
const dir = mkdtempSync(join(tmpdir(), 'mtlkit-report-'));
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the HTML report', () => {
  it('is self-contained: no script, no external resource', () => {
    const html = renderReport(experiment);
    expect(html).not.toMatch(/<script|<link|src="http|href="http|@import/);
    expect(html).toContain('mgda');
  });

  it('renders in headless Chromium without console errors, with every chart drawn', async () => {
    expect(existsSync(CHROMIUM)).toBe(true);
    const file = join(dir, 'index.html');
    writeFileSync(file, renderReport(experiment));
    const page = await browser!.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
    await page.goto(pathToFileURL(file).href);
    const charts = await page.$$eval('svg.chart', (els) => els.map((e) => ({ kind: e.getAttribute('class'), marks: e.querySelectorAll('.series path, .series rect, .series circle').length, width: e.getBoundingClientRect().width })));
    expect(problems).toEqual([]);
    const kinds = charts.map((c) => c.kind);
    expect(kinds.filter((k) => k === 'chart line')).toHaveLength(5); // two task curves, the task weights (two tasks: one chart) and the two conflict charts
    expect(kinds).toContain('chart bar');
    expect(kinds).toContain('chart reliability');
    expect(kinds).toContain('chart scatter');
    for (const c of charts) {
      expect(c.marks).toBeGreaterThan(0);
      expect(c.width).toBeGreaterThan(100);
    }
    const rows = await page.$$eval('table tbody tr', (trs) => trs.map((tr) => tr.querySelector('td')!.textContent));
    expect(rows).toEqual(['mean', 'mgda', 'mt-sgd']);
    await page.close();
  });

  it('the report of a real run (tiny multi-digits and zdt3 experiments) renders with every chart drawn', async () => {
    const zdtConfig = join(dir, 'zdt3.json');
    writeFileSync(zdtConfig, JSON.stringify({ particles: 10, stepsPerEpoch: 100, lr: 0.01 }));
    for (const [name, args] of [
      ['digits', ['--methods', 'mean,gradient-blending,mt-sgd', '--train-size', '128', '--epochs', '2', '--batch-size', '64']],
      ['zdt3', ['--dataset', 'zdt3', '--methods', 'mean,mgda,moo-svgd', '--epochs', '2', '--config', zdtConfig]],
    ] as const) {
      const out = join(dir, name);
      const code = await cli(['run', ...args, '--workers', '1', '--out', out, '--quiet', '--json'], { stdout: { write: () => true }, stderr: { write: () => true } });
      expect(code).toBe(0);
      const page = await browser!.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(e.message));
      await page.goto(pathToFileURL(join(out, 'index.html')).href);
      const charts = await page.$$eval('svg.chart', (els) => els.map((e) => ({ kind: e.getAttribute('class'), marks: e.querySelectorAll('.series path, .series rect, .series circle').length })));
      expect(problems).toEqual([]);
      expect(charts.length).toBeGreaterThan(name === 'zdt3' ? 3 : 8);
      for (const c of charts) expect(c.marks, `${name}: ${c.kind}`).toBeGreaterThan(0);
      if (name === 'zdt3') expect(charts.filter((c) => c.kind === 'chart scatter')).toHaveLength(3);
      await page.close();
    }
  });
});
