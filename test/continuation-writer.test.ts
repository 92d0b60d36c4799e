import { readFileSync } from 'node:fs';
import { GroundTruthSchema, type GroundTruth } from '../schemas/facts.js';
import type { DocumentRecord } from '../schemas/record.js';
import { extractDocument } from '../src/pipeline/index.js';
import { recordFacts } from '../src/export/facts.js';
import { compareFacts } from '../src/evaluate/accuracy.js';
import { nfkc } from '../lib/text.js';

/**
 * A long 支出决算表 continued over pages by LibreOffice Writer (an independent producer), in the ways
 * real documents continue tables (test/fixtures/continuation/README.md). Every row must be read
 * exactly once, with its code, label and every value, and the table's identities must hold.
 */
const DIR = 'test/fixtures/continuation';
const FIXTURES: { name: string; pages: number[]; layout: string }[] = [
  { name: 'writer-thead-repeat', pages: [2, 3], layout: 'header rows repeated by Writer (<thead>)' },
  { name: 'writer-unruled-thead-repeat', pages: [2, 3], layout: 'unruled; the continuation page shows only the columns that have values' },
  { name: 'writer-title-reprinted', pages: [2, 3, 4], layout: 'title, 部门 line and header typed again on every page, each table sized to its content' },
  { name: 'writer-unruled-title-continued', pages: [2, 3, 4], layout: 'unruled; title printed again with （续）, header on every page, every column holding amounts' },
  { name: 'writer-split-codes', pages: [2, 3, 4], layout: '类/款/项 in three columns on the first page, one 科目编码 column and no header after' },
  { name: 'writer-two-units', pages: [2, 3, 4], layout: 'a second unit\'s table with the same title follows' },
];

describe.each(FIXTURES)('$name ($layout)', ({ name, pages }) => {
  let record: DocumentRecord;
  let truth: GroundTruth;

  beforeAll(async () => {
    truth = GroundTruthSchema.parse(JSON.parse(readFileSync(`${DIR}/${name}.truth.json`, 'utf8')));
    record = await extractDocument({ bytes: new Uint8Array(readFileSync(`${DIR}/${name}.pdf`)), fileName: `${name}.pdf` }, { ocr: 'never' });
  });

  it('joins the table over all its pages', () => {
    expect(record.tables.t3.status).toBe('present');
    expect(record.tables.t3.pages).toEqual(pages);
    expect(record.warnings.filter((w) => /^continuation/.test(w.code))).toEqual([]);
  });

  it('keeps every row exactly once, in printed order', () => {
    // Labels are kept NFKC-normalised (（室） → (室)).
    const expected = [...new Set(truth.facts.map((f) => `${f.row_code}|${nfkc(f.row_label)}`))];
    const got = record.tables.t3.rows.map((r) => `${r.code ?? ''}|${r.label}`);
    expect(got).toEqual(expected);
  });

  it('reads every cell exactly', () => {
    const report = compareFacts(truth.facts, recordFacts(record));
    expect(report.mismatches.slice(0, 10)).toEqual([]);
    expect(report.exact).toBe(report.truthCells);
    expect(report.extra).toBe(0);
  });

  it('passes every identity of the table', () => {
    expect(record.checks.filter((c) => c.status === 'fail').map((c) => c.rule)).toEqual([]);
    expect(record.checks.filter((c) => c.kind === 'hierarchy').length).toBeGreaterThan(50);
  });
});

it('tells a second unit\'s table with the same title from a continuation, and says so', async () => {
  const name = 'writer-two-units';
  const record = await extractDocument({ bytes: new Uint8Array(readFileSync(`${DIR}/${name}.pdf`)), fileName: `${name}.pdf` }, { ocr: 'never' });
  const dup = record.warnings.filter((w) => w.code === 'duplicate-table');
  expect(dup).toHaveLength(1);
  expect(dup[0]).toMatchObject({ table: 't3', page: 5 });
});
