// The README's example, run as written: a user's own aggregator tested with the kit.
import { fc, test } from '@fast-check/vitest';
import { combine, gramian, type Aggregator } from '@mtlkit/core';
import { anyJacobians, assertHolds, nonConflicting, permutationInvariant, positivelyHomogeneous } from '@mtlkit/aggregators/properties';
import * as E from 'fp-ts/lib/Either.js';
import { expect, it } from 'vitest';

// Keep only the tasks that agree with the mean gradient, then average them.
const agreeingMean: Aggregator = (J) => {
  const G = gramian(J);
  const m = G.m;
  const toMean = Array.from({ length: m }, (_, i) => G.values.slice(i * m, (i + 1) * m).reduce((a, b) => a + b, 0));
  const keep = toMean.map((v) => (v > 0 ? 1 : 0));
  const n = keep.reduce((a: number, b) => a + b, 0);
  const weights = Float64Array.from(keep, (k) => (n > 0 ? k / n : 0));
  return E.right({ direction: combine(J, weights), weights });
};

test.prop([anyJacobians({ m: { min: 2, max: 6 } })], { seed: 42, numRuns: 100 })('agreeingMean is permutation invariant', (s) =>
  assertHolds(permutationInvariant(agreeingMean, s)),
);
test.prop([anyJacobians()], { seed: 42, numRuns: 100 })('agreeingMean is positively homogeneous', (s) =>
  assertHolds(positivelyHomogeneous(agreeingMean, s)),
);

it('nonConflicting(agreeingMean, s) fails: fast-check shrinks to a small J and gives the reason', () => {
  const details = fc.check(fc.property(anyJacobians(), (s) => assertHolds(nonConflicting(agreeingMean, s))), { seed: 42, numRuns: 200 });
  expect(details.failed).toBe(true);
  expect(String(details.errorInstance)).toMatch(/conflicts with task/);
});
