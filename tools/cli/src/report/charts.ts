import { colour, defaultFrame, escapeXml, fmtTick, niceTicks, scale, type Frame } from './svg.js';

export interface Series {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
  /** Palette index, so that a method keeps its colour across charts (default: its position). */
  readonly colour?: number;
}

const colourOf = (s: { readonly colour?: number }, i: number) => colour(s.colour ?? i);

interface Axes {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
}

const finite = (v: number) => Number.isFinite(v);

/** Frame, axes, ticks and labels; returns the SVG parts and the two scales. */
const axes = (a: Axes, xs: readonly number[], ys: readonly number[], frame: Frame, yFrom?: readonly [number, number]) => {
  const xt = niceTicks(Math.min(...xs), Math.max(...xs));
  const yt = yFrom ? niceTicks(yFrom[0], yFrom[1]) : niceTicks(Math.min(...ys), Math.max(...ys));
  const { width: W, height: H, left: L, right: R, top: T, bottom: B } = frame;
  const x = scale(xt[0]!, xt[xt.length - 1]!, L, W - R);
  const y = scale(yt[0]!, yt[yt.length - 1]!, H - B, T);
  const grid = [
    ...yt.map((v) => `<line class="grid" x1="${L}" x2="${W - R}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}"/><text class="tick" x="${L - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${fmtTick(v)}</text>`),
    ...xt.map((v) => `<text class="tick" x="${x(v).toFixed(1)}" y="${H - B + 16}" text-anchor="middle">${fmtTick(v)}</text>`),
    `<line class="axis" x1="${L}" x2="${W - R}" y1="${H - B}" y2="${H - B}"/><line class="axis" x1="${L}" x2="${L}" y1="${T}" y2="${H - B}"/>`,
    `<text class="title" x="${W / 2}" y="${T - 12}" text-anchor="middle">${escapeXml(a.title)}</text>`,
    `<text class="label" x="${(L + W - R) / 2}" y="${H - 6}" text-anchor="middle">${escapeXml(a.xLabel)}</text>`,
    `<text class="label" transform="translate(14 ${(T + H - B) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(a.yLabel)}</text>`,
  ];
  return { grid: grid.join(''), x, y };
};

/** A vertical legend in the right margin of the frame. */
const legend = (series: readonly { readonly name: string; readonly colour?: number }[], frame: Frame) =>
  `<g class="legend">${series
    .map((s, i) => `<g transform="translate(${frame.width - frame.right + 10} ${frame.top + i * 15})"><rect width="10" height="10" fill="${colourOf(s, i)}"/><text x="14" y="9">${escapeXml(s.name)}</text></g>`)
    .join('')}</g>`;

/** Charts with a legend get a right margin wide enough for it. */
const withLegend = (frame: Frame): Frame => ({ ...frame, width: frame.width + 110, right: frame.right + 110 });

const svg = (frame: Frame, kind: string, body: string) =>
  `<svg class="chart ${kind}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${frame.width} ${frame.height}" width="${frame.width}" height="${frame.height}" role="img">${body}</svg>`;

const empty = (title: string, frame: Frame) => svg(frame, 'empty', `<text class="title" x="${frame.width / 2}" y="${frame.height / 2}" text-anchor="middle">${escapeXml(title)}: no data</text>`);

/** One line per series (training curves, conflict over epochs). */
export const lineChart = (a: Axes & { readonly series: readonly Series[] }, base: Frame = defaultFrame): string => {
  const frame = withLegend(base);
  const pts = a.series.flatMap((s) => s.points.filter(([x, y]) => finite(x) && finite(y)));
  if (pts.length === 0) return empty(a.title, frame);
  const { grid, x, y } = axes(a, pts.map((p) => p[0]), pts.map((p) => p[1]), frame);
  const lines = a.series.map((s, i) => {
    const ok = s.points.filter(([px, py]) => finite(px) && finite(py));
    const d = ok.map(([px, py], k) => `${k === 0 ? 'M' : 'L'}${x(px).toFixed(1)} ${y(py).toFixed(1)}`).join('');
    const dots = ok.map(([px, py]) => `<circle cx="${x(px).toFixed(1)}" cy="${y(py).toFixed(1)}" r="2.2" fill="${colourOf(s, i)}"/>`).join('');
    return `<g class="series"><path d="${d}" fill="none" stroke="${colourOf(s, i)}" stroke-width="1.8"/>${dots}</g>`;
  });
  return svg(frame, 'line', grid + lines.join('') + legend(a.series, frame));
};

