import { readFileSync } from 'node:fs';
import { extractDocument } from '../src/pipeline/index.js';
import { recordFacts } from '../src/export/facts.js';
import type { DocumentRecord, Row, Table } from '../schemas/record.js';

const SEED = 'test/fixtures/text/hanyang-xinfang-2020.txt';
let record: DocumentRecord;

beforeAll(async () => {
  record = await extractDocument({ bytes: new Uint8Array(readFileSync(SEED)), fileName: SEED, sourcePath: SEED });
});

const row = (t: Table, pred: (r: Row) => boolean) => {
  const found = t.rows.find(pred);
  if (!found) throw new Error(`row not found in ${t.id}`);
  return found;
};
const value = (r: Row, key: string) => r.cells.find((c) => c.key === key)?.value ?? null;

describe('seed text: 2020 武汉市汉阳区信访局 部门决算', () => {
  it('reads the document metadata', () => {
    expect(record.document).toMatchObject({
      region: '武汉市汉阳区',
      city: '武汉市',
      district: '汉阳区',
      department: '武汉市汉阳区信访局',
      departmentShort: '信访局',
      year: 2020,
      kind: 'final',
      unit: '万元',
      publishedDate: '2021-10-19',
    });
    expect(record.provenance.inputKind).toBe('text');
    expect(record.provenance.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(record.docId).toBe('武汉市汉阳区/信访局/2020.final');
  });

  it('finds all nine tables by title, two printed empty with their note', () => {
    const status = Object.fromEntries(Object.values(record.tables).map((t) => [t.id, t.status]));
    expect(status).toEqual({ t1: 'present', t2: 'present', t3: 'present', t4: 'present', t5: 'present', t6: 'present', t7: 'present', t8: 'empty', t9: 'empty' });
    expect(record.tables.t8.emptyNote).toContain('故本表无数据');
    expect(record.tables.t9.emptyNote).toContain('故本表无数据');
  });

  it('splits 表1 into income and expense rows with their 行次', () => {
    const t1 = record.tables.t1;
    expect(value(row(t1, (r) => r.section === 'income' && r.lineNo === 1), 'amount')).toBe('707.12');
    expect(row(t1, (r) => r.lineNo === 39)).toMatchObject({ section: 'expense', label: '九、卫生健康支出' });
    expect(value(row(t1, (r) => r.lineNo === 39), 'amount')).toBe('28.71');
    expect(row(t1, (r) => r.lineNo === 57)).toMatchObject({ label: '本年支出合计', total: true });
    // Rows printed with 行次 but no item (income lines 9–26) are kept, blank.
    expect(row(t1, (r) => r.lineNo === 20).cells.every((c) => c.kind === 'blank')).toBe(true);
  });

  it('joins codes, labels split by the converter, and numbers with spaces (表2)', () => {
    const t2 = record.tables.t2;
    expect(t2.columns.map((c) => c.key)).toEqual(['total', 'fiscal', 'superior_subsidy', 'business', 'operating', 'affiliated_remittance', 'other']);
    expect(t2.columns[0]).toMatchObject({ label: '本年收入合计', columnNo: 1 });
    const r = row(t2, (r) => r.code === '2080505');
    expect(r.label).toBe('机关事业单位基本养老保险缴费支出');
    expect(r.cells.find((c) => c.key === 'total')).toMatchObject({ text: '16. 3', value: '16.3', kind: 'number' });
    expect(value(row(t2, (r) => r.label === '合计'), 'fiscal')).toBe('707.12');
  });

  it('infers the column of numbers printed in a merged 基本支出/项目支出 column (表5) from the code hierarchy', () => {
    const t5 = record.tables.t5;
    expect(t5.columns.map((c) => c.key)).toEqual(['total', 'basic', 'project']);
    const parent = row(t5, (r) => r.code === '208');
    expect([value(parent, 'basic'), value(parent, 'project')]).toEqual(['19.74', '1.27']);
    const xinfang = row(t5, (r) => r.code === '2010308');
    expect(value(xinfang, 'project')).toBe('369.83');
    expect(value(xinfang, 'basic')).toBeNull();
    expect(xinfang.cells.find((c) => c.key === 'project')?.inferred).toMatch(/code hierarchy/);
    const disabled = row(t5, (r) => r.code === '2081199');
    expect(value(disabled, 'project')).toBe('1.27');
    expect(record.warnings.filter((w) => w.code === 'ambiguous-column')).toEqual([]);
  });

  it('assigns 表6 rows to 人员经费 and 公用经费 across three column groups', () => {
    const t6 = record.tables.t6;
    expect(row(t6, (r) => r.code === '30309')).toMatchObject({ section: 'personnel', label: '奖励金' });
    expect(value(row(t6, (r) => r.code === '30309'), 'amount')).toBe('23.83');
    expect(row(t6, (r) => r.code === '30239')).toMatchObject({ section: 'public', label: '其他交通费用' });
    expect(row(t6, (r) => r.code === '39908')).toMatchObject({ section: 'public' });
    expect(value(row(t6, (r) => r.label === '人员经费合计'), 'amount')).toBe('320.66');
    // 公用经费合计 spans into the third group in print; its value is found there.
    expect(value(row(t6, (r) => r.label === '公用经费合计'), 'amount')).toBe('12.36');
  });

  it('reads 表7 as 预算数 and 决算数 rows, with printed zeros as values', () => {
    const t7 = record.tables.t7;
    const budget = row(t7, (r) => r.section === 'budget');
    expect(budget.cells.map((c) => [c.key, c.value])).toEqual([
      ['total', '0'],
      ['overseas', '0'],
      ['vehicle_subtotal', '0'],
      ['vehicle_purchase', '0'],
      ['vehicle_operation', '0'],
      ['reception', '0'],
    ]);
    const actual = row(t7, (r) => r.section === 'actual');
    expect(actual.cells.every((c) => c.kind === 'blank')).toBe(true);
  });

  it('checks the printed notes, the code hierarchy and the cross-table totals', () => {
    const kinds = new Set(record.checks.map((c) => c.kind));
    expect(kinds).toEqual(new Set(['printed-note', 'implied', 'hierarchy', 'cross-table', 'narrative']));
    // 表4 prints no column note: its 合计 = 一般公共预算 + 政府性基金 + 国有资本经营 is implied.
    expect(record.checks.some((c) => c.kind === 'implied' && c.tables[0] === 't4')).toBe(true);
    const byRule = (text: string) => record.checks.filter((c) => c.rule.includes(text));
    expect(byRule('27行=(1+2+3+4+5+6+7+8)行')[0]).toMatchObject({ status: 'pass', actual: '707.12', expected: '707.12' });
    expect(byRule('表5 合计 基本支出 = 表6')[0]).toMatchObject({ status: 'pass', actual: '333.02', expected: '333.02' });
    // The tables agree; the narrative's slips (28.7 vs 28.71, 11.66 元) are test/narrative.test.ts's.
    expect(record.checks.filter((c) => c.status === 'fail' && c.kind !== 'narrative')).toEqual([]);
    // 表4's note "57 行 = (33+34+…+58) 行" names its own line: reported, not evaluated.
    expect(record.warnings.some((w) => w.code === 'misprinted-note' && w.table === 't4')).toBe(true);
  });

  it('flattens to facts that keep the printed text beside the exact value', () => {
    const facts = recordFacts(record);
    // one fact per cell of the nine tables, and the 绩效 rows (test/performance.test.ts) and narrative figures beside them
    expect(facts.filter((f) => f.table_id !== 'performance' && f.table_id !== 'narrative').length).toBe(record.summary.cells);
    const fact = facts.find((f) => f.table_id === 't3' && f.row_code === '2010301' && f.column_key === 'basic');
    expect(fact).toMatchObject({ text: '284. 57', value: '284.57', unit: '万元', section: '', row_label: '行政运行', page: null });
  });
});
