/**
 * Identity repair of OCR readings (src/validate/repair.ts) on a constructed record: the tables of a
 * born-digital fixture with one cell turned into an OCR reading that breaks its identities.
 */
import { readFileSync } from 'node:fs';
import type { Cell, Tables, Warning } from '../schemas/record.js';
import { extractDocument } from '../src/pipeline/index.js';
import { checkIdentities } from '../src/validate/identities.js';
import { repairIdentities } from '../src/validate/repair.js';

const FILE = 'test/fixtures/generated/hubei-2021-fancheng-nongye.pdf';
let pristine: Tables;

beforeAll(async () => {
  const record = await extractDocument({ bytes: new Uint8Array(readFileSync(FILE)), fileName: 'fancheng.pdf' }, { ocr: 'never' });
  pristine = record.tables;
  expect(record.checks.filter((c) => c.status === 'fail')).toEqual([]);
});

/** A 项 row's 基本支出 of 表5: in `total = basic + project` and in its 款's Σ. */
function leafCell(tables: Tables): Cell {
  const row = tables.t5.rows.find((r) => r.code?.length === 7 && r.cells.some((c) => c.key === 'basic' && c.kind === 'number' && /[1-8]$/.test(c.text)))!;
  return row.cells.find((c) => c.key === 'basic')!;
}

/** Turns the cell into an OCR reading whose character `pos` (from the end) was misread as `wrong`. */
function misread(cell: Cell, posFromEnd: number, wrong: string, alternatives: string[]): string {
  const chars = [...cell.text];
  const i = chars.length - 1 - posFromEnd;
  const truth = cell.text;
  chars[i] = wrong;
  cell.text = chars.join('');
  cell.value = cell.text.replace(/,/g, '');
  cell.source = 'ocr';
  cell.confidence = 0.8;
  cell.alternatives = chars.map((ch, k) => (k === i ? [wrong, ...alternatives] : [ch]));
  return truth;
}

it('repairs the one cell whose single OCR alternative satisfies both identities it is in', () => {
  const tables = structuredClone(pristine);
  const cell = leafCell(tables);
  // Units digit misread; the alternatives hold the right digit among others.
  const i = [...cell.text].length - 1 - 3;
  const right = [...cell.text][i];
  const wrong = right === '8' ? '3' : '8';
  const truth = misread(cell, 3, wrong, ['0', right, '6'].filter((d) => d !== wrong));
  const warnings: Warning[] = [];
  const before = checkIdentities(tables, []);
  expect(before.filter((c) => c.status === 'fail').length).toBeGreaterThanOrEqual(2);
  const after = repairIdentities(tables, before, warnings);
  expect(after.filter((c) => c.status === 'fail')).toEqual([]);
  expect(cell.text).toBe(truth);
  expect(cell.repaired?.originalText).not.toBe(truth);
  expect(cell.repaired?.reason).toMatch(/only single-character correction/);
  expect(warnings.map((w) => w.code)).toEqual(['ocr-repair']);
});

it('leaves the identity flagged when two single-character corrections would make it hold', () => {
  const tables = structuredClone(pristine);
  const cell = leafCell(tables);
  // Last decimal misread by 5; the true digit and its neighbour are both alternatives, and both
  // bring the sums within the 0.01 rounding tolerance.
  const d = Number(cell.text.slice(-1));
  const wrong = String((d + 5) % 10);
  const truth = misread(cell, 0, wrong, [String(d), String(d + 1)]);
  const warnings: Warning[] = [];
  const after = repairIdentities(tables, checkIdentities(tables, []), warnings);
  expect(after.some((c) => c.status === 'fail')).toBe(true);
  expect(cell.text).not.toBe(truth);
  expect(cell.repaired).toBeUndefined();
  expect(warnings.map((w) => w.code)).toContain('ocr-repair-ambiguous');
});