/** Bars around zero with their values printed (Δm% per method). */
export const barChart = (a: Axes & { readonly bars: readonly { readonly label: string; readonly value: number; readonly colour?: number }[] }, frame: Frame = defaultFrame): string => {
  const bars = a.bars.filter((b) => finite(b.value));
  if (bars.length === 0) return empty(a.title, frame);
  const vals = bars.map((b) => b.value);
  const { grid, y } = axes({ ...a, xLabel: a.xLabel }, [0, 1], [], { ...frame, bottom: frame.bottom + 28 }, [Math.min(0, ...vals), Math.max(0, ...vals)]);
  const f = { ...frame, bottom: frame.bottom + 28 };
  const slot = (f.width - f.left - f.right) / bars.length;
  const body = bars.map((b, i) => {
    const x0 = f.left + i * slot + slot * 0.15;
    const top = Math.min(y(0), y(b.value));
    const h = Math.max(1, Math.abs(y(b.value) - y(0)));
    const cx = x0 + slot * 0.35;
    return `<g class="series"><rect x="${x0.toFixed(1)}" y="${top.toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${h.toFixed(1)}" fill="${colourOf(b, i)}"><title>${escapeXml(`${b.label}: ${b.value.toFixed(2)}`)}</title></rect><text class="value" x="${cx.toFixed(1)}" y="${(top - 3).toFixed(1)}" text-anchor="middle">${b.value.toFixed(2)}</text><text class="tick" transform="translate(${cx.toFixed(1)} ${f.height - f.bottom + 10}) rotate(35)">${escapeXml(b.label)}</text></g>`;
  });
  return svg(f, 'bar', grid.replace(/<text class="tick" x="[^"]*" y="[^"]*" text-anchor="middle">[^<]*<\/text>/g, '') + `<line class="zero" x1="${f.left}" x2="${f.width - f.right}" y1="${y(0).toFixed(1)}" y2="${y(0).toFixed(1)}"/>` + body.join(''));
};

export interface ReliabilityBin {
  readonly lower: number;
  readonly upper: number;
  readonly confidence: number;
  readonly accuracy: number;
  readonly count: number;
}

/** A reliability diagram: per confidence bin, the accuracy (bar) against the diagonal of perfect calibration. */
export const reliabilityDiagram = (a: { readonly title: string; readonly bins: readonly ReliabilityBin[] }, frame: Frame = defaultFrame): string => {
  const used = a.bins.filter((b) => b.count > 0);
  if (used.length === 0) return empty(a.title, frame);
  const { grid, x, y } = axes({ title: a.title, xLabel: 'confidence', yLabel: 'accuracy' }, [0, 1], [0, 1], frame, [0, 1]);
  const bars = used.map((b) => {
    const x0 = x(b.lower);
    const w = Math.max(1, x(b.upper) - x0 - 1);
    return `<g class="series"><rect x="${x0.toFixed(1)}" y="${y(b.accuracy).toFixed(1)}" width="${w.toFixed(1)}" height="${(y(0) - y(b.accuracy)).toFixed(1)}" fill="${colour(0)}" fill-opacity="0.75"><title>${escapeXml(`conf ${b.confidence.toFixed(3)}, acc ${b.accuracy.toFixed(3)}, n = ${b.count}`)}</title></rect><rect x="${x0.toFixed(1)}" y="${y(Math.max(b.accuracy, b.confidence)).toFixed(1)}" width="${w.toFixed(1)}" height="${Math.abs(y(b.accuracy) - y(b.confidence)).toFixed(1)}" fill="${colour(1)}" fill-opacity="0.35"/></g>`;
  });
  const diagonal = `<path class="diagonal" d="M${x(0)} ${y(0)}L${x(1)} ${y(1)}" stroke="#555" stroke-dasharray="4 3" fill="none"/>`;
  return svg(frame, 'reliability', grid + bars.join('') + diagonal);
};

/** Points per series, with optional reference curves drawn as lines (particles against a Pareto front). */
export const scatterChart = (a: Axes & { readonly series: readonly Series[]; readonly reference?: readonly Series[] }, base: Frame = defaultFrame): string => {
  const frame = withLegend(base);
  const ref = a.reference ?? [];
  const pts = [...a.series, ...ref].flatMap((s) => s.points.filter(([px, py]) => finite(px) && finite(py)));
  if (pts.length === 0) return empty(a.title, frame);
  const { grid, x, y } = axes(a, pts.map((p) => p[0]), pts.map((p) => p[1]), frame);
  const refs = ref.map((s) => `<path class="reference" d="${s.points.map(([px, py], k) => `${k === 0 ? 'M' : 'L'}${x(px).toFixed(1)} ${y(py).toFixed(1)}`).join('')}" fill="none" stroke="#888" stroke-width="1.5"/>`);
  const dots = a.series.map(
    (s, i) => `<g class="series">${s.points.filter(([px, py]) => finite(px) && finite(py)).map(([px, py]) => `<circle cx="${x(px).toFixed(1)}" cy="${y(py).toFixed(1)}" r="3" fill="${colourOf(s, i)}" fill-opacity="0.8"/>`).join('')}</g>`,
  );
  return svg(frame, 'scatter', grid + refs.join('') + dots.join('') + legend(a.series, frame));
};
