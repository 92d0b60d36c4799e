/**
 * OCR through the whole pipeline (issue 3): scanned table pages of generated fixtures with ground
 * truth (test/fixtures/scanned/*.truth.json, made by scripts/make-scanned-fixtures.ts), a mixed
 * document (born-digital pages + one scan), and --ocr never on a scan.
 */
import { readFileSync } from 'node:fs';
import { GroundTruthSchema } from '../schemas/facts.js';
import { LOW_CONFIDENCE, type DocumentRecord, type Table } from '../schemas/record.js';
import { compareFacts } from '../src/evaluate/accuracy.js';
import { recordFacts } from '../src/export/facts.js';
import { extractDocument, SharedOcrEngine } from '../src/pipeline/index.js';

const DIR = 'test/fixtures/scanned';
const engine = new SharedOcrEngine();
afterAll(() => engine.close());

function load(name: string) {
  const raw = JSON.parse(readFileSync(`${DIR}/${name}.truth.json`, 'utf8'));
  return { truth: GroundTruthSchema.parse(raw), scannedPages: raw.scan.scannedPages as number[], bytes: new Uint8Array(readFileSync(`${DIR}/${name}.pdf`)) };
}
const extract = (bytes: Uint8Array, fileName: string, ocr: 'never' | 'auto' = 'auto') => extractDocument({ bytes, fileName }, { ocr, ocrEngine: engine });
const present = (r: DocumentRecord) => (Object.values(r.tables) as Table[]).filter((t) => t.status === 'present');
const cells = (t: Table) => t.rows.flatMap((r) => r.cells).filter((c) => c.kind !== 'blank');

// Floors measured on 2 cores (scratch acc runs): shanghai 87/87, hubei 115/115, minhang 92/92; floors allow one miss.
describe.each([
  ['shanghai-pudong-t5t6-200dpi', 0.98],
  ['hubei-fancheng-t2t5t6-200dpi', 0.99],
])('%s (auto)', (name, floor) => {
  let record: DocumentRecord;
  const { truth, scannedPages, bytes } = load(name);
  beforeAll(async () => {
    record = await extract(bytes, `${name}.pdf`);
  }, 60_000);

  it('OCRs exactly the scanned pages and finds the tables by title', () => {
    expect(record.provenance.ocrPages).toEqual(scannedPages);
    const want = Object.entries(truth.tables).filter(([, t]) => t.status === 'present').map(([id]) => id);
    expect(present(record).map((t) => t.id).sort()).toEqual(want.sort());
    for (const t of present(record)) expect(t.title).toBeTruthy();
  });

  it('marks every cell as OCR with a confidence', () => {
    for (const t of present(record)) {
      for (const c of cells(t)) {
        expect(c.source).toBe('ocr');
        expect(c.confidence).toBeGreaterThanOrEqual(0);
      }
    }
    const low = present(record).flatMap(cells).filter((c) => c.confidence! < LOW_CONFIDENCE).length;
    expect(record.summary.lowConfidenceCells).toBe(low);
  });

  it(`reads at least ${floor * 100}% of the truth cells exactly`, () => {
    const report = compareFacts(truth.facts, recordFacts(record));
    console.log(`${name}: ${report.exact}/${report.truthCells} exact (${(report.rate * 100).toFixed(1)}%); ${report.mismatches.slice(0, 5).map((m) => JSON.stringify(m)).join(' ')}`);
    expect(report.rate).toBeGreaterThanOrEqual(floor);
  });
});

it('OCRs only the scanned page of a mixed document', async () => {
  const { truth, scannedPages, bytes } = load('shanghai-minhang-mixed-150dpi');
  const record = await extract(bytes, 'mixed.pdf');
  expect(scannedPages).toEqual([3]);
  expect(record.provenance.ocrPages).toEqual([3]);
  for (const t of present(record)) {
    const sources = new Set(cells(t).map((c) => c.source));
    expect([...sources]).toEqual([t.pages.includes(3) ? 'ocr' : 'text']);
  }
  expect(record.tables.t2.status).toBe('present');
  expect(record.tables.t5.status).toBe('present');
  const report = compareFacts(truth.facts, recordFacts(record));
  expect(report.rate).toBeGreaterThanOrEqual(0.98);
}, 60_000);

it('with --ocr never, a scan gives the warning and no cells', async () => {
  const { bytes } = load('shanghai-pudong-t5t6-200dpi');
  const record = await extract(bytes, 'scan.pdf', 'never');
  expect(record.provenance.ocrPages).toEqual([]);
  expect(record.summary.cells).toBe(0);
  expect(record.warnings.some((w) => /text layer not usable.*OCR is off/.test(w.message))).toBe(true);
});
