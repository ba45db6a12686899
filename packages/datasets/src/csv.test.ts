import { fc, test } from '@fast-check/vitest';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsv, readCsv, type CsvSchema } from './csv.js';
import { tempFolder, unwrap } from './test-files.js';

const files = tempFolder();
afterAll(files.remove);

const table = ['a,b,label,y', '1,2,0,0.5', '3,4.5,2,-1e-3', '', '5,6,1,7'].join('\n');
const message = (r: E.Either<{ message: string }, unknown>) => (E.isLeft(r) ? r.left.message : 'no error');

describe('CSV', () => {
  it('picks input and target columns by name, with a classification task', async () => {
    const path = files.write(table, 'table.csv');
    const ds = unwrap(await readCsv(path, { inputs: ['a', 'b'], targets: ['label', 'y'], classification: ['label'] }));
    expect(ds.size).toBe(3);
    expect(ds.inputShape).toEqual([2]);
    expect(Array.from(ds.inputs)).toEqual([1, 2, 3, 4.5, 5, 6]);
    expect(ds.targets[0]).toEqual({ _tag: 'Labels', name: 'label', values: Int32Array.of(0, 2, 1), classes: 3 });
    expect(ds.targets[1]!._tag).toBe('Values');
    expect(Array.from(ds.targets[1]!.values)).toEqual([0.5, Math.fround(-1e-3), 7]);
  });

  it('picks columns by index, "rest" for the inputs, tab-separated and gzip files', async () => {
    const tsv = files.write(table.replaceAll(',', '\t'), 'table.tsv', true);
    const ds = unwrap(await readCsv(tsv, { inputs: 'rest', targets: [3], header: true }));
    expect(ds.inputShape).toEqual([3]);
    expect(Array.from(ds.inputs.slice(0, 3))).toEqual([1, 2, 0]);
    expect(ds.targets.map((t) => t.name)).toEqual(['y']);
    const noHeader = parseCsv('1;2;3\n4;5;6\n', { inputs: [0, 2], targets: [1], delimiter: ';' }, 'x');
    expect(Array.from(unwrap(noHeader).inputs)).toEqual([1, 3, 4, 6]);
    const spaces = parseCsv('1  2 3\n 4 5   6\n', { inputs: [0], targets: [2], delimiter: ' ' }, 'x');
    expect(Array.from(unwrap(spaces).targets[0]!.values)).toEqual([3, 6]);
    const quoted = parseCsv('"x, first",y\n"1",2\n', { inputs: ['x, first'], targets: ['y'] }, 'q.csv');
    expect(Array.from(unwrap(quoted).inputs)).toEqual([1]);
  });

  it('names the file, the line, the column and what was expected', () => {
    const schema: CsvSchema = { inputs: ['a', 'b'], targets: ['y'] };
    expect(message(parseCsv('a,b,y\n1,2,3\n1,x,3\n', schema, 'bad.csv'))).toBe('bad.csv: line 3, column "b" (index 1): expected a number, got "x".');
    expect(message(parseCsv('a,b,y\n1,,3\n', schema, 'bad.csv'))).toBe('bad.csv: line 2, column "b" (index 1): expected a number, got an empty cell.');
    expect(message(parseCsv('a,b,y\n1,2\n', schema, 'bad.csv'))).toBe('bad.csv: line 2 has 2 fields; expected 3 (as in the header).');
    expect(message(parseCsv('a,b,y\n1,2,3\n', { inputs: ['a', 'c'], targets: ['y'] }, 'bad.csv'))).toMatch(/^bad\.csv: line 1 \(header\) has no column named "c" \(input\); the columns are "a", "b", "y"\.$/);
    expect(message(parseCsv('a,b,y\n1,2,1.5\n', { ...schema, classification: ['y'] }, 'bad.csv'))).toMatch(/line 2, column "y" \(index 2\): expected a class label \(an integer ≥ 0\), got 1\.5/);
    expect(message(parseCsv('a,b,y\n1,2,1e400\n', schema, 'bad.csv'))).toMatch(/outside the float32 range/);
    expect(message(parseCsv('a,b,y\n', schema, 'bad.csv'))).toMatch(/no data rows after the header line/);
    expect(message(parseCsv('1,2,3\n', { inputs: [0], targets: [7] }, 'bad.csv'))).toMatch(/target column index 7 is out of range; the table has 3 columns/);
    expect(message(parseCsv('a,b,y\n1,2,3\n', { inputs: ['a', 'y'], targets: ['y'] }, 'bad.csv'))).toMatch(/column 2 is both an input and a target/);
    expect(message(parseCsv('1,2\n', { inputs: ['a'], targets: [1], header: false }, 'bad.csv'))).toMatch(/columns are given by name but the schema says header: false/);
  });

  it('rejects a malformed schema (e.g. from a JSON config) by field', async () => {
    const path = files.write(table, 'schema.csv');
    const r = await readCsv(path, { inputs: [1.5], targets: 'y' } as unknown as CsvSchema);
    expect(E.isLeft(r) && r.left._tag).toBe('InvalidConfig');
    expect(message(r)).toMatch(/CSV schema for .*schema\.csv/);
    const missing = await readCsv(`${files.dir}/absent.csv`, { inputs: [0], targets: [1] });
    expect(message(missing)).toMatch(/absent\.csv: no such file/);
  });

  const matrix = fc.integer({ min: 1, max: 6 }).chain((cols) =>
    fc.array(fc.array(fc.float({ noNaN: true, noDefaultInfinity: true, min: Math.fround(-1e30), max: Math.fround(1e30) }), { minLength: cols + 1, maxLength: cols + 1 }), { minLength: 1, maxLength: 12 }),
  );

  test.prop([matrix, fc.constantFrom(',', '\t', ';')], { seed: 42, numRuns: 100 })('round trip: numbers written as text are read back exactly (float32)', (rows, delimiter) => {
    const text = rows.map((r) => r.map((v) => (Object.is(v, -0) ? '-0' : String(v))).join(delimiter)).join('\n');
    const width = rows[0]!.length;
    const ds = unwrap(parseCsv(text, { inputs: 'rest', targets: [width - 1], delimiter }, 'r.csv'));
    expect(Array.from(ds.inputs)).toEqual(rows.flatMap((r) => r.slice(0, -1).map((v) => Math.fround(v))));
    expect(Array.from(ds.targets[0]!.values)).toEqual(rows.map((r) => Math.fround(r[width - 1]!)));
  });

  test.prop([matrix, fc.nat(), fc.constantFrom('x', '', '1.2.3', 'NaN', '--1', '0x10')], { seed: 42, numRuns: 100 })(
    'a non-numeric cell anywhere in a selected column is rejected with its line',
    (rows, at, junk) => {
      const width = rows[0]!.length;
      const cells = rows.map((r) => r.map((v) => String(v)));
      const [i, j] = [at % rows.length, Math.floor(at / rows.length) % width];
      cells[i]![j] = junk;
      const r = parseCsv(cells.map((c) => c.join(',')).join('\n'), { inputs: 'rest', targets: [width - 1] }, 'f.csv');
      if (rows.length === 1 && width === 1 && junk === '') return; // the only line became blank
      expect(message(r)).toMatch(new RegExp(`^f\\.csv: line ${i + 1}, column ${j}: expected a number`));
    },
  );
});
