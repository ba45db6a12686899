import type { EpochRecord, TrainCallbacks } from './train.js';

interface Stream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

const fmt = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '-' : Math.abs(v) >= 100 || Math.abs(v) < 1e-3 ? v.toExponential(2) : v.toFixed(4));

const summary = (r: EpochRecord): string => {
  const train = r.train.map((l, t) => `L${t}=${fmt(l)}`).join(' ');
  const val = r.validation?.map((m, t) => Object.entries(m).map(([k, v]) => `${k}${t}=${fmt(v)}`).join(' ')).join(' ');
  return `${train}${val ? ` | val ${val}` : ''} (${r.seconds.toFixed(1)} s)`;
};

/**
 * Progress callbacks: a bar redrawn in place on a terminal, one plain line per epoch otherwise
 * (logs, CI). `label` prefixes every line (e.g. the method and seed of a run).
 */
export const progressReporter = (stream: Stream, label = ''): TrainCallbacks => {
  const prefix = label === '' ? '' : `${label} `;
  if (!stream.isTTY) return { onEpoch: (r) => void stream.write(`${prefix}epoch ${r.epoch + 1}/${r.epochs} ${summary(r)}\n`) };
  const width = 24;
  return {
    onBatch: ({ epoch, epochs, batch, batches, losses }) => {
      const done = batches > 0 ? Math.round((width * (batch + 1)) / batches) : 0;
      const bar = `${'█'.repeat(done)}${'░'.repeat(width - done)}`;
      stream.write(`\r${prefix}epoch ${epoch + 1}/${epochs} ${bar} ${batch + 1}/${batches} ${Array.from(losses, (l, t) => `L${t}=${fmt(l)}`).join(' ')}\x1b[K`);
    },
    onEpoch: (r) => void stream.write(`\r${prefix}epoch ${r.epoch + 1}/${r.epochs} ${summary(r)}\x1b[K\n`),
  };
};
