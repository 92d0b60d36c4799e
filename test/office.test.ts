import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import CFB from 'cfb';
import { GroundTruthSchema } from '../schemas/facts.js';
import { extractDocument } from '../src/pipeline/index.js';
import { recordFacts } from '../src/export/facts.js';
import { compareFacts } from '../src/evaluate/accuracy.js';
import { runExtract } from '../src/commands/extract.js';
import { sniffDocument } from '../src/harvest/sniff.js';

/**
 * Office attachments and OFD (issue 10): fixtures made by LibreOffice from the producer fixtures' own
 * sources (scripts/make-office-fixtures.ts: Calc → .xlsx/.xls, Writer → .docx/.doc) and OFDs written to
 * the spec from born-digital PDFs (test/helpers/ofd-writer.ts), each with the truth of its source
 * document; read by the real pipeline and compared cell by cell.
 */
const DIR = 'test/fixtures/office';
const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')).documents as Array<{ name: string; file: string; truth: string }>;

/** Exact-cell floors below 100%, with the reason (none today: every office fixture reads 100%). */
const FLOOR: Record<string, number> = {};

const read = (file: string, fileName = file) => extractDocument({ bytes: new Uint8Array(readFileSync(join(DIR, file))), fileName });

describe('office fixtures: exact cells against the truth', () => {
  for (const d of manifest) {
    it(`${d.name}`, async () => {
      const truth = GroundTruthSchema.parse(JSON.parse(readFileSync(join(DIR, d.truth), 'utf8')));
      const record = await read(d.file);
      const rep = compareFacts(truth.facts, recordFacts(record));
      if (process.env.OFFICE_MEASURE) console.log(`${d.name}: ${rep.exact}/${rep.truthCells}`);
      expect(rep.rate).toBeGreaterThanOrEqual(FLOOR[d.name] ?? 1);
      if (!(d.name in FLOOR)) {
        expect(record.document).toMatchObject({ department: truth.document.department, year: truth.document.year, kind: 'final' });
        expect(rep.extra).toBe(0);
      }
    }, 60_000);
  }
});

describe('office provenance', () => {
  it('a workbook cell carries its sheet and address, a Word cell its table, an OFD cell its page and box', async () => {
    const xlsx = await read('xlsx-calc-grid-shanghai-2022-jingan-weijian.xlsx');
    expect(xlsx.provenance.inputKind).toBe('spreadsheet');
    const total = xlsx.tables.t2.rows.find((r) => r.label === '合计')!;
    // 表2 row 6 (合计), column E (本年收入合计) in the Calc-saved workbook
    expect(total.cells[0]).toMatchObject({ text: '5,776.34', value: '5776.34', address: '表2!E6' });
    const docx = await read('docx-writer-threeline-left-shanghai-2024-minhang-sifa.docx');
    expect(docx.tables.t3.rows[0].cells[0].address).toMatch(/^table\d+!R\d+C\d+$/);
    const ofd = await read('ofd-pdfkit-hubei-2020-xiling-minzheng.ofd');
    const cell = ofd.tables.t1.rows[0].cells.find((c) => c.value !== null)!;
    expect(ofd.tables.t1.pages).toContain(cell.page);
    expect(cell.page).toBeGreaterThan(1);
    expect(cell.bbox!.x1).toBeGreaterThan(cell.bbox!.x0);
  });
});

/** The Calc-saved one-sheet-per-table workbook, changed by SheetJS. */
function workbook(change: (wb: XLSX.WorkBook) => void): Uint8Array {
  const wb = XLSX.read(readFileSync(join(DIR, 'xlsx-calc-grid-shanghai-2022-jingan-weijian.xlsx')), { cellStyles: true });
  change(wb);
  return new Uint8Array(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', cellStyles: true }));
}

describe('WPS names', () => {
  // WPS Office saves its writer and spreadsheet files in the Word 97 and BIFF8 formats under .wps and .et.
  it('reads a .wps and an .et by their content', async () => {
    const wps = await read('doc-writer-none-reprint-shanghai-2022-jingan-weijian.doc', 'report.wps');
    expect(wps.provenance.inputKind).toBe('word');
    expect(wps.summary.cells).toBe(195);
    const et = await read('xls-calc-grid-shanghai-2022-jingan-weijian.xls', 'report.et');
    expect(et.provenance.inputKind).toBe('spreadsheet');
    expect(et.summary.cells).toBe(195);
  });
});

describe('workbook contents', () => {
  it('ignores hidden sheets and hidden rows, with a warning naming them', async () => {
    const bytes = workbook((wb) => {
      // a hidden sheet with another 收入决算表 and a hidden row in 表3 holding a row that is not in the document
      XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['收入决算表'], ['合计', '', '', '', '99999.00']]), '旧表2');
      XLSX.utils.book_set_sheet_visibility(wb, '旧表2', 1);
      const ws = wb.Sheets['表3'];
      XLSX.utils.sheet_add_aoa(ws, [['999', '', '', '不应读出的隐藏行', '1.00', '1.00', '']], { origin: 'A30' });
      ws['!rows'] = [];
      ws['!rows'][29] = { hidden: true };
    });
    const record = await extractDocument({ bytes, fileName: 'hidden.xlsx' });
    const truth = GroundTruthSchema.parse(JSON.parse(readFileSync(join(DIR, 'xlsx-calc-grid-shanghai-2022-jingan-weijian.truth.json'), 'utf8')));
    const rep = compareFacts(truth.facts, recordFacts(record));
    expect(rep.exact).toBe(rep.truthCells);
    expect(rep.extra).toBe(0);
    const messages = record.warnings.map((w) => w.message);
    expect(messages).toContain('hidden sheet "旧表2" ignored');
    expect(messages.some((m) => /sheet "表3": hidden row 30 ignored/.test(m))).toBe(true);
  });

  it('records the shown text and reports a stored value the format hides', async () => {
    const bytes = workbook((wb) => {
      const ws = wb.Sheets['表2'];
      ws.E6 = { t: 'n', v: 5776.3412, z: '#,##0.00' };
      delete ws.E6.w;
    });
    const record = await extractDocument({ bytes, fileName: 'rounded.xlsx' });
    expect(record.tables.t2.rows.find((r) => r.label === '合计')!.cells[0]).toMatchObject({ text: '5,776.34', value: '5776.34' });
    expect(record.warnings.map((w) => w.message)).toContain('表2!E6 shows 5,776.34 but stores 5776.3412: the shown value is recorded');
  });
});

