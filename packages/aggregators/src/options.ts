import { fromWeighting, invalidArgument, type Aggregator, type MtlError, type Weighting } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';

/**
 * Factories check their options once; a bad option yields a weighting (or aggregator) that answers
 * every call with the same Left, since a factory itself cannot fail.
 */
export const failingWeighting =
  (error: MtlError): Weighting =>
  () =>
    E.left(error);

/** `fromWeighting` of the weighting built from checked options, or an aggregator that always fails. */
export const weightingAggregator = (weighting: E.Either<MtlError, Weighting>): Aggregator =>
  fromWeighting(E.getOrElse(failingWeighting)(weighting));

/** Right(value) when it is a finite number ≥ min (or > min when `strict`), else Left naming the option. */
export const checkNumber = (name: string, value: number, min: number, strict = false): E.Either<MtlError, number> =>
  Number.isFinite(value) && (strict ? value > min : value >= min)
    ? E.right(value)
    : E.left(invalidArgument(`option ${name} must be a finite number ${strict ? '>' : '≥'} ${min}, got ${value}.`));
