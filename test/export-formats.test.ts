import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { Decimal } from '../lib/number.js';
import { openSqlite } from '../src/harvest/sqlite.js';
import { FACT_COLUMNS } from '../schemas/facts.js';
import { Ajv } from 'ajv';
import { juesuan, run } from './helpers/cli.js';

/**
 * The rules of a Fiscal Data Package 0.3 descriptor as its specification states them (required name,
 * title, resources with a path and a table schema, a model of measures with source and an ISO 4217
 * currency, dimensions with attributes that have a source and a primary key, the closed vocabularies).
 * Written here from the specification's text: the published profile is not available offline.
 */
const FDP_03 = {
  type: 'object',
  required: ['name', 'title', 'resources', 'model'],
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9._-]+$' },
    title: { type: 'string' },
    countryCode: { type: 'string', pattern: '^[A-Z]{2}$' },
    granularity: { enum: ['aggregated', 'transactional'] },
    fiscalPeriod: { type: 'object', required: ['start'], properties: { start: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }, end: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } } },
    resources: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['name', 'path', 'schema'],
        properties: {
          name: { type: 'string', pattern: '^[a-z0-9._-]+$' },
          schema: {
            type: 'object',
            required: ['fields'],
            properties: { fields: { type: 'array', items: { type: 'object', required: ['name', 'type'], properties: { type: { enum: ['string', 'number', 'integer', 'boolean', 'date', 'year'] } } } } },
          },
        },
      },
    },
    model: {
      type: 'object',
      required: ['measures', 'dimensions'],
      properties: {
        measures: {
          type: 'object',
          minProperties: 1,
          additionalProperties: {
            type: 'object',
            required: ['source', 'currency'],
            properties: { currency: { type: 'string', pattern: '^[A-Z]{3}$' }, factor: { type: 'number' }, direction: { enum: ['expenditure', 'revenue'] }, phase: { enum: ['proposed', 'approved', 'adjusted', 'executed'] } },
          },
        },
        dimensions: {
          type: 'object',
          minProperties: 1,
          additionalProperties: {
            type: 'object',
            required: ['attributes', 'primaryKey'],
            properties: {
              attributes: { type: 'object', minProperties: 1, additionalProperties: { type: 'object', required: ['source'] } },
              primaryKey: { oneOf: [{ type: 'string' }, { type: 'array', minItems: 1, items: { type: 'string' } }] },
              dimensionType: { enum: ['datetime', 'entity', 'classification', 'activity', 'fact', 'location', 'other'] },
              classificationType: { enum: ['functional', 'administrative', 'economic'] },
            },
          },
        },
      },
    },
  },
};

/**
 * Every dataset format read back by a reader other than the writer (SQLite queries, SheetJS, DuckDB)
 * and compared, row count and exact value, with the NDJSON facts of the same records.
 */
const INPUTS = ['test/fixtures/text/hanyang-xinfang-2020.txt', 'test/fixtures/generated/hubei-2020-xiling-minzheng.pdf'];

type NdFact = Record<(typeof FACT_COLUMNS)[number], string | number | null>;
const key = (f: Record<string, unknown>) => ['doc_id', 'source_sha256', 'table_id', 'section', 'row_code', 'row_label', 'column_key', 'text'].map((c) => f[c]).join('|');
const same = (a: string | null, b: string | null) => (a === null || b === null ? a === b : new Decimal(a).equals(new Decimal(b)));

