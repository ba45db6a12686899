/** fast-check generators for this package's own tests (not exported, not built). */
import fc from 'fast-check';

/** An empirical risk of a loss in [0, 1], with the ends. */
export const empiricalRisk = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1));
/** KL(Q‖P) from 0 to 1e4 nats. */
export const klDivergence = fc.oneof(fc.double({ min: 0, max: 50, noNaN: true }), fc.double({ min: 0, max: 1e4, noNaN: true }));
/** N from 1 to 1e7. */
export const sampleSize = fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 10_000_000 }));
/** δ ∈ (0, 1). */
export const delta = fc.double({ min: 1e-12, max: 0.999, noNaN: true, noDefaultInfinity: true }).filter((d) => d > 0 && d < 1);
/** Two ordered values drawn from one generator. */
export const ordered = <A extends number>(arb: fc.Arbitrary<A>): fc.Arbitrary<readonly [A, A]> =>
  fc.tuple(arb, arb).map(([a, b]): readonly [A, A] => (a <= b ? [a, b] : [b, a]));