describe('bad office files: a per-file error, the batch goes on', () => {
  const xlsx = readFileSync(join(DIR, 'xlsx-calc-grid-shanghai-2022-jingan-weijian.xlsx'));
  const encrypted = (): Uint8Array => {
    const cfb = CFB.utils.cfb_new();
    CFB.utils.cfb_add(cfb, '/EncryptionInfo', Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]));
    CFB.utils.cfb_add(cfb, '/EncryptedPackage', Buffer.alloc(4096, 7));
    return new Uint8Array(CFB.write(cfb, { type: 'buffer' }) as Buffer);
  };
  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['truncated.xlsx', new Uint8Array(xlsx.subarray(0, 3000)), /truncated\.xlsx: the workbook is corrupt: its zip container cannot be read/],
    ['text.xlsx', new TextEncoder().encode('项目,金额\n合计,1\n'), /text\.xlsx: not an Excel workbook: neither an OOXML zip package nor an OLE compound file/],
    ['locked.xlsx', encrypted(), /locked\.xlsx: a password-protected \(encrypted\) Office document: not read/],
    ['broken.docx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), /broken\.docx: the zip container is corrupt or truncated/],
    ['empty.ofd', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 9, 9]), /empty\.ofd: the zip container is corrupt or truncated/],
  ];
  it.each(cases)('%s', async (name, bytes, message) => {
    await expect(extractDocument({ bytes, fileName: name })).rejects.toThrow(message);
  });

  it('refuses a sheet over the cell limit and a package over the unpacked-size limit', async () => {
    const bytes = new Uint8Array(xlsx);
    await expect(extractDocument({ bytes, fileName: 'big.xlsx' }, { limits: { maxSheetCells: 100 } })).rejects.toThrow(/big\.xlsx: sheet "表\d" takes the workbook over 100 cells \(maxSheetCells\): not read/);
    await expect(extractDocument({ bytes, fileName: 'bomb.xlsx' }, { limits: { maxUnzippedBytes: 10_000 } })).rejects.toThrow(/bomb\.xlsx: its parts unpack to .* over the limit .*\(maxUnzippedBytes\)/);
    await expect(extractDocument({ bytes: new Uint8Array(readFileSync(join(DIR, 'ofd-pdfkit-hubei-2020-xiling-minzheng.ofd'))), fileName: 'bomb.ofd' }, { limits: { maxUnzippedBytes: 10_000 } })).rejects.toThrow(/maxUnzippedBytes/);
  });

  it('a folder run reads the office files, reports the bad ones by name and lists skipped files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'juesuan-office-'));
    writeFileSync(join(dir, 'good.xlsx'), xlsx);
    writeFileSync(join(dir, 'bad.xls'), 'not a workbook');
    writeFileSync(join(dir, 'slides.dps'), 'x');
    writeFileSync(join(dir, 'logo.png'), 'x');
    const errors: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((s: string) => (errors.push(String(s)), true)) as typeof process.stderr.write;
    let outcomes;
    try {
      outcomes = await runExtract([dir], { out: join(dir, 'out'), quiet: true });
    } finally {
      process.stderr.write = write;
    }
    const by = Object.fromEntries(outcomes.map((o) => [o.file.slice(dir.length + 1), o]));
    expect(by['good.xlsx']).toMatchObject({ ok: true, status: 'written' });
    expect(by['bad.xls'].error).toMatch(/bad\.xls: not an Excel workbook/);
    expect(by['slides.dps'].error).toMatch(/recognised as WPS presentation/);
    expect(errors.join('')).toMatch(/skipped 1 file\(s\) of a type juesuan does not read: .*logo\.png/);
  }, 60_000);

  it('harvest: office attachments are documents; bytes that are no office container are refused', () => {
    expect(sniffDocument(new Uint8Array(xlsx), 'a.xlsx')).toEqual({ ok: true, type: 'spreadsheet' });
    expect(sniffDocument(new Uint8Array(readFileSync(join(DIR, 'ofd-pdfkit-hubei-2020-xiling-minzheng.ofd'))), 'a.ofd')).toEqual({ ok: true, type: 'ofd' });
    expect(sniffDocument(new TextEncoder().encode('plain text'), 'a.docx')).toMatchObject({ ok: false, reason: /not a Word\/WPS document/ });
    expect(sniffDocument(new Uint8Array(xlsx.subarray(0, 3000)), 'a.xlsx')).toMatchObject({ ok: false, reason: /^truncated or corrupt zip/ });
  });
});
