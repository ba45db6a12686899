import { invalidArgument, nonFinite, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';

/** Argument checks shared by the bounds: each names the argument and says what it must be. */
type Check = (name: string, v: number) => E.Either<MtlError, number>;

const finite =
  (next: (name: string, v: number) => E.Either<MtlError, number>): Check =>
  (name, v) =>
    typeof v !== 'number' || !Number.isFinite(v) ? E.left(nonFinite(`${name} must be a finite number, got ${String(v)}.`)) : next(name, v);

/** A positive integer (a sample size, a number of parameters). */
export const positiveInteger: Check = finite((name, v) =>
  Number.isInteger(v) && v >= 1 ? E.right(v) : E.left(invalidArgument(`${name} must be a positive integer, got ${v}.`)),
);

/** A number > 0 (σ, ρ, L, Catoni's C). */
export const positive: Check = finite((name, v) => (v > 0 ? E.right(v) : E.left(invalidArgument(`${name} must be positive, got ${v}.`))));

/** A number ≥ 0 (a KL divergence, a squared norm). */
export const nonNegative: Check = finite((name, v) => (v >= 0 ? E.right(v) : E.left(invalidArgument(`${name} must be non-negative, got ${v}.`))));

/** A confidence parameter δ ∈ (0, 1). */
export const confidence: Check = finite((name, v) =>
  v > 0 && v < 1 ? E.right(v) : E.left(invalidArgument(`${name} must lie in the open interval (0, 1), got ${v}.`)),
);

/** A number in [0, upper] (a risk of a loss bounded by `upper`). */
export const between = (upper: number, what: string): Check =>
  finite((name, v) => (v >= 0 && v <= upper ? E.right(v) : E.left(invalidArgument(`${name} must lie in [0, ${upper}] (${what}), got ${v}.`))));

/** A probability in [0, 1]. */
export const probability: Check = finite((name, v) =>
  v >= 0 && v <= 1 ? E.right(v) : E.left(invalidArgument(`${name} must be a probability in [0, 1], got ${v}.`)),
);

/** Prefixes an error's sentence with where it happened (`task 2: …`). */
export const within =
  (where: string) =>
  (e: MtlError): MtlError => ({ ...e, message: `${where}: ${e.message}` });
