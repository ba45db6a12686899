/**
 * A small vector rasteriser for procedural glyphs: pen strokes (lines, elliptic arcs, cubic
 * Béziers) flattened to polylines, mapped through a warp and an affine transform, and drawn as
 * thick anti-aliased strokes (coverage from the distance to the nearest segment) or filled shapes.
 */

export type Point = readonly [number, number];

/** One piece of a pen stroke, in glyph units (y grows downwards; angles in degrees, clockwise on screen). */
export type Piece =
  | { readonly _tag: 'Line'; readonly from: Point; readonly to: Point }
  | { readonly _tag: 'Arc'; readonly center: Point; readonly radii: Point; readonly start: number; readonly end: number }
  | { readonly _tag: 'Bezier'; readonly p0: Point; readonly p1: Point; readonly p2: Point; readonly p3: Point };

/** A continuous pen stroke. */
export type Stroke = readonly Piece[];

export const line = (from: Point, to: Point): Piece => ({ _tag: 'Line', from, to });
export const arc = (center: Point, radii: Point, start: number, end: number): Piece => ({ _tag: 'Arc', center, radii, start, end });
export const bezier = (p0: Point, p1: Point, p2: Point, p3: Point): Piece => ({ _tag: 'Bezier', p0, p1, p2, p3 });

/** Points of a piece, spaced about `step` glyph units apart (first point included, last included). */
const flattenPiece = (p: Piece, step: number): number[] => {
  const out: number[] = [];
  if (p._tag === 'Line') {
    const n = Math.max(1, Math.ceil(Math.hypot(p.to[0] - p.from[0], p.to[1] - p.from[1]) / step));
    for (let i = 0; i <= n; i++) out.push(p.from[0] + ((p.to[0] - p.from[0]) * i) / n, p.from[1] + ((p.to[1] - p.from[1]) * i) / n);
  } else if (p._tag === 'Arc') {
    const sweep = ((p.end - p.start) * Math.PI) / 180;
    const n = Math.max(2, Math.ceil((Math.abs(sweep) * Math.max(p.radii[0], p.radii[1])) / step));
    for (let i = 0; i <= n; i++) {
      const a = (p.start * Math.PI) / 180 + (sweep * i) / n;
      out.push(p.center[0] + p.radii[0] * Math.cos(a), p.center[1] + p.radii[1] * Math.sin(a));
    }
  } else {
    const len = Math.hypot(p.p1[0] - p.p0[0], p.p1[1] - p.p0[1]) + Math.hypot(p.p2[0] - p.p1[0], p.p2[1] - p.p1[1]) + Math.hypot(p.p3[0] - p.p2[0], p.p3[1] - p.p2[1]);
    const n = Math.max(2, Math.ceil(len / step));
    for (let i = 0; i <= n; i++) {
      const t = i / n;
      const u = 1 - t;
      const [b0, b1, b2, b3] = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
      out.push(b0 * p.p0[0] + b1 * p.p1[0] + b2 * p.p2[0] + b3 * p.p3[0], b0 * p.p0[1] + b1 * p.p1[1] + b2 * p.p2[1] + b3 * p.p3[1]);
    }
  }
  return out;
};

/** A stroke as one polyline [x0, y0, x1, y1, ...] (joints shared between consecutive pieces). */
export const flattenStroke = (s: Stroke, step = 0.05): Float64Array => {
  const pts: number[] = [];
  for (const piece of s) {
    const q = flattenPiece(piece, step);
    const joined = pts.length >= 2 && Math.hypot(pts[pts.length - 2]! - q[0]!, pts[pts.length - 1]! - q[1]!) < 1e-9;
    pts.push(...(joined ? q.slice(2) : q));
  }
  return Float64Array.from(pts);
};

/** A 2-D affine map x' = a·x + b·y + e, y' = c·x + d·y + f. */
export interface Affine {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: number;
  readonly e: number;
  readonly f: number;
}

/**
 * The affine map of a jittered glyph: scale (sx, sy), then shear (x += shear·y), then rotation by
 * `angle` radians, then translation to (tx, ty).
 */
export const glyphAffine = (sx: number, sy: number, shear: number, angle: number, tx: number, ty: number): Affine => {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  // R · Sh · S, with Sh = [[1, shear], [0, 1]]
  const m00 = sx;
  const m01 = shear * sy;
  const m11 = sy;
  return { a: cos * m00, b: cos * m01 - sin * m11, c: sin * m00, d: sin * m01 + cos * m11, e: tx, f: ty };
};

