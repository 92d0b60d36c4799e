/**
 * Scans made by other tools than ours (issue 8): the committed subset of the scan corpus
 * (test/fixtures/scans/, made by scripts/make-scan-corpus.ts: poppler/Ghostscript rasters of pdfkit,
 * LibreOffice Writer and ONLYOFFICE pages, degraded with ImageMagick, wrapped by img2pdf), read by the
 * real pipeline (extractDocument, --ocr auto) and scored cell by cell against each page's truth.
 * Plus the two real image-only documents, which must read without error.
 *
 * FLOORS are the exact cells measured on main of 2026-12-01 21:00 UTC (after the ocrgrid/ocrprep merge,
 * 767ad51; bilevel keeps its earlier value, see there); a change that reads fewer fails here. Whoever improves the OCR raises them to the new measurement (never lowers
 * them without a reason in the commit). A floor of 0 means the page is not read at all yet: the test
 * then still checks that the page goes to OCR and the document completes. Speed is not asserted here
 * (npm run bench -- --scanned).
 */
import { readFileSync, readdirSync } from 'node:fs';
import type { DocumentRecord, Table } from '../schemas/record.js';
import { ScanTruthSchema } from '../schemas/scan-truth.js';
import { compareFacts } from '../src/evaluate/accuracy.js';
import { recordFacts } from '../src/export/facts.js';
import { extractDocument, SharedOcrEngine } from '../src/pipeline/index.js';

const DIR = 'test/fixtures/scans';
const engine = new SharedOcrEngine();
afterAll(() => engine.close());

/** Exact cells per committed scan (of the truth cells in its .truth.json). */
const FLOORS: Record<string, number> = {
  'bilevel-g4-300--fancheng-t5': 45, // of 45 (read 0 after 767ad51; 45 again at c761eb1, measured 2026-12-01 22:55 UTC)
  'grey-150--putuo-p15': 43, // of 44 (44 at 767ad51, 43 at 0fb7ce6 and d6946bc: 160.75 read 160.73)
  'grey-200--jingan-t2': 40, // of 40
  'landscape-200--fancheng-t5': 45, // of 45: sideways page (0 → 45 at c761eb1, 2026-12-01 22:55 UTC)
  // of 52: thin grey rules, the issue's case. Read 6 on the starting code, 3 since the grey-line
  // grid (digits against a border widened its fitted thickness, so erasure and inset cut them);
  // 52 since the line fit ignores text beside the line (2026-12-01 23:05 UTC).
  'lo-grey-rgb-200--lo-grey-pudong-t5': 52,
  // of 40: thin grey rules on another document, font and table at 300 dpi, skewed the other way;
  // 15 before the text-robust line fit, 40 after (2026-12-01 23:20 UTC).
  'lo-grey-300--lo-grey-fancheng-t2': 40,
  // of 45: no outer border (inner rules only). 0 while lines were kept only between crossings (the
  // frame was the inner grid, the header and outer columns cut off: read as t3); 45 since inner rules
  // running on to a common end make the frame (2026-12-02).
  'lo-no-outer-200--lo-noouter-fancheng-t5': 45,
  'lo-no-outer-300--lo-noouter-minhang-t5': 44, // of 44: no outer border, split 类/款/项 codes, serif, Ghostscript 300 dpi (0 before the implied frame)
  'lo-three-line-200--lo-threeline-jingan-t5': 44, // of 44: 三线表, through the column model (0 before; 2026-12-02, 041b6b2)
  // of 44: Calc tight rows, blurred: glyph stems stacked across rows were taken for column borders
  // (28 before stroke solidity, 44 after, 2026-12-02)
  'noise-blur-200--calc-grid-jingan-t5': 44,
  'noise-blur-200--jingan-t2': 40, // of 40 (38 → 40 at c761eb1, 2026-12-01 22:55 UTC)
  'red-seal-200--pudong-t5': 52, // of 52 (34 before colour dropout)
  'rgb-q50-200--pudong-t5': 52, // of 52
  'skew-p3-300--xiling-t5': 58, // of 58: 3° skew at 300 dpi (0 → 58 at c761eb1, 2026-12-01 22:55 UTC)
  // of 44: 三线表 from a Writer PDF, 300 dpi Ghostscript (24 at 041b6b2; 42 with main's column model,
  // 1,497.33 read 1,491.33 in 204 and 20406; 44 since column-model cells keep their alternatives and
  // repair corrects an amount printed twice in all its cells, 2026-12-02)
  'three-line-300--writer-threeline-minhang-t5': 44,
  'uneven-light-200--putuo-p8': 33, // of 35 (0 with one page-wide threshold)
  'unruled-200--writer-unruled-pudong-t5': 52, // of 52: no rules at all (LibreOffice Writer); 0 before the column model, 29 at 041b6b2, 52 with main's column model (2026-12-02)
};

