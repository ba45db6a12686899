import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import { decode } from './decode.js';

const Config = t.type({
  name: t.string,
  epochs: t.number,
  methods: t.array(t.keyof({ mgda: null, pcgrad: null })),
  optimizer: t.type({ lr: t.number }),
});

describe('decode', () => {
  it('passes a valid value through', () => {
    const v = { name: 'x', epochs: 2, methods: ['mgda'], optimizer: { lr: 0.1 } };
    expect(decode(Config, 'config.json')(v)).toEqual(E.right(v));
  });

  it('names the source, the field path, the expected type and the value', () => {
    const r = decode(Config, 'config.json')({ name: 'x', epochs: 'two', methods: ['mgda', 'adam'], optimizer: {} });
    expect(E.isLeft(r) && r.left._tag).toBe('InvalidConfig');
    const msg = E.isLeft(r) ? r.left.message : '';
    expect(msg).toMatch(/^config\.json: /);
    expect(msg).toContain('field "epochs" must be number, got "two"');
    expect(msg).toContain('field "methods[1]" must be "mgda" | "pcgrad", got "adam"');
    expect(msg).toContain('field "optimizer.lr" must be number, got nothing');
  });

  it('describes a wrong top-level value', () => {
    const r = decode(Config, 'config.json')(42);
    expect(E.isLeft(r) && r.left.message).toMatch(/the value must be .*got 42/);
  });

  it('leaves out the member indices of intersections and unions from the path', () => {
    const Run = t.intersection([t.type({ dataset: t.string }), t.partial({ optimizer: t.union([t.type({ lr: t.number }), t.literal('default')]) })]);
    const r = decode(Run, 'run.json')({ dataset: 'x', optimizer: { lr: 'fast' } });
    const msg = E.isLeft(r) ? r.left.message : '';
    expect(msg).toContain('field "optimizer.lr" must be number, got "fast"');
    expect(msg).not.toMatch(/\[\d\]/);
  });
});
