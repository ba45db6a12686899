import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { parseCommand } from './args.js';

const left = (argv: string[]) => {
  const r = parseCommand(argv);
  return E.isLeft(r) ? r.left.message : `unexpectedly parsed: ${JSON.stringify(r.right)}`;
};

describe('parseCommand', () => {
  it('reads every run flag', () => {
    expect(parseCommand(['run', '--dataset', 'zdt3', '--methods', 'mt-sgd, moo-svgd', '--epochs', '3', '--seeds', '1,2,3', '--out', 'o', '--batch-size', '64', '--lr', '0.01', '--train-size', '500', '--workers', '2', '--json'])).toEqual(
      E.right({ _tag: 'Run', flags: { dataset: 'zdt3', methods: ['mt-sgd', 'moo-svgd'], epochs: 3, seeds: [1, 2, 3], out: 'o', batchSize: 64, lr: 0.01, trainSize: 500, workers: 2, json: true, quiet: false } }),
    );
    expect(parseCommand(['run'])).toEqual(E.right({ _tag: 'Run', flags: { json: false, quiet: false } }));
  });

  it('gives help and version', () => {
    expect(parseCommand([])).toEqual(E.right({ _tag: 'Help', topic: 'main' }));
    expect(parseCommand(['--help'])).toEqual(E.right({ _tag: 'Help', topic: 'main' }));
    expect(parseCommand(['run', '--help'])).toEqual(E.right({ _tag: 'Help', topic: 'run' }));
    expect(parseCommand(['help', 'methods'])).toEqual(E.right({ _tag: 'Help', topic: 'methods' }));
    expect(parseCommand(['--version'])).toEqual(E.right({ _tag: 'Version' }));
  });

  it('names what is wrong on bad usage', () => {
    expect(left(['train'])).toMatch(/unknown command "train"; the commands are run, methods, datasets/);
    expect(left(['run', '--epoch', '3'])).toMatch(/Unknown option '--epoch'/);
    expect(left(['run', '--epochs', 'ten'])).toBe('--epochs must be an integer ≥ 1, got "ten".');
    expect(left(['run', '--epochs', '0'])).toBe('--epochs must be an integer ≥ 1, got "0".');
    expect(left(['run', '--seeds', '1,x'])).toMatch(/--seeds must be a comma-separated list/);
    expect(left(['run', '--lr=-1'])).toBe('--lr must be a positive number, got "-1".');
    expect(left(['run', '--workers', '0'])).toBe('--workers must be an integer ≥ 1, got "0".');
    expect(left(['run', '--methods', ','])).toMatch(/--methods is empty/);
    expect(left(['methods', 'extra'])).toMatch(/takes no arguments/);
  });
});
