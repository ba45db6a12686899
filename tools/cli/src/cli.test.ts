import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './cli.js';
import { METHOD_NAMES } from './methods.js';

const dir = mkdtempSync(join(tmpdir(), 'mtlkit-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the command line with captured output. */
const run = async (argv: string[]) => {
  let stdout = '';
  let stderr = '';
  const code = await cli(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  return { code, stdout, stderr };
};

const config = (name: string, value: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
};

/** A usage error: exit 2, nothing on stdout, exactly one line on stderr. */
const usage = async (argv: string[]) => {
  const r = await run(argv);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  return r.stderr;
};

describe('mtlkit help', () => {
  it('prints the main help, per-command help, the method and dataset lists', async () => {
    expect((await run([])).stdout).toMatch(/Usage:\n {2}mtlkit run/);
    expect((await run(['--help'])).code).toBe(0);
    const runHelp = await run(['run', '--help']);
    expect(runHelp.stdout).toMatch(/--methods <list>/);
    expect(runHelp.stdout).toMatch(/\{ dataset, runs: \[\{ method, seed, metrics/);
    expect((await run(['help', 'datasets'])).stdout).toMatch(/idx:<dir>/);
    const methods = await run(['methods']);
    for (const name of METHOD_NAMES) expect(methods.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    expect((await run(['--version'])).stdout).toBe('mtlkit 0.1.0\n');
  });
});

describe('bad usage and configs: exit 2 with one line naming the problem', () => {
  it('an unknown method lists the valid ones', async () => {
    const err = await usage(['run', '--methods', 'mean,mgdaa']);
    expect(err).toMatch(/^mtlkit: unknown method "mgdaa" \(did you mean "mgda"\?\); the methods are mean, sum, /);
    for (const name of METHOD_NAMES) expect(err).toContain(name);
  });

  it('an unknown dataset or format lists the valid ones', async () => {
    expect(await usage(['run', '--dataset', 'mnist'])).toMatch(/unknown dataset "mnist"; the datasets are multi-digits, multi-fashion, conflict-regression, zdt3, or a path with its format: idx:<dir>, csv:<file>, npy:<dir>/);
    expect(await usage(['run', '--dataset', 'parquet:x.pq'])).toMatch(/unknown dataset format "parquet" .* the formats are idx, csv, npy/);
  });

  it('a bad config field names its path', async () => {
    expect(await usage(['run', '--config', config('a.json', { epochs: 2, samMtl: { rho: 0.1, aggregatr: 'mgda' } })])).toMatch(/a\.json: unknown field "samMtl\.aggregatr"; the fields there are rho, aggregator\./);
    expect(await usage(['run', '--config', config('b.json', { seeds: [1, -2] })])).toMatch(/b\.json: field "seeds\[1\]" must be a non-negative integer, got -2\./);
    expect(await usage(['run', '--config', config('c.json', { methods: ['mean', 'nash'] })])).toMatch(/unknown method "nash" \(did you mean "nash-mtl"\?\)/);
    expect(await usage(['run', '--config', config('d.json', { csv: { inputs: 'rest', targets: [1], delimiter: ':' } })])).toMatch(/field "csv\.delimiter"/);
    expect(await usage(['run', '--config', config('e.json', { samMtl: { aggregator: 'dwa' } })])).toMatch(/samMtl\.aggregator "dwa" is not an aggregator; the aggregators are mean, sum/);
    expect(await usage(['run', '--config', join(dir, 'missing.json')])).toMatch(/cannot read config file .*missing\.json: no such file/);
    expect(await usage(['run', '--config', config('f.json', '{ "epochs": ')])).toMatch(/is not valid JSON/);
  });

  it('bad flags and methods that do not fit the dataset', async () => {
    expect(await usage(['run', '--epochs', '0'])).toMatch(/--epochs must be an integer ≥ 1, got "0"/);
    expect(await usage(['run', '--frobnicate'])).toMatch(/Unknown option '--frobnicate'/);
    expect(await usage(['train'])).toMatch(/unknown command "train"/);
    expect(await usage(['run', '--dataset', 'zdt3', '--methods', 'dwa'])).toMatch(/method "dwa" does not apply to zdt3 .*the methods for it are mean, sum, .*mt-sgd, moo-svgd/);
    expect(await usage(['run', '--methods', 'krum', '--train-size', '10'])).toMatch(/method "krum" needs at least 4 tasks; multi-digits has 2/);
    expect(await usage(['run', '--methods', 'fixed', '--train-size', '10'])).toMatch(/method "fixed" needs "weights" in the config file, one per task \(2\)/);
  });
});

describe('bad data paths', () => {
  it('a missing path or missing files: exit 2 naming the path', async () => {
    expect(await usage(['run', '--dataset', `idx:${join(dir, 'nowhere')}`])).toMatch(/idx:.*nowhere: no such directory\./);
    mkdirSync(join(dir, 'empty'));
    expect(await usage(['run', '--dataset', `idx:${join(dir, 'empty')}`])).toMatch(/found no train-images-idx3-ubyte\[\.gz\] in .*empty/);
    expect(await usage(['run', '--dataset', `npy:${join(dir, 'empty')}`])).toMatch(/found neither x\.npy and y\.npy nor epochs\.npy and labels\.npy/);
    expect(await usage(['run', '--dataset', `csv:${join(dir, 'none.csv')}`])).toMatch(/csv:.*none\.csv: no such file\./);
    const csv = config('data.csv', 'a,b,y\n1,2,0\n');
    expect(await usage(['run', '--dataset', `csv:${csv}`])).toMatch(/needs a "csv" schema in the config file/);
  });

  it('a file that cannot be parsed: exit 1 naming the file and the place', async () => {
    const csv = config('bad.csv', 'a,b,y\n1,2,0\n3,x,1\n');
    const r = await run(['run', '--config', config('csv.json', { dataset: `csv:${csv}`, csv: { inputs: ['a', 'b'], targets: ['y'], classification: ['y'] } })]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^mtlkit: csv:.*bad\.csv: .*line 3, column "b".*expected a number, got "x"/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    const images = join(dir, 'idx');
    mkdirSync(images);
    writeFileSync(join(images, 'train-images-idx3-ubyte'), Buffer.from([0, 0, 8, 3, 0, 0]));
    writeFileSync(join(images, 'train-labels-idx1-ubyte'), Buffer.from([0, 0, 8, 1, 0, 0, 0, 1, 3]));
    const idx = await run(['run', '--dataset', `idx:${images}`]);
    expect(idx.code).toBe(1);
    expect(idx.stderr).toMatch(/^mtlkit: idx:.*train-images-idx3-ubyte/);
  });
});

describe('a tiny experiment through the real runner', () => {
  it('trains four kinds of method, prints the table, writes the report, and --json has the contract shape', async () => {
    const out = join(dir, 'report');
    const cfg = config('tiny.json', { trainSize: 256, validationSize: 64, testSize: 128, batchSize: 64, epochs: 1, particles: 2, workers: 1 });
    const r = await run(['run', '--config', cfg, '--methods', 'mean,gradient-blending,sam-mtl,mt-sgd', '--seeds', '3', '--out', out, '--quiet', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { dataset: string; runs: Record<string, unknown>[] };
    expect(Object.keys(json)).toEqual(['dataset', 'runs']);
    expect(json.dataset).toBe('multi-digits');
    expect(json.runs.map((x) => x['method'])).toEqual(['mean', 'gradient-blending', 'sam-mtl', 'mt-sgd']);
    for (const run of json.runs) {
      expect(Object.keys(run).sort()).toEqual(['deltaM', 'method', 'metrics', 'seed', 'wallSeconds']);
      expect(run['seed']).toBe(3);
      const metrics = run['metrics'] as Record<string, Record<string, number>>;
      expect(Object.keys(metrics)).toEqual(['top-left', 'bottom-right']);
      for (const m of Object.values(metrics)) {
        expect(Object.keys(m)).toEqual(['accuracy', 'brier', 'ece', 'nll']);
        expect(m['accuracy']).toBeGreaterThanOrEqual(0);
        expect(m['accuracy']).toBeLessThanOrEqual(1);
        for (const v of Object.values(m)) expect(Number.isFinite(v)).toBe(true);
      }
      expect(typeof run['deltaM']).toBe('number');
      expect(run['wallSeconds']).toBeGreaterThan(0);
    }
    expect(json.runs[0]!['deltaM']).toBe(0);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toContain('<svg class="chart line"');
    expect(html).toContain('<svg class="chart reliability"');
    expect(html).toContain('<svg class="chart bar"');
    expect(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))).toEqual(json);
  });

  it('prints the results table on stdout and progress lines on stderr', async () => {
    const out = join(dir, 'report-table');
    const cfg = config('tiny2.json', { trainSize: 128, validationSize: 64, testSize: 64, batchSize: 64, epochs: 1, workers: 1 });
    const r = await run(['run', '--config', cfg, '--methods', 'mean,mgda', '--seeds', '1,2', '--out', out]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^multi-digits \(128 train \/ 64 validation \/ 64 test\); HPS LeNet, 1 epochs, batch 64/);
    expect(lines[2]).toMatch(/^method +top-left acc% +top-left brier +top-left ece +bottom-right acc% .* Δm% +wall s$/);
    expect(lines[4]).toMatch(/^mean +\d+\.\d\d±\d+\.\d\d /);
    expect(lines[5]).toMatch(/^mgda /);
    expect(r.stdout).toMatch(/4 runs on 1 process: .* s wall, .* s CPU/);
    expect(r.stdout).toContain(`Report: ${join(out, 'index.html')}`);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    expect(r.stderr).toMatch(/^mean \(seed 1\): epoch 1\/1 train /m);
    expect(r.stderr).toMatch(/^\[4\/4\] mgda \(seed 2\): top-left /m);
  });

  it('zdt3: particles, hypervolume against the reference point, the Pareto front in the report', async () => {
    const out = join(dir, 'report-zdt3');
    const cfg = config('zdt3.json', { dataset: 'zdt3', methods: ['mgda', 'mt-sgd'], epochs: 2, stepsPerEpoch: 100, particles: 6, workers: 1, lr: 0.01 });
    const r = await run(['run', '--config', cfg, '--out', out, '--json', '--quiet']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { dataset: string; runs: { method: string; hypervolume: number; metrics: Record<string, Record<string, number>> }[] };
    expect(json.dataset).toBe('zdt3');
    for (const run of json.runs) {
      expect(Object.keys(run.metrics)).toEqual(['f1', 'f2']);
      // The true front has a hypervolume of about 6.52 with this reference point; particles are dominated by it.
      expect(run.hypervolume).toBeGreaterThan(0);
      expect(run.hypervolume).toBeLessThan(6.53);
    }
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toContain('<svg class="chart scatter"');
    expect(html).toContain('class="reference"');
  });
});
