import { readFileSync } from 'node:fs';
import type { DocumentRecord, Row, Table } from '../schemas/record.js';
import { extractDocument } from '../src/pipeline/index.js';

/**
 * 部门预算 documents of the reference corpus (test/fixtures/real/PROVENANCE.md) read through the same
 * locator and assembler as a 决算. The figures below were read by hand from the PDFs (pdftotext -layout):
 * the 收支总表's 收入总计 and 支出总计, the 支出总表's 合计 row, and its 基本支出 / 项目支出.
 */
const read = (name: string) => {
  const path = `test/fixtures/real/${name}`;
  return extractDocument({ bytes: new Uint8Array(readFileSync(path)), fileName: name, sourcePath: path }, { ocr: 'never' });
};

/** the printed text of the side's grand total (总计, else the last total row) */
function grandText(t: Table, section: 'income' | 'expense'): string | null {
  const totals = t.rows.filter((r) => r.total && r.section === section);
  const row = totals.find((r) => /总计$/.test(r.label.replace(/\s/g, ''))) ?? totals[totals.length - 1];
  return row?.cells.find((c) => (c.key === 'amount' || c.key === 'total') && c.kind === 'number')?.text ?? null;
}
const sumRow = (t: Table): Row | undefined => t.rows.find((r) => r.total && r.code === null);
const text = (r: Row | undefined, key: string) => r?.cells.find((c) => c.key === key)?.text ?? null;

interface Expected {
  unit: string;
  /** 收支总表 收入总计 = 支出总计, as printed */
  grand: string;
  /** 支出总表 合计 row: 合计, 基本支出, 项目支出 */
  t3?: [string, string, string];
}

const EXPECTED: Record<string, Expected> = {
  'chongqing-shangwu-2026-budget.pdf': { unit: '万元', grand: '174,900.64', t3: ['174,900.64', '56,633.49', '118,267.14'] },
  'fujian-fuzhou-yibao-2026-budget.pdf': { unit: '万元', grand: '351904.90', t3: ['351904.90', '7841.26', '344063.64'] },
  'guangdong-guangzhou-qixiang-2026-budget.pdf': { unit: '万元', grand: '7,651.71', t3: ['7,651.71', '6,146.33', '1,505.38'] },
  'guangdong-shenzhen-czj-2026-budget.pdf': { unit: '万元', grand: '37,385.88' },
  'hunan-changsha-xinfang-2026-budget.pdf': { unit: '万元', grand: '1,935.36', t3: ['1,935.36', '1,517.95', '417.41'] },
  'jiangsu-suzhou-shenji-2026-budget.pdf': { unit: '万元', grand: '4,651.67', t3: ['4,651.67', '4,312.17', '339.50'] },
  'jiangsu-zhengxie-2019-budget-tables.pdf': { unit: '万元', grand: '13,377.11' },
  'shaanxi-xian-czj-2026-budget.pdf': { unit: '元', grand: '303,312,586.17' },
  'shandong-yantai-czj-2026-budget.pdf': { unit: '万元', grand: '9,069.47', t3: ['9,069.47', '6,012.90', '3,056.57'] },
  'shanghai-czj-2025-unit-budget.pdf': { unit: '元', grand: '171,915,169', t3: ['171,915,169', '127,642,039', '44,273,130'] },
  'zhejiang-huzhou-weijian-2026-budget.pdf': { unit: '万元', grand: '515313.35' },
};

describe('部门预算 tables of real documents', () => {
  for (const [name, want] of Object.entries(EXPECTED)) {
    describe(name, () => {
      let record: DocumentRecord;
      beforeAll(async () => {
        record = await read(name);
      }, 120_000);

      it('is a budget whose 收支总表 totals are read as printed, in the unit printed', () => {
        const { t1 } = record.tables;
        expect(record.document.kind).toBe('budget');
        expect([t1.status, t1.kind, t1.unit]).toEqual(['present', 'budget', want.unit]);
        expect([grandText(t1, 'income'), grandText(t1, 'expense')]).toEqual([want.grand, want.grand]);
        // the identity itself, as the record's own check
        const same = record.checks.find((c) => c.id === 'cross:t1-income=expense');
        expect(same?.status).toBe('pass');
      });

      if (want.t3) {
        it('reads the 支出总表 合计 row and checks it against the 收支总表', () => {
          const total = sumRow(record.tables.t3);
          expect([text(total, 'total'), text(total, 'basic'), text(total, 'project')]).toEqual(want.t3);
          expect(record.checks.find((c) => c.id === 'cross:t1-expense=t3')?.status).toBe('pass');
          expect(record.checks.find((c) => c.id.startsWith('t3:cols:total=basic+project') && c.left.row === '合计')?.status).toMatch(/^pass/);
        });
      }
    });
  }

  it('names the file a 部门预算 with no readable tables instead of failing (Beijing: the tables are not in the file)', async () => {
    const record = await read('beijing-czj-2026-budget.pdf');
    expect(record.document.kind).toBe('budget');
    expect(record.summary.tablesPresent).toBe(0);
    expect(record.warnings.find((w) => w.code === 'no-tables')?.message).toMatch(/部门预算.*none of its tables/);
  });

  it('keeps a 决算 that names a 预算 table in passing on its 决算 tables (Putuo 2024)', async () => {
    const record = await read('putuo-caizhengju-2024.pdf');
    expect(record.document.kind).toBe('final');
    const nine = Object.values(record.tables).filter((t): t is Table => t !== undefined);
    expect(nine.map((t) => t.id)).toEqual(['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9']);
    expect(nine.every((t) => t.kind === 'final')).toBe(true);
  });
});