const scans = readdirSync(DIR)
  .filter((f) => f.endsWith('.truth.json'))
  .sort()
  .map((f) => f.replace(/\.truth\.json$/, ''));

it('has a floor for every committed scan', () => {
  expect(scans.sort()).toEqual(Object.keys(FLOORS).sort());
});

describe.each(scans)('%s', (name) => {
  const truth = ScanTruthSchema.parse(JSON.parse(readFileSync(`${DIR}/${name}.truth.json`, 'utf8')));
  let record: DocumentRecord;
  beforeAll(async () => {
    const bytes = new Uint8Array(readFileSync(`${DIR}/${name}.pdf`));
    record = await extractDocument({ bytes, fileName: `${name}.pdf` }, { ocr: 'auto', ocrEngine: engine });
  }, 240_000);

  it('is read by OCR (image only, no text layer)', () => {
    expect(record.provenance.ocrPages).toEqual(truth.scan.scannedPages);
  });

  it(`reads at least ${FLOORS[name]} of ${truth.facts.length} truth cells exactly (${truth.scan.degradation}, ${truth.scan.dpi} dpi)`, () => {
    const report = compareFacts(truth.facts, recordFacts(record));
    console.log(`${name}: ${report.exact}/${report.truthCells} exact, ${report.wrongValue} wrong, ${report.missing} missing; ${report.mismatches.slice(0, 4).map((m) => `${m.key} ${m.expected}→${m.got}`).join('; ')}`);
    expect(report.exact).toBeGreaterThanOrEqual(FLOORS[name]);
    // A repaired cell keeps the reading it was repaired from.
    for (const t of Object.values(record.tables) as Table[]) {
      for (const c of t.rows.flatMap((r) => r.cells)) if (c.repaired) expect(c.repaired.originalText).not.toBe(c.text);
    }
    // No table is invented: every table found is one the page has.
    const present = (Object.values(record.tables) as Table[]).filter((t) => t.status === 'present').map((t) => t.id);
    const want = Object.entries(truth.tables).filter(([, t]) => t.status === 'present').map(([id]) => id);
    for (const id of present) expect(want).toContain(id);
  });
});

// Real image-only documents that are not 决算: an OCR'd page must not make them one, nor crash.
describe.each([
  ['hunan-changsha-jiaojing-2023-jixiao-scan.pdf', 7], // 96 dpi RGB scan, 7 pages (绩效 report)
  ['hunan-changsha-wenlv-2025-notice-abbyy-scan.pdf', 2], // 300 dpi JPX, ABBYY, 2 pages (a notice)
])('%s', (file, pages) => {
  it('is OCR\'d without error and yields no 决算 table', async () => {
    const t0 = performance.now();
    const record = await extractDocument({ bytes: new Uint8Array(readFileSync(`test/fixtures/real/${file}`)), fileName: file }, { ocr: 'auto', ocrEngine: engine });
    console.log(`${file}: ${pages} pages OCR'd in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    expect(record.provenance.pageCount).toBe(pages);
    // Image-only pages go to OCR; the reader may stop OCR'ing a document it already knows is no 决算.
    expect(record.provenance.ocrPages[0]).toBe(1);
    for (const p of record.provenance.ocrPages) expect(p).toBeLessThanOrEqual(pages);
    expect((Object.values(record.tables) as Table[]).filter((t) => t.status === 'present').map((t) => t.id)).toEqual([]);
  }, 600_000);
});
