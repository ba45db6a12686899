import { dataFormat, decode, emptyInput, invalidConfig, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import type { Dataset, Target } from './dataset.js';
import { readText } from './files.js';

const columnIndex = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 0, 'a column index (integer ≥ 0)');
/** A column, by its header name or its 0-based index. */
const ColumnRef = t.union([t.string, columnIndex], 'a column name or index');

/**
 * Which columns of a CSV/TSV table are inputs and which are targets (one task per target column).
 * - `inputs`: column names or 0-based indices, or `"rest"` for every column that is not a target.
 * - `targets`: one task per column, a float regression target unless listed in `classification`.
 * - `classification`: target columns holding class labels (integers ≥ 0; classes = max + 1).
 * - `delimiter`: `,` `\t` `;` or `" "` (runs of spaces); default: tab for `.tsv`/`.tab` files and
 *   for a first line that has tabs and no commas, else comma.
 * - `header`: whether the first line names the columns; default true if any column is given by name.
 */
export const CsvSchemaCodec = t.intersection(
  [
    t.type({ inputs: t.union([t.array(ColumnRef), t.literal('rest')]), targets: t.array(ColumnRef) }),
    t.partial({
      classification: t.array(ColumnRef),
      delimiter: t.keyof({ ',': null, '\t': null, ';': null, ' ': null }),
      header: t.boolean,
    }),
  ],
  'CsvSchema',
);
export type CsvSchema = t.TypeOf<typeof CsvSchemaCodec>;
type Ref = string | number;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Fields of one line: double-quoted fields may hold the delimiter and "" for a quote (RFC 4180, one line per record). */
const splitFields = (line: string, delimiter: string): string[] => {
  if (delimiter === ' ') return line.trim().split(/ +/);
  if (!line.includes('"')) return line.split(delimiter);
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
};

const sniffDelimiter = (source: string, firstLine: string): string =>
  /\.(tsv|tab)(\.gz)?$/i.test(source) || (firstLine.includes('\t') && !firstLine.includes(',')) ? '\t' : ',';

const showRef = (r: Ref) => (typeof r === 'string' ? `"${r}"` : `index ${r}`);

/**
 * Parses a CSV/TSV table of numbers into a `Dataset` (inputs: one float32 vector per row; one task
 * per target column). Only the selected columns must be numeric. Errors name the source, the line
 * (1-based, as an editor shows it), the column and what was expected; nothing is half-loaded.
 */
export const parseCsv = (text: string, schema: CsvSchema, source: string): E.Either<MtlError, Dataset> => {
  const lines = text.split(/\r?\n/);
  const rows: { line: number; fields: string[] }[] = [];
  const first = lines.find((l) => l.trim() !== '') ?? '';
  const delimiter = schema.delimiter ?? sniffDelimiter(source, first);
  for (let i = 0; i < lines.length; i++) if (lines[i]!.trim() !== '') rows.push({ line: i + 1, fields: splitFields(lines[i]!, delimiter) });
  const named = [...(schema.inputs === 'rest' ? [] : schema.inputs), ...schema.targets, ...(schema.classification ?? [])].some((r) => typeof r === 'string');
  const header = schema.header ?? named;
  if (!header && named) return E.left(invalidConfig(`${source}: columns are given by name but the schema says header: false; name them by index instead.`));
  const names = header ? (rows.shift()?.fields.map((f) => f.trim()) ?? []) : null;
  if (rows.length === 0) return E.left(emptyInput(`${source}: the table has no data rows${header ? ' after the header line' : ''}.`));
  const width = names?.length ?? rows[0]!.fields.length;
  const resolve = (r: Ref, role: string): E.Either<MtlError, number> => {
    if (typeof r === 'number') return r < width ? E.right(r) : E.left(dataFormat(`${source}: ${role} column index ${r} is out of range; the table has ${width} columns (0..${width - 1}).`));
    const hits = names!.flatMap((n, j) => (n === r ? [j] : []));
    if (hits.length === 0) return E.left(dataFormat(`${source}: line 1 (header) has no column named "${r}" (${role}); the columns are ${names!.map((n) => `"${n}"`).join(', ')}.`));
    if (hits.length > 1) return E.left(dataFormat(`${source}: line 1 (header) names ${hits.length} columns "${r}" (indices ${hits.join(', ')}); name the ${role} column by index.`));
    return E.right(hits[0]!);
  };
  const resolveAll = (refs: readonly Ref[], role: string) => E.traverseArray((r: Ref) => resolve(r, role))(refs);
  return pipe(
    E.Do,
    E.bind('targets', () => resolveAll(schema.targets, 'target')),
    E.bind('classes', () => resolveAll(schema.classification ?? [], 'classification')),
    E.bind('inputs', ({ targets }) =>
      schema.inputs === 'rest' ? E.right(Array.from({ length: width }, (_, j) => j).filter((j) => !targets.includes(j))) : resolveAll(schema.inputs, 'input'),
    ),
    E.chain((cols) => {
      if (cols.targets.length === 0) return E.left(emptyInput(`${source}: the schema selects no target column; a dataset needs at least one task.`));
      if (cols.inputs.length === 0) return E.left(emptyInput(`${source}: the schema selects no input column.`));
      const stray = cols.classes.find((c) => !cols.targets.includes(c));
      if (stray !== undefined) return E.left(invalidConfig(`${source}: classification column ${stray} is not one of the target columns.`));
      const overlap = cols.inputs.find((c) => cols.targets.includes(c));
      if (overlap !== undefined) return E.left(invalidConfig(`${source}: column ${overlap} is both an input and a target.`));
      return buildDataset(rows, width, cols.inputs, cols.targets, cols.classes, names, source);
    }),
  );
};