/** A smooth displacement field (x, y) ↦ (x + ax·sin(2π(fx·y + px)), y + ay·sin(2π(fy·x + py))): hand wobble. */
export interface Warp {
  readonly ax: number;
  readonly fx: number;
  readonly px: number;
  readonly ay: number;
  readonly fy: number;
  readonly py: number;
}

/** Applies warp then affine map to a polyline (a new array). */
export const transform = (pts: Float64Array, w: Warp, m: Affine): Float64Array => {
  const out = new Float64Array(pts.length);
  for (let i = 0; i < pts.length; i += 2) {
    const x = pts[i]! + w.ax * Math.sin(2 * Math.PI * (w.fx * pts[i + 1]! + w.px));
    const y = pts[i + 1]! + w.ay * Math.sin(2 * Math.PI * (w.fy * pts[i]! + w.py));
    out[i] = m.a * x + m.b * y + m.e;
    out[i + 1] = m.c * x + m.d * y + m.f;
  }
  return out;
};

/**
 * Lowers `dist` (size × size, pixel centres at integer + ½) to the distance to each segment of a
 * polyline, visiting only the pixels within `reach` of the segment's bounding box.
 */
export const strokeDistance = (dist: Float32Array, size: number, pts: Float64Array, reach: number): void => {
  for (let i = 0; i + 3 < pts.length; i += 2) {
    const [x0, y0, x1, y1] = [pts[i]!, pts[i + 1]!, pts[i + 2]!, pts[i + 3]!];
    const dx = x1 - x0;
    const dy = y1 - y0;
    const len2 = dx * dx + dy * dy;
    const c0 = Math.max(0, Math.floor(Math.min(x0, x1) - reach));
    const c1 = Math.min(size - 1, Math.ceil(Math.max(x0, x1) + reach));
    const r0 = Math.max(0, Math.floor(Math.min(y0, y1) - reach));
    const r1 = Math.min(size - 1, Math.ceil(Math.max(y0, y1) + reach));
    for (let r = r0; r <= r1; r++) {
      const py = r + 0.5 - y0;
      for (let c = c0; c <= c1; c++) {
        const px = c + 0.5 - x0;
        const t = len2 > 0 ? Math.min(1, Math.max(0, (px * dx + py * dy) / len2)) : 0;
        const ex = px - t * dx;
        const ey = py - t * dy;
        const d = Math.sqrt(ex * ex + ey * ey);
        const k = r * size + c;
        if (d < dist[k]!) dist[k] = d;
      }
    }
  }
};

/**
 * Ink of a stroke of half-width `radius` from the distance field: coverage of a pixel by a box
 * filter, approximated by the linear ramp clamp((radius + ½·soft − d) / soft), 1 inside, 0 outside,
 * times the ink `level`.
 */
export const inkFromDistance = (dist: Float32Array, radius: number, soft: number, level: number, out: Float32Array): void => {
  for (let k = 0; k < dist.length; k++) out[k] = level * Math.min(1, Math.max(0, (radius + 0.5 * soft - dist[k]!) / soft));
};

/**
 * Fills a closed polygon [x0, y0, ...] (pixel units) with anti-aliased edges, max-combined into
 * `out` times `level`: the inside (even–odd rule) comes from scanline crossings at pixel centres,
 * and pixels within reach of an edge get the ramp of `inkFromDistance` on the signed distance to
 * the outline. `dist` is scratch space of size × size.
 */
export const fillPolygon = (out: Float32Array, size: number, poly: Float64Array, level: number, dist: Float32Array, soft = 1): void => {
  dist.fill(Number.POSITIVE_INFINITY);
  const closed = new Float64Array(poly.length + 2);
  closed.set(poly);
  closed[poly.length] = poly[0]!;
  closed[poly.length + 1] = poly[1]!;
  strokeDistance(dist, size, closed, soft + 1);
  const crossings: number[] = [];
  for (let r = 0; r < size; r++) {
    const y = r + 0.5;
    crossings.length = 0;
    for (let i = 0, j = poly.length - 2; i < poly.length; j = i, i += 2) {
      const [xi, yi, xj, yj] = [poly[i]!, poly[i + 1]!, poly[j]!, poly[j + 1]!];
      if (yi > y !== yj > y) crossings.push(xi + ((y - yi) * (xj - xi)) / (yj - yi));
    }
    crossings.sort((a, b) => a - b);
    let span = 0;
    for (let c = 0; c < size; c++) {
      const x = c + 0.5;
      while (span < crossings.length && crossings[span]! <= x) span++;
      const inside = span % 2 === 1;
      const k = r * size + c;
      const d = dist[k]!;
      const v = level * (inside ? Math.min(1, (0.5 * soft + d) / soft) : Math.max(0, (0.5 * soft - d) / soft));
      if (v > out[k]!) out[k] = v;
    }
  }
};
