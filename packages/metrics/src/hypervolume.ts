import { emptyInput, nonFinite, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { checkPoints, nondominated, type Points } from './pareto.js';

/** Volume of the box [p, r] (minimisation: the region p dominates up to the reference point). */
const boxVolume = (p: readonly number[], r: readonly number[]): number => {
  let v = 1;
  for (let j = 0; j < p.length; j++) v *= r[j]! - p[j]!;
  return v;
};

/**
 * Exact 2-D hypervolume by one sweep: sort by the first objective, accumulate the staircase
 * Σ_k (x_{k+1} − x_k)(r_y − min_{i≤k} y_i). Points must lie strictly below the reference.
 * O(n log n). Dominated points are harmless (the running minimum ignores them).
 */
export const hypervolume2d = (points: Points, r: readonly number[]): number => {
  const sorted = [...points].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let area = 0;
  let minY = r[1]!;
  for (let k = 0; k < sorted.length; k++) {
    minY = Math.min(minY, sorted[k]![1]!);
    const nextX = k + 1 < sorted.length ? sorted[k + 1]![0]! : r[0]!;
    area += (nextX - sorted[k]![0]!) * (r[1]! - minY);
  }
  return area;
};

/**
 * Exact 3-D hypervolume by a sweep over the third objective (HSO's slicing, While et al. 2006):
 * sort by z; between consecutive z values the dominated region is a prism whose base is the 2-D
 * hypervolume of the points met so far. The 2-D staircase is kept sorted and updated per point.
 * O(n²).
 */
export const hypervolume3d = (points: Points, r: readonly number[]): number => {
  const sorted = [...points].sort((a, b) => a[2]! - b[2]!);
  // Non-dominated 2-D front, x ascending and y strictly descending.
  const front: [number, number][] = [];
  let volume = 0;
  for (let k = 0; k < sorted.length; k++) {
    const [x, y] = [sorted[k]![0]!, sorted[k]![1]!];
    if (!front.some(([fx, fy]) => fx <= x && fy <= y)) {
      const kept = front.filter(([fx, fy]) => !(x <= fx && y <= fy));
      const at = kept.findIndex(([fx]) => fx > x);
      kept.splice(at === -1 ? kept.length : at, 0, [x, y]);
      front.splice(0, front.length, ...kept);
    }
    const nextZ = k + 1 < sorted.length ? sorted[k + 1]![2]! : r[2]!;
    if (nextZ > sorted[k]![2]!) {
      let area = 0;
      for (let i = 0; i < front.length; i++) {
        const nextX = i + 1 < front.length ? front[i + 1]![0] : r[0]!;
        area += (nextX - front[i]![0]) * (r[1]! - front[i]![1]);
      }
      volume += (nextZ - sorted[k]![2]!) * area;
    }
  }
  return volume;
};

/**
 * Exact hypervolume in any dimension d ≥ 2 by WFG (While, Bradstreet & Barone, IEEE TEC 2012):
 * HV(S) = Σ_k exclhv(p_k, {p_{k+1}, ...}) with exclhv(p, Q) = vol[p, r] − HV(nds(limit(Q, p))),
 * limit(q, p) = max(q, p) componentwise. With the points sorted worst-first in the last objective,
 * every limited point shares p's last coordinate, so each term factorises as
 * (r_d − p_d) · exclhv over the first d − 1 objectives (WFG's slicing). Recurses down to the exact
 * 2-D sweep, or to the 3-D sweep when `exact3d` (the default; `false` tests WFG on its own).
 */
export const hypervolumeWfg = (points: Points, r: readonly number[], exact3d = true): number => {
  const d = r.length;
  if (points.length === 0) return 0;
  if (d === 1) return r[0]! - points.reduce((m, p) => Math.min(m, p[0]!), Infinity);
  if (d === 2) return hypervolume2d(points, r);
  if (d === 3 && exact3d) return hypervolume3d(points, r);
  const ps = nondominated(points).sort((a, b) => b[d - 1]! - a[d - 1]!);
  const rHead = r.slice(0, d - 1);
  let total = 0;
  for (let k = 0; k < ps.length; k++) {
    const p = ps[k]!;
    const head = p.slice(0, d - 1);
    const limited: number[][] = [];
    for (let j = k + 1; j < ps.length; j++) limited.push(head.map((v, i) => Math.max(v, ps[j]![i]!)));
    const exclusive = boxVolume(head, rHead) - hypervolumeWfg(limited.length > 1 ? nondominated(limited) : limited, rHead, exact3d);
    total += (r[d - 1]! - p[d - 1]!) * exclusive;
  }
  return total;
};

/**
 * The hypervolume indicator (Zitzler & Thiele 1998) of a set of objective vectors under
 * minimisation: the Lebesgue measure of ∪_p [p, r], the region the points dominate up to the
 * reference point r. Points not strictly better than r in every objective add nothing and are
 * dropped; an empty set has hypervolume 0. Exact in every dimension: a sweep in 2-D (O(n log n))
 * and 3-D (O(n²)), WFG (While et al. 2012) above 3 objectives (exponential in d in the worst case;
 * fine for tens of points in 4-6 objectives). Left on ragged rows, non-finite values, or a
 * reference point of another dimension. The convention of pymoo's `HV(ref_point)` and of
 * MOO-SVGD/MT-SGD's (seed 002) Pareto-front comparisons.
 */
export const hypervolume = (points: Points, reference: readonly number[]): E.Either<MtlError, number> => {
  if (reference.length === 0) return E.left(emptyInput('the reference point needs at least one objective.'));
  for (let j = 0; j < reference.length; j++) {
    if (!Number.isFinite(reference[j]!)) return E.left(nonFinite(`reference point objective ${j} is ${reference[j]}; it must be finite.`));
  }
  const checked = checkPoints(points, 'point', reference.length);
  if (E.isLeft(checked)) return checked;
  const inside = points.filter((p) => p.every((v, j) => v < reference[j]!));
  return E.right(hypervolumeWfg(inside, reference));
};
