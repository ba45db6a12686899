import { emptyInput, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { checkPoints, type Points } from './pareto.js';

const distance = (a: readonly number[], b: readonly number[]): number => {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j]! - b[j]!) ** 2;
  return Math.sqrt(s);
};

/** (1/|A|) Σ_{a∈A} min_{b∈B} ‖a − b‖₂, after checking both sets (non-empty, same dimension, finite). */
const meanNearest = (from: Points, to: Points, fromName: string, toName: string): E.Either<MtlError, number> => {
  if (from.length === 0) return E.left(emptyInput(`the ${fromName} set is empty.`));
  if (to.length === 0) return E.left(emptyInput(`the ${toName} set is empty.`));
  const d = checkPoints(from, `${fromName} point`);
  if (E.isLeft(d)) return d;
  const d2 = checkPoints(to, `${toName} point`, d.right, `${fromName} point 0`);
  if (E.isLeft(d2)) return d2;
  let sum = 0;
  for (const a of from) {
    let best = Infinity;
    for (const b of to) best = Math.min(best, distance(a, b));
    sum += best;
  }
  return E.right(sum / from.length);
};

/**
 * Generational distance GD(P, Z) = (1/|P|) Σ_{p∈P} min_{z∈Z} ‖p − z‖₂ (Van Veldhuizen & Lamont
 * 1998, with the mean of distances as pymoo's `GD`): how far the obtained points P lie from the
 * reference front Z. ≥ 0; 0 when every point lies on Z.
 */
export const gd = (points: Points, referenceFront: Points): E.Either<MtlError, number> => meanNearest(points, referenceFront, 'obtained', 'reference front');

/**
 * Inverted generational distance IGD(P, Z) = (1/|Z|) Σ_{z∈Z} min_{p∈P} ‖z − p‖₂ (Coello & Reyes
 * Sierra 2004; pymoo's `IGD`): how well P covers the reference front Z. ≥ 0; 0 when Z ⊆ P.
 */
export const igd = (points: Points, referenceFront: Points): E.Either<MtlError, number> => meanNearest(referenceFront, points, 'reference front', 'obtained');