const buildDataset = (
  rows: readonly { line: number; fields: string[] }[],
  width: number,
  inputs: readonly number[],
  targets: readonly number[],
  classes: readonly number[],
  names: readonly string[] | null,
  source: string,
): E.Either<MtlError, Dataset> => {
  const n = rows.length;
  const x = new Float32Array(n * inputs.length);
  const ys = targets.map(() => new Float64Array(n));
  const colName = (j: number) => (names ? `column "${names[j]}" (index ${j})` : `column ${j}`);
  const cell = (row: { line: number; fields: string[] }, j: number): E.Either<MtlError, number> => {
    const raw = row.fields[j]!.trim();
    if (!NUMBER.test(raw)) return E.left(dataFormat(`${source}: line ${row.line}, ${colName(j)}: expected a number, got ${raw === '' ? 'an empty cell' : JSON.stringify(raw.slice(0, 40))}.`));
    const v = Number(raw);
    if (!Number.isFinite(Math.fround(v))) return E.left(dataFormat(`${source}: line ${row.line}, ${colName(j)}: ${raw} is outside the float32 range.`));
    return E.right(v);
  };
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    if (row.fields.length !== width) return E.left(dataFormat(`${source}: line ${row.line} has ${row.fields.length} fields; expected ${width}${names ? ' (as in the header)' : ' (as in the first line)'}.`));
    for (let k = 0; k < inputs.length; k++) {
      const v = cell(row, inputs[k]!);
      if (E.isLeft(v)) return v;
      x[i * inputs.length + k] = v.right;
    }
    for (let k = 0; k < targets.length; k++) {
      const j = targets[k]!;
      const v = cell(row, j);
      if (E.isLeft(v)) return v;
      if (classes.includes(j) && !(Number.isInteger(v.right) && v.right >= 0 && v.right < 2 ** 31))
        return E.left(dataFormat(`${source}: line ${row.line}, ${colName(j)}: expected a class label (an integer ≥ 0), got ${row.fields[j]!.trim()}.`));
      ys[k]![i] = v.right;
    }
  }
  const target = (j: number, k: number): Target => {
    const name = names ? names[j]! : `column ${j}`;
    if (classes.includes(j)) {
      const values = Int32Array.from(ys[k]!);
      return { _tag: 'Labels', name, values, classes: values.reduce((m, v) => Math.max(m, v), 0) + 1 };
    }
    return { _tag: 'Values', name, values: Float32Array.from(ys[k]!), width: 1 };
  };
  return E.right({ size: n, inputs: x, inputShape: [inputs.length], targets: targets.map(target) });
};

/**
 * Reads a CSV/TSV file (gzip accepted) into a `Dataset` with the columns chosen by `schema`
 * (validated with `CsvSchemaCodec`, so a schema read from a JSON config gets a message naming the
 * wrong field). See `parseCsv` for the format and the errors.
 */
export const readCsv = async (path: string, schema: CsvSchema): Promise<E.Either<MtlError, Dataset>> => {
  const s = decode(CsvSchemaCodec, `CSV schema for ${path}`)(schema);
  if (E.isLeft(s)) return s;
  return pipe(
    await readText(path),
    E.chain((text) => parseCsv(text, s.right, path)),
  );
};
