import type { Experiment, RunResult } from '../run-result.js';
import { summarise } from '../summary.js';
import { barChart, lineChart, reliabilityDiagram, scatterChart, type Series } from './charts.js';
import { escapeXml } from './svg.js';

const small = { width: 300, height: 220, left: 44, right: 10, top: 28, bottom: 38 };

const methodsOf = (runs: readonly RunResult[]) => [...new Set(runs.map((r) => r.method))];
/** Each method keeps one colour in every chart. */
const colourIndex = (e: Experiment, method: string) => methodsOf(e.runs).indexOf(method);
const firstSeed = (runs: readonly RunResult[], method: string) => runs.find((r) => r.method === method)!;

const curves = (e: Experiment): string =>
  e.tasks
    .map((task, t) => {
      const metric = e.primary[t]!.metric;
      const series: Series[] = methodsOf(e.runs).map((m) => ({
        name: m,
        colour: colourIndex(e, m),
        points: firstSeed(e.runs, m).history.flatMap((h) => (h.validation?.[t]?.[metric] !== undefined ? [[h.epoch + 1, h.validation[t]![metric]!] as const] : [])),
      }));
      return lineChart({ title: `${task}: validation ${metric}`, xLabel: 'epoch', yLabel: metric, series });
    })
    .join('');

/** Gradient conflict over training (first seed of each method): share of steps with a conflicting pair, and the mean cosine. */
const conflict = (e: Experiment): string => {
  const traced = methodsOf(e.runs).filter((m) => (firstSeed(e.runs, m).conflict ?? []).length > 0);
  if (traced.length === 0) return '';
  const series = (pick: (p: { share: number; cosine: number }) => number): Series[] =>
    traced.map((m) => ({ name: m, colour: colourIndex(e, m), points: firstSeed(e.runs, m).conflict!.map((p) => [p.x, pick(p)] as const) }));
  return (
    lineChart({ title: 'share of steps with conflicting task gradients', xLabel: 'epoch', yLabel: 'share of steps', series: series((p) => p.share) }) +
    lineChart({ title: 'mean cosine between task gradients', xLabel: 'epoch', yLabel: 'cosine', series: series((p) => p.cosine) })
  );
};

/** The task weights each method used (mean per epoch, normalised to sum 1): one chart per task (the first only, for two tasks). */
const weightCharts = (e: Experiment): string => {
  const weighted = methodsOf(e.runs).filter((m) => firstSeed(e.runs, m).history.some((h) => (h.weights ?? null) !== null));
  if (weighted.length === 0) return '';
  const shown = e.tasks.length === 2 ? e.tasks.slice(0, 1) : e.tasks;
  return shown
    .map((task) => {
      const t = e.tasks.indexOf(task);
      const series: Series[] = weighted.map((m) => ({
        name: m,
        colour: colourIndex(e, m),
        points: firstSeed(e.runs, m).history.flatMap((h) => {
          const w = h.weights ?? null;
          const total = w === null ? 0 : w.reduce((a, b) => a + b, 0);
          return w === null || !(total > 0) ? [] : [[h.epoch + 1, w[t]! / total] as const];
        }),
      }));
      return lineChart({ title: `share of the weight on ${task}`, xLabel: 'epoch', yLabel: 'wᵢ / Σ w', series });
    })
    .join('');
};

/** Hypervolume of the particles after each epoch (multi-objective datasets). */
const hypervolumeCurves = (e: Experiment): string => {
  const series: Series[] = methodsOf(e.runs).map((m) => ({
    name: m,
    colour: colourIndex(e, m),
    points: firstSeed(e.runs, m).history.flatMap((h) => {
      const hv = h.validation?.[0]?.['hypervolume'];
      return hv === undefined ? [] : [[h.epoch + 1, hv] as const];
    }),
  }));
  return series.some((s) => s.points.length > 0) ? lineChart({ title: 'hypervolume of the particles', xLabel: 'epoch', yLabel: 'hypervolume', series }) : '';
};

const deltaChart = (e: Experiment): string => {
  const rows = summarise(e).filter((r) => r.deltaM !== null);
  if (rows.length === 0) return '';
  return barChart({ title: 'Δm% against LS (higher is better)', xLabel: 'method', yLabel: 'Δm %', bars: rows.map((r) => ({ label: r.method, value: r.deltaM!.mean, colour: colourIndex(e, r.method) })) });
};

const reliability = (e: Experiment): string =>
  methodsOf(e.runs)
    .flatMap((m) => {
      const r = firstSeed(e.runs, m);
      return Object.entries(r.reliability ?? {}).map(([task, bins]) => reliabilityDiagram({ title: `${m} · ${task}`, bins }, small));
    })
    .join('');