describe('export --format sqlite | xlsx | parquet | datapackage', () => {
  const work = mkdtempSync(join(tmpdir(), 'juesuan-datasets-'));
  const out = join(work, 'output');
  let facts: NdFact[];
  let duck: DuckDBConnection;
  const query = async (sql: string) => (await duck.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];

  beforeAll(async () => {
    expect((await juesuan(['extract', ...INPUTS, '--out', out, '--jobs', '1', '--quiet'])).code).toBe(0);
    const nd = join(work, 'facts.ndjson');
    expect((await juesuan(['export', '--in', out, '--format', 'ndjson', '--out', nd])).code).toBe(0);
    facts = readFileSync(nd, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    duck = await (await DuckDBInstance.create(':memory:')).connect();
  }, 240_000);

  it('sqlite: the seven tables with keys and indexes; facts equal the NDJSON ones, amounts exact text plus integer 分', async () => {
    const file = join(work, 'facts.sqlite');
    const r = await juesuan(['export', '--in', out, '--format', 'sqlite', '--out', file, '--json']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ command: 'export', ok: true, format: 'sqlite', records: 2, facts: facts.length });
    const db = openSqlite(file, { readonly: true });
    try {
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
      expect(tables).toEqual(['checks', 'documents', 'facts', 'narrative', 'performance', 'tables', 'warnings']);
      expect((db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'index' AND name = 'facts_table_id_row_code_column_key'").get() as { n: number }).n).toBe(1);
      const rows = db.prepare('SELECT * FROM facts').all() as Record<string, unknown>[];
      expect(rows).toHaveLength(facts.length);
      const byKey = new Map(rows.map((x) => [key(x), x]));
      for (const f of facts) {
        const got = byKey.get(key(f))!;
        expect(got.value).toBe(f.value); // the exact decimal text, as NDJSON has it
      }
      const basic = db.prepare("SELECT value, typeof(value) AS t, value_fen, unit FROM facts WHERE table_id = 't3' AND row_code = '2010301' AND column_key = 'basic' AND doc_id LIKE '武汉市汉阳区/%'").get();
      expect(basic).toMatchObject({ value: '284.57', t: 'text', unit: '万元' });
      expect(Number((basic as { value_fen: number | bigint }).value_fen)).toBe(284570000);
      // every check of every record, keyed by its place; the documents and their tables by record
      const checks = (db.prepare('SELECT count(*) AS n FROM checks').get() as { n: number }).n;
      const inRecords = readdirSync(out, { recursive: true, encoding: 'utf8' })
        .filter((p) => p.endsWith('.json'))
        .map((p) => JSON.parse(readFileSync(join(out, p), 'utf8')))
        .reduce((n, rec) => n + rec.checks.length + rec.performance.checks.length, 0);
      expect(checks).toBe(inRecords);
      expect((db.prepare("SELECT count(*) AS n FROM tables WHERE status = 'present'").get() as { n: number }).n).toBeGreaterThan(10);
      expect((db.prepare('SELECT count(*) AS n FROM facts f LEFT JOIN documents d USING (doc_id, source_sha256) WHERE d.doc_id IS NULL').get() as { n: number }).n).toBe(0);
    } finally {
      db.close();
    }
    // re-runnable: the same export again replaces the file whole, no temp files left beside it
    expect((await juesuan(['export', '--in', out, '--format', 'sqlite', '--out', file])).code).toBe(0);
    expect(readdirSync(work).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 120_000);

  it('xlsx: sheets facts, checks and documents; amounts are number cells with the printed text beside', async () => {
    const file = join(work, 'facts.xlsx');
    expect((await juesuan(['export', '--in', out, '--format', 'xlsx', '--out', file])).code).toBe(0);
    const wb = XLSX.read(readFileSync(file));
    expect(wb.SheetNames).toEqual(['facts', 'checks', 'documents']);
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets.facts, { defval: null });
    expect(rows).toHaveLength(facts.length);
    expect(Object.keys(rows[0])).toEqual([...FACT_COLUMNS, 'value_fen']);
    const byKey = new Map(rows.map((x) => [key(x), x]));
    for (const f of facts) {
      const got = byKey.get(key(f))!;
      expect(got.value).toBe(f.value === null ? null : Number(f.value));
    }
    const cell = Object.entries(wb.Sheets.facts).find(([, c]) => (c as XLSX.CellObject).v === 284.57)?.[1] as XLSX.CellObject;
    expect(cell.t).toBe('n');
    expect(XLSX.utils.sheet_to_json(wb.Sheets.documents)).toHaveLength(2);
  }, 120_000);

  it('parquet: typed columns, value a DECIMAL of the scale the data needs, read back exactly by DuckDB', async () => {
    const file = join(work, 'facts.parquet');
    expect((await juesuan(['export', '--in', out, '--format', 'parquet', '--out', file])).code).toBe(0);
    const types = Object.fromEntries((await query(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('${file}'))`)).map((r) => [r.column_name, r.column_type]));
    const scale = Math.max(...facts.map((f) => (typeof f.value === 'string' ? (f.value.split('.')[1] ?? '').length : 0)));
    expect(types).toMatchObject({ value: expect.stringMatching(new RegExp(`^DECIMAL\\(\\d+,${scale}\\)$`)), year: 'INTEGER', page: 'INTEGER', value_fen: 'BIGINT', row_code: 'VARCHAR' });
    const rows = await query(`SELECT *, value::VARCHAR AS v FROM read_parquet('${file}')`);
    expect(rows).toHaveLength(facts.length);
    const byKey = new Map(rows.map((x) => [key(x), x]));
    for (const f of facts) expect(same(byKey.get(key(f))!.v as string | null, f.value as string | null)).toBe(true);
    // the sum in DuckDB's decimal arithmetic is the exact sum of the NDJSON decimals
    const sum = facts.filter((f) => f.unit === '万元' && f.value !== null).reduce((s, f) => s.plus(f.value as string), new Decimal(0));
    const [{ total }] = await query(`SELECT sum(value)::VARCHAR AS total FROM read_parquet('${file}') WHERE unit = '万元'`);
    expect(new Decimal(total as string).equals(sum)).toBe(true);
  }, 120_000);

  it("the README's DuckDB example runs on the parquet export and gives the facts' exact values", async () => {
    const file = join(work, 'facts.parquet');
    const readme = readFileSync('README.md', 'utf8');
    const sql = [...readme.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]).find((s) => s.includes("read_parquet('facts.parquet')"))!;
    expect(sql).toBeDefined();
    const rows = await query(sql.replaceAll("'facts.parquet'", `'${file}'`));
    const expected = facts.filter((f) => f.table_id === 't3' && f.column_key === 'total' && f.row_code !== '');
    expect(rows).toHaveLength(expected.length);
    for (const r of rows) {
      const f = expected.find((e) => e.department === r.department && e.row_code === r.row_code)!;
      expect(same(r.value as string, f.value as string)).toBe(true);
    }
  }, 60_000);

  it('datapackage: a Fiscal Data Package whose fields match its CSVs, with the fiscal model mapped to real columns', async () => {
    const dir = join(work, 'package');
    expect((await juesuan(['export', '--in', out, '--format', 'datapackage', '--out', dir])).code).toBe(0);
    const dp = JSON.parse(readFileSync(join(dir, 'datapackage.json'), 'utf8'));
    expect(dp.profile).toBe('fiscal-data-package');
    const validate = new Ajv({ allErrors: true }).compile(FDP_03);
    expect(validate(dp) ? [] : validate.errors).toEqual([]);
    // a dimension's primary key must name its own attributes
    for (const d of Object.values(dp.model.dimensions) as { attributes: object; primaryKey: string | string[] }[]) {
      for (const k of [d.primaryKey].flat()) expect(Object.keys(d.attributes)).toContain(k);
    }
    expect(dp.resources.map((r: { name: string }) => r.name)).toEqual(['facts', 'checks']);
    for (const res of dp.resources) {
      const header = readFileSync(join(dir, res.path), 'utf8').split('\n')[0];
      expect(header).toBe(res.schema.fields.map((f: { name: string }) => f.name).join(','));
    }
    const fields = new Set(dp.resources[0].schema.fields.map((f: { name: string }) => f.name));
    const sources = [dp.model.measures.amount.source, ...Object.values(dp.model.dimensions).flatMap((d) => Object.values((d as { attributes: Record<string, { source: string }> }).attributes).map((a) => a.source))];
    for (const s of sources) expect(fields.has(s)).toBe(true);
    expect(dp.model.measures.amount).toMatchObject({ currency: 'CNY', factor: 1 });
    // read with the package's own field types: amounts in 元, exactly the facts' values converted
    const csv = join(dir, 'facts.csv');
    const rows = await query(`SELECT doc_id, source_sha256, table_id, section, row_code, row_label, column_key, text, amount::VARCHAR AS amount, phase, direction, functional_code, economic_code FROM read_csv('${csv}', header = true, all_varchar = true)`);
    expect(rows).toHaveLength(facts.length);
    const t3 = rows.find((r) => r.table_id === 't3' && r.row_code === '2010301' && r.column_key === 'basic' && String(r.doc_id).startsWith('武汉市汉阳区/'))!;
    expect(t3).toMatchObject({ amount: '2845700', phase: 'executed', direction: 'expenditure', functional_code: '2010301' });
    expect(rows.some((r) => r.table_id === 't6' && r.economic_code)).toBe(true);
    const checks = await query(`SELECT count(*)::INTEGER AS n FROM read_csv('${join(dir, 'checks.csv')}', header = true, all_varchar = true)`);
    expect(checks[0].n).toBeGreaterThan(100);
    // re-run over the existing folder: replaced whole
    writeFileSync(join(dir, 'stale.txt'), 'left from before');
    expect((await juesuan(['export', '--in', out, '--format', 'datapackage', '--out', dir])).code).toBe(0);
    expect(existsSync(join(dir, 'stale.txt'))).toBe(false);
  }, 120_000);

  it('exit codes: 2 for a usage error, with a message; --json on extract is one JSON object', async () => {
    const noOut = await juesuan(['export', '--in', out, '--format', 'sqlite']);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('--format sqlite needs --out');
    const badFormat = await juesuan(['export', '--in', out, '--format', 'dbf']);
    expect(badFormat.code).toBe(2);
    const x = await juesuan(['extract', INPUTS[0], join(work, 'missing.pdf'), '--out', join(work, 'again'), '--json', '--jobs', '1']);
    expect(x.code).toBe(1);
    const summary = JSON.parse(x.stdout);
    expect(summary).toMatchObject({ command: 'extract', ok: false, documents: 2, failed: 1 });
    expect(summary.results[0]).toMatchObject({ ok: true, status: 'written', docId: '武汉市汉阳区/信访局/2020.final' });
    expect(summary.results[1].error).toMatch(/missing\.pdf|ENOENT/);
  }, 120_000);

  it('`-` reads a document from standard input (named stdin) and writes an export to standard output', async () => {
    const dir = join(work, 'from-stdin');
    const { stdout } = await run('sh', ['-c', `node bin/juesuan.mjs extract - --out '${dir}' --jobs 1 --json < '${INPUTS[0]}'`]);
    expect(JSON.parse(stdout).results[0]).toMatchObject({ file: 'stdin', ok: true, docId: '武汉市汉阳区/信访局/2020.final' });
    const { stdout: parquet } = await run('sh', ['-c', `node bin/juesuan.mjs export --in '${dir}' --format parquet --out - > '${join(work, 'stdin.parquet')}'`]);
    expect(parquet).toBe('');
    const [{ n }] = await query(`SELECT count(*)::INTEGER AS n FROM read_parquet('${join(work, 'stdin.parquet')}')`);
    expect(n).toBe(facts.filter((f) => String(f.doc_id).startsWith('武汉市汉阳区/')).length);
  }, 120_000);
});
