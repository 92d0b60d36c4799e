import { readFileSync } from 'node:fs';
import type { DocumentRecord, Row, Table } from '../schemas/record.js';
import { extractDocument } from '../src/pipeline/index.js';

/** Real published PDFs (test/fixtures/real/PROVENANCE.md). */
const read = (name: string) => {
  const path = `test/fixtures/real/${name}`;
  return extractDocument({ bytes: new Uint8Array(readFileSync(path)), fileName: name, sourcePath: path });
};
const row = (t: Table, pred: (r: Row) => boolean) => {
  const found = t.rows.find(pred);
  if (!found) throw new Error(`row not found in ${t.id}`);
  return found;
};
const value = (r: Row, key: string) => r.cells.find((c) => c.key === key)?.value ?? null;

describe('putuo-caizhengju-2024.pdf (Shanghai family, ONLYOFFICE)', () => {
  let record: DocumentRecord;
  beforeAll(async () => {
    record = await read('putuo-caizhengju-2024.pdf');
  });

  it('reads the cover and provenance', () => {
    expect(record.document).toMatchObject({ region: '上海市普陀区', department: '上海市普陀区财政局', departmentShort: '财政局', year: 2024, kind: 'final', unit: '万元' });
    expect(record.provenance).toMatchObject({ inputKind: 'pdf', pageCount: 25, producer: 'ONLYOFFICE/8.0.1.31', sha256: 'd45e923176f9fe4b6533829d3a2fe67f8cbcd55d07099dabf73aca62701f8eb5' });
  });

  it('finds the nine tables by title without table numbers', () => {
    expect(Object.values(record.tables).map((t) => `${t.id}:${t.status}`)).toEqual([
      't1:present', 't2:present', 't3:present', 't4:present', 't5:present', 't6:present', 't7:present', 't8:empty', 't9:empty',
    ]);
    expect(record.tables.t9.title).toBe('国有资本经营预算财政拨款收入支出决算表');
    expect(record.tables.t8.emptyNote).toMatch(/故本表无数据/);
  });

  it('joins codes printed over 类/款/项 columns and keeps every cell in its column (表2)', () => {
    const t2 = record.tables.t2;
    const r = row(t2, (r) => r.code === '2010601');
    expect(r.label).toBe('行政运行');
    expect([value(r, 'total'), value(r, 'fiscal'), value(r, 'other'), value(r, 'business')]).toEqual(['1511.90', '1511.89', '0.01', null]);
    expect(r.cells.find((c) => c.key === 'total')).toMatchObject({ text: '1,511.90', page: 8 });
    expect(r.cells.find((c) => c.key === 'total')?.bbox).toBeDefined();
    // 合计 shares its ruled row with the 类/款/项 markers in this PDF.
    expect(value(row(t2, (r) => r.label === '合计'), 'total')).toBe('2946.25');
    // The table runs over onto page 9.
    expect(t2.pages).toEqual([8, 9]);
    expect(row(t2, (r) => r.code === '2210203')).toMatchObject({ label: '购房补贴', page: 9 });
    expect(row(t2, (r) => r.code === '2080505').label).toBe('机关事业单位基本养老保险缴费支出');
  });

  it('reads 表5 with its 合计 row at the bottom', () => {
    const t5 = record.tables.t5;
    const total = t5.rows[t5.rows.length - 1];
    expect(total.label).toBe('合计');
    expect([value(total, 'total'), value(total, 'basic'), value(total, 'project')]).toEqual(['2940.05', '2336.91', '603.14']);
  });

  it('reads 表6 in two groups with codes over 类/款 and wrapped names', () => {
    const t6 = record.tables.t6;
    expect(row(t6, (r) => r.code === '30108')).toMatchObject({ section: 'personnel', label: '机关事业单位基本养老保险缴费' });
    expect(value(row(t6, (r) => r.code === '30108'), 'amount')).toBe('160.75');
    expect(row(t6, (r) => r.code === '30231')).toMatchObject({ section: 'public', label: '公务用车运行维护费' });
    expect(value(row(t6, (r) => r.label === '人员经费合计'), 'amount')).toBe('2152.26');
    expect(row(t6, (r) => r.label === '人员经费合计').section).toBe('personnel');
    expect(value(row(t6, (r) => r.label === '公用经费合计'), 'amount')).toBe('184.65');
  });

  it('reads 表7 with 预算数/决算数 pairs interleaved per item', () => {
    const t7 = record.tables.t7;
    const budget = row(t7, (r) => r.section === 'budget');
    expect([value(budget, 'total'), value(budget, 'reception'), value(budget, 'overseas')]).toEqual(['0.95', '0.95', null]);
    expect(t7.columns.find((c) => c.key === 'vehicle_subtotal' && c.section === 'actual')?.label).toBe('财政拨款“三公”经费/公务用车购置及运行费/小计/决算数');
  });

  it('passes the identities, reporting the 0.01 rounding gap between 表4 and 表5', () => {
    expect(record.checks.filter((c) => c.status === 'fail' && c.kind !== 'narrative').map((c) => c.rule)).toEqual([]);
    const gap = record.checks.find((c) => c.id === 'cross:t4-t5:208');
    expect(gap).toMatchObject({ status: 'pass-rounding', actual: '326.71', expected: '326.72', difference: '-0.01' });
    expect(record.checks.some((c) => c.kind === 'hierarchy' && c.left.row === '201' && c.left.table === 't2')).toBe(true);
  });
});

describe('other real PDFs', () => {
  it('recognises Jiangsu 部门预算 documents as budgets: their tables read as 预算 tables, or a warning when the file has none', async () => {
    // 政协 and 检察院 print 表1–表7 with data and an empty 政府性基金 table; 省委办公厅's file is the narrative only.
    for (const [name, present] of [['jiangsu-zhengxie-2019-budget-tables.pdf', 7], ['jiangsu-jianchayuan-2019-budget.pdf', 7], ['jiangsu-shengweiban-2019-budget.pdf', 0]] as const) {
      const record = await read(name);
      expect(record.document.kind).toBe('budget');
      expect(record.document.year).toBe(2019);
      expect(record.document.province).toBe('江苏省');
      const nine = [record.tables.t1, record.tables.t2, record.tables.t3, record.tables.t4, record.tables.t5, record.tables.t6, record.tables.t7, record.tables.t8, record.tables.t9];
      expect([name, nine.filter((t) => t.status === 'present').length]).toEqual([name, present]);
      expect(nine.every((t) => t.kind === 'budget')).toBe(true);
      if (present === 0) expect(record.warnings.find((w) => w.code === 'no-tables')?.message).toMatch(/部门预算.*none of its tables.*收支总表/);
    }
  });

  it('reads the empty Shanghai template as nine empty tables, and refuses it as a template', async () => {
    const record = await read('shanghai-template-2024.pdf');
    expect(record.document).toMatchObject({ kind: 'other', department: '上海市XX局' });
    expect(record.document.kindReason).toMatch(/^template: no department/);
    expect(record.summary).toMatchObject({ tablesEmpty: 9, cells: 0 });
    expect(record.tables.t8.columns.map((c) => c.key)).toEqual(['carryover_begin', 'income', 'expense_total', 'basic', 'project', 'carryover_end']);
  });
});