it('never touches a number that was not read by OCR', () => {
  const tables = structuredClone(pristine);
  const cell = leafCell(tables);
  misread(cell, 3, '9', ['0', '1', '2', '3', '4', '5', '6', '7', '8']);
  cell.source = 'text';
  const after = repairIdentities(tables, checkIdentities(tables, []), []);
  expect(after.some((c) => c.status === 'fail')).toBe(true);
  expect(cell.repaired).toBeUndefined();
});

/**
 * Every cell printing the amount of a 款 with a single 项, in the 类 above it too when it prints the
 * same (ties like 210 = 21011 = 2101101, total = basic): an amount read alike wherever it is printed.
 */
function sameAmountCells(tables: Tables): Cell[] {
  const rows = tables.t5.rows;
  const parent = rows.find((r) => r.code?.length === 5 && rows.filter((q) => q.code?.startsWith(r.code!) && q.code.length === 7).length === 1)!;
  const text = parent.cells.find((c) => c.key === 'total')!.text;
  return rows.filter((r) => r.code?.startsWith(parent.code!.slice(0, 3))).flatMap((r) => r.cells.filter((c) => c.kind === 'number' && c.text === text));
}

it('repairs an amount printed several times and misread the same way in each, as one correction', () => {
  const tables = structuredClone(pristine);
  const cells = sameAmountCells(tables);
  expect(cells.length).toBeGreaterThanOrEqual(2);
  const truth = cells[0].text;
  const d = truth.slice(-4, -3); // the units digit, before ".dd"
  const wrong = d === '1' ? '7' : '1';
  for (const c of cells) misread(c, 3, wrong, [d, '0']);
  const warnings: Warning[] = [];
  const before = checkIdentities(tables, []);
  expect(before.some((c) => c.status === 'fail')).toBe(true);
  const after = repairIdentities(tables, before, warnings);
  expect(after.filter((c) => c.status === 'fail')).toEqual([]);
  for (const c of cells) {
    expect(c.text).toBe(truth);
    expect(c.repaired?.originalText).not.toBe(truth);
    expect(c.repaired?.reason).toMatch(new RegExp(`in the ${cells.length} cells printing this amount`));
  }
  expect(warnings.filter((w) => w.code === 'ocr-repair')).toHaveLength(cells.length);
});

it('does not correct an amount printed several times when one of its readings lacks the alternative', () => {
  const tables = structuredClone(pristine);
  const cells = sameAmountCells(tables);
  const truth = cells[0].text;
  const d = truth.slice(-4, -3);
  const wrong = d === '1' ? '7' : '1';
  for (const c of cells) misread(c, 3, wrong, [d, '0']);
  cells[cells.length - 1].alternatives = [...cells[cells.length - 1].text].map((ch) => [ch]);
  const after = repairIdentities(tables, checkIdentities(tables, []), []);
  expect(after.some((c) => c.status === 'fail')).toBe(true);
  for (const c of cells) expect(c.repaired).toBeUndefined();
});

it('does not correct cells read alike against one other OCR reading of the amount alone', () => {
  const tables = structuredClone(pristine);
  const cells = sameAmountCells(tables);
  const truth = cells[0].text;
  const d = truth.slice(-4, -3);
  const wrong = d === '1' ? '7' : '1';
  // The 类 row read right but by OCR (no alternatives), its 款 and 项 misread alike: either side could be the misread one.
  const [top, ...rest] = [...new Set(cells.map((c) => tables.t5.rows.find((r) => r.cells.includes(c))!))];
  for (const c of cells.filter((c) => top.cells.includes(c))) Object.assign(c, { source: 'ocr', confidence: 0.9, alternatives: [...c.text].map((ch) => [ch]) });
  const misreadCells = cells.filter((c) => rest.some((r) => r.cells.includes(c)));
  for (const c of misreadCells) misread(c, 3, wrong, [d, '0']);
  const after = repairIdentities(tables, checkIdentities(tables, []), []);
  expect(after.some((c) => c.status === 'fail')).toBe(true);
  for (const c of cells) expect(c.repaired).toBeUndefined();
});
