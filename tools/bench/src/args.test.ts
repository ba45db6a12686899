import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { parseArgs } from './args.js';
import { median } from './timing.js';

describe('parseArgs', () => {
  it('defaults to m ∈ {2, 10, 40}, d ∈ {1e4, 1e6}; --with-1e7 adds d = 1e7', () => {
    expect(parseArgs(['aggregators'])).toEqual(E.right({ suite: 'aggregators', ms: [2, 10, 40], ds: [1e4, 1e6], runs: 5, methods: null, torch: true, python: null }));
    const r = parseArgs(['aggregators', '--with-1e7', '--m', '3', '--runs', '9', '--methods', 'mgda,pcgrad', '--no-torch']);
    expect(r).toEqual(E.right({ suite: 'aggregators', ms: [3], ds: [1e4, 1e6, 1e7], runs: 9, methods: ['mgda', 'pcgrad'], torch: false, python: null }));
    expect(parseArgs(['aggregators', '--python', '/usr/bin/python3'])).toEqual(
      E.right({ suite: 'aggregators', ms: [2, 10, 40], ds: [1e4, 1e6], runs: 5, methods: null, torch: true, python: '/usr/bin/python3' }),
    );
  });
  it('names what is wrong', () => {
    expect(parseArgs([])).toEqual(E.left('unknown or missing suite (known: aggregators, training, svgd).'));
    expect(parseArgs(['aggregators', '--d', '1e4,x'])).toEqual(E.left('--d needs a comma-separated list of positive integers, got 1e4,x.'));
    expect(parseArgs(['aggregators', '--fast'])).toEqual(E.left('unknown option --fast.'));
    expect(parseArgs(['aggregators', '--python'])).toEqual(E.left('--python needs the path of a python3 that can import torch.'));
  });
});

describe('median', () => {
  it('of odd and even lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
