import { fc } from '@fast-check/vitest';
import type { Aggregator } from '@mtlkit/core';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { methodClaims, propertyNames, renderClaimsTable, type PropertyName } from './claims.js';
import {
  anyJacobians,
  assertHolds,
  finiteOutput,
  linearUnderScaling,
  nonConflicting,
  permutationInvariant,
  positivelyHomogeneous,
  weightsOnSimplex,
  type JacobianSample,
  type PropertyResult,
} from './properties/index.js';

const checkers: Readonly<Record<PropertyName, (a: Aggregator, s: JacobianSample, atol?: number) => PropertyResult>> = {
  nonConflicting: (a, s, atol) => nonConflicting(a, s, atol === undefined ? {} : { atol }),
  linearUnderScaling: (a, s, atol) => linearUnderScaling(a, s, atol === undefined ? {} : { atol }),
  permutationInvariant: (a, s, atol) => permutationInvariant(a, s, atol === undefined ? {} : { atol }),
  weightsOnSimplex: (a, s) => weightsOnSimplex(a, s),
  positivelyHomogeneous: (a, s, atol) => positivelyHomogeneous(a, s, atol === undefined ? {} : { atol }),
  finiteOutput: (a, s) => finiteOutput(a, s),
};

/** Small matrices of every kind the kit makes (plain, strongly conflicting, scaled 1e-6..1e6, zero rows). */
const samples = (minTasks: number, maxTasks = Math.max(minTasks, 5)): fc.Arbitrary<JacobianSample> => anyJacobians({ m: { min: minTasks, max: maxTasks }, d: { min: 1, max: 6 } });

const README = new URL('../README.md', import.meta.url);
const START = '<!-- claims:start (rendered from src/claims.ts; UPDATE_CLAIMS=1 npx vitest run src/claims.test.ts rewrites it) -->';
const END = '<!-- claims:end -->';

describe('the property table (src/claims.ts, README.md)', () => {
  for (const c of methodClaims) {
    describe(c.method, () => {
      for (const property of propertyNames) {
        if (c.claims.includes(property)) {
          it(`is ${property}`, () => {
            fc.assert(
              fc.property(samples(c.minTasks, c.maxTasks), (s) => assertHolds(checkers[property](c.aggregator(), s, c.atol))),
              { seed: 42, numRuns: 25 },
            );
          });
        } else {
          it(`is not ${property}: a counterexample exists`, () => {
            const details = fc.check(
              fc.property(samples(c.minTasks, c.maxTasks), (s) => assertHolds(checkers[property](c.aggregator(), s, c.atol))),
              { seed: 42, numRuns: 300, endOnFailure: true },
            );
            expect(details.failed, `${c.method} seems to be ${property}: claim it in src/claims.ts`).toBe(true);
          });
        }
      }
    });
  }

  it('is the table the README shows', () => {
    const readme = readFileSync(README, 'utf8');
    const table = `${START}\n${renderClaimsTable()}\n${END}`;
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    if (process.env['UPDATE_CLAIMS'] === '1' && start >= 0 && end > start) {
      writeFileSync(README, readme.slice(0, start) + table + readme.slice(end + END.length));
      return;
    }
    expect(start, 'README.md lacks the claims markers').toBeGreaterThanOrEqual(0);
    expect(readme.slice(start, end + END.length)).toBe(table);
  });
});
