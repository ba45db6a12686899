import * as E from 'fp-ts/lib/Either.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeConfig, readConfig, withFlags } from './config.js';

const dir = mkdtempSync(join(tmpdir(), 'mtlkit-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const message = (r: E.Either<{ message: string }, unknown>) => (E.isLeft(r) ? r.left.message : 'no error');

describe('experiment config', () => {
  it('accepts a valid config and lets flags override it', () => {
    const r = decodeConfig('c.json')({ dataset: 'zdt3', methods: ['mt-sgd'], epochs: 3, seeds: [1, 2], samMtl: { rho: 0.05 } });
    expect(E.isRight(r)).toBe(true);
    if (E.isRight(r)) expect(withFlags(r.right, { epochs: 9, json: false, quiet: false })).toMatchObject({ dataset: 'zdt3', epochs: 9, seeds: [1, 2] });
  });

  it('names the bad field, its expected type and the value', () => {
    expect(message(decodeConfig('c.json')({ epochs: 0 }))).toBe('c.json: field "epochs" must be a positive integer, got 0.');
    expect(message(decodeConfig('c.json')({ seeds: [1, 'two'] }))).toBe('c.json: field "seeds[1]" must be a non-negative integer, got "two".');
    expect(message(decodeConfig('c.json')({ samMtl: { rho: -1 } }))).toBe('c.json: field "samMtl.rho" must be a positive number, got -1.');
    expect(message(decodeConfig('c.json')({ epoch: 3 }))).toMatch(/^c\.json: unknown field "epoch"; the fields are dataset, methods, epochs/);
    expect(message(decodeConfig('c.json')([1]))).toMatch(/the value must be ExperimentConfig/);
    expect(message(decodeConfig('c.json')({ samMtl: { rho: 1, aggregater: 'mgda' } }))).toBe('c.json: unknown field "samMtl.aggregater"; the fields there are rho, aggregator.');
    expect(message(decodeConfig('c.json')({ csv: { inputs: 'rest', targets: ['y'], header: true, sep: ';' } }))).toBe(
      'c.json: unknown field "csv.sep"; the fields there are inputs, targets, classification, delimiter, header.',
    );
    expect(message(decodeConfig('c.json')({ csv: { inputs: 'rest' } }))).toMatch(/^c\.json: field "csv\.targets"/);
  });

  it('reports a missing file and invalid JSON by path', async () => {
    expect(message(await readConfig(join(dir, 'none.json')))).toMatch(/cannot read config file .*none\.json: no such file/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ "epochs": 3,');
    expect(message(await readConfig(bad))).toMatch(/config file .*bad\.json is not valid JSON/);
  });
});