const particles = (e: Experiment): string =>
  methodsOf(e.runs)
    .flatMap((m) => {
      const r = firstSeed(e.runs, m);
      if (r.particles === undefined) return [];
      const reference = (e.front ?? []).map((seg, i) => ({ name: `front ${i + 1}`, points: seg }));
      return [scatterChart({ title: `${m}: particles against the Pareto front`, xLabel: 'f₁', yLabel: 'f₂', series: [{ name: m, colour: colourIndex(e, m), points: r.particles.map((p) => [p[0]!, p[1]!] as const) }], reference })];
    })
    .join('');

const table = (e: Experiment): string => {
  const rows = summarise(e);
  const metricCols = e.tasks.flatMap((task) => [...new Set(rows.flatMap((r) => Object.keys(r.metrics[task] ?? {})))].map((metric) => [task, metric] as const));
  const head = `<tr><th>method</th>${metricCols.map(([t, m]) => `<th>${escapeXml(t)}<br>${escapeXml(m)}</th>`).join('')}<th>Δm%</th>${rows.some((r) => r.hypervolume) ? '<th>hypervolume</th>' : ''}<th>wall s</th></tr>`;
  const cell = (s: { mean: number; std: number } | null | undefined, digits = 4) => (s == null ? '–' : `${s.mean.toFixed(digits)}${s.std > 0 ? ` ± ${s.std.toFixed(digits)}` : ''}`);
  const body = rows
    .map(
      (r) =>
        `<tr><td>${escapeXml(r.method)}</td>${metricCols.map(([t, m]) => `<td>${cell(r.metrics[t]?.[m])}</td>`).join('')}<td>${cell(r.deltaM, 2)}</td>${rows.some((x) => x.hypervolume) ? `<td>${cell(r.hypervolume)}</td>` : ''}<td>${cell(r.wallSeconds, 1)}</td></tr>`,
    )
    .join('');
  return `<table><thead>${head}</thead><tbody>${body}</tbody></table>`;
};

const css = `body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1200px;color:#222;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
.meta{color:#666;margin:.2rem 0}.note{color:#555;max-width:900px}.charts{display:flex;flex-wrap:wrap;gap:12px}table{border-collapse:collapse;font-variant-numeric:tabular-nums}
td,th{padding:4px 10px;border-bottom:1px solid #eee;text-align:right}td:first-child,th:first-child{text-align:left}
svg text{font-size:11px;fill:#333}svg .title{font-size:12px;font-weight:600}svg .grid{stroke:#eee}svg .axis,svg .zero{stroke:#888}svg .value{font-size:10px}`;

/** The self-contained report: inline SVG charts and CSS, no script, no network. */
export const renderReport = (e: Experiment): string => {
  const sections = [
    ['Results on the test split', table(e)],
    ['Training curves', `<div class="charts">${curves(e)}${hypervolumeCurves(e)}</div>`],
    ['Δm% against linear scalarisation', `<div class="charts">${deltaChart(e)}</div>`, 'Δm% = the mean over tasks of the relative change of the primary test metric against LS (mean) of the same seed (LibMTL\'s convention; positive is better), averaged over seeds.'],
    ['Reliability diagrams (test split)', `<div class="charts">${reliability(e)}</div>`, 'Accuracy per confidence bin (10 bins) against the diagonal of perfect calibration; the lighter bar is the gap to the bin\'s mean confidence. First seed of each method.'],
    ['Task weights over training', `<div class="charts">${weightCharts(e)}</div>`, 'The weights each method gave the tasks, mean over each epoch\'s steps and normalised to sum 1: aggregation weights (MGDA, CAGrad, IMTL-G...), loss weights (gradient blending...), MT-SGD\'s weights of the task Stein directions. Methods without weights (PCGrad) are not shown.'],
    ['Gradient conflict over training', `<div class="charts">${conflict(e)}</div>`, 'Per quarter epoch: the share of steps where two task gradients have a negative inner product (PCGrad\'s conflict; seed 003, Fig. 11) and their mean cosine, on the training batches. Aggregators and SAM-MTL measure it at every step; loss weightings every 5 steps at the same parameters; ensembles are not shown.'],
    ['Particles in objective space', `<div class="charts">${particles(e)}</div>`],
  ].filter(([, html]) => !/^<div class="charts"><\/div>$/.test(html!));
  const totals = e.totals === undefined ? '' : `; ${e.runs.length} runs on ${e.totals.workers} ${e.totals.workers === 1 ? 'process' : 'worker processes'} in ${e.totals.wallSeconds.toFixed(1)} s (${e.totals.cpuSeconds.toFixed(1)} s CPU)`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>mtlkit report: ${escapeXml(e.dataset)}</title><style>${css}</style></head><body>
<h1>mtlkit · ${escapeXml(e.dataset)}</h1><p class="meta">${escapeXml(e.description ?? '')}</p><p class="meta">${escapeXml(`${e.runs.length} runs, tasks ${e.tasks.join(', ')}, backend ${e.backend}, started ${e.startedAt}${totals}`)}</p>
${sections.map(([h, html, note]) => `<h2>${escapeXml(h!)}</h2>${note === undefined ? '' : `<p class="note">${escapeXml(note)}</p>`}${html}`).join('\n')}
</body></html>
`;
};
