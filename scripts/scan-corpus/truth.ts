/**
 * Truth of a source page: the cells a perfect reading of that page yields. For a generated (or
 * producer) fixture it is the fixture's own truth; the born-digital extraction is used only to say on
 * which page each truth cell sits, and only after it was checked to reproduce that truth exactly. For
 * a real document it is the born-digital extraction, whose values are hand-checked in a test.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GroundTruthSchema, type GroundTruth } from '../../schemas/facts.js';
import type { DocumentRecord } from '../../schemas/record.js';
import { asTruth, compareFacts, factKey } from '../../src/evaluate/accuracy.js';
import { recordFacts } from '../../src/export/facts.js';
import { extractDocument } from '../../src/pipeline/index.js';

export type TruthFact = GroundTruth['facts'][number];

export interface SourceTruth {
  record: DocumentRecord;
  /** document block of the truth */
  document: GroundTruth['document'];
  /** truth facts with the page each sits on */
  facts: (TruthFact & { page: number | null })[];
}

const cache = new Map<string, Promise<SourceTruth>>();

const pick = (f: TruthFact): TruthFact => ({
  table: f.table,
  section: f.section,
  row_code: f.row_code,
  row_label: f.row_label,
  line_no: f.line_no,
  column: f.column,
  text: f.text,
  value: f.value,
});

/**
 * `truthFile` given: the fixture's truth, placed on pages by the born-digital extraction (which must
 * match it cell for cell). Without it: the extraction itself (`family` names the layout family).
 */
export function sourceTruth(root: string, file: string, truthFile: string | null, family: GroundTruth['document']['family']): Promise<SourceTruth> {
  const key = `${file}|${truthFile}`;
  let p = cache.get(key);
  if (!p) {
    p = load(root, file, truthFile, family);
    cache.set(key, p);
  }
  return p;
}

async function load(root: string, file: string, truthFile: string | null, family: GroundTruth['document']['family']): Promise<SourceTruth> {
  const bytes = new Uint8Array(readFileSync(path.join(root, file)));
  const record = await extractDocument({ bytes, fileName: path.basename(file) }, { ocr: 'never' });
  const got = recordFacts(record);
  if (!truthFile) {
    const d = record.document;
    if (d.year === null) throw new Error(`${file}: the born-digital extraction found no year`);
    if (d.kind === 'other') throw new Error(`${file}: the born-digital extraction classifies it as not a 决算/预算 (${d.kindReason})`);
    return { record, document: { region: d.region, department: d.department, year: d.year, kind: d.kind, family }, facts: got.map((f) => ({ ...pick(asTruth(f)), page: f.page })) };
  }
  const truth = GroundTruthSchema.parse(JSON.parse(readFileSync(path.join(root, truthFile), 'utf8')));
  const report = compareFacts(truth.facts, got);
  if (report.exact !== report.truthCells || report.extra !== 0) {
    throw new Error(`${file}: the born-digital extraction does not reproduce ${truthFile} (${report.exact}/${report.truthCells} exact, ${report.extra} extra), so it cannot place the truth on pages`);
  }
  const pageOf = new Map<string, number | null>();
  for (const f of got) pageOf.set(`${factKey(asTruth(f))}|${f.value ?? f.text}`, f.page);
  return { record, document: truth.document, facts: truth.facts.map((f) => ({ ...pick(f), page: pageOf.get(`${factKey(f)}|${f.value ?? f.text}`) ?? null })) };
}

/**
 * Truth of one page of a producer fixture (test/fixtures/producers): the facts of the tables that
 * lie on that page alone, by the fixture manifest (table pages read back with pdftotext when it was
 * made) — independent of how our extractor reads the page.
 */
export function producerPageTruth(root: string, manifestFile: string, pdf: string, page: number): { document: GroundTruth['document']; facts: TruthFact[]; units: Record<string, string | null> } {
  const manifest = JSON.parse(readFileSync(path.join(root, manifestFile), 'utf8')) as {
    documents: { pdf: string; truth: string; tables: Record<string, { pages: number[] }> }[];
  };
  const entry = manifest.documents.find((d) => path.join(path.dirname(manifestFile), d.pdf) === pdf);
  if (!entry) throw new Error(`${pdf}: not in ${manifestFile}`);
  const tables = Object.entries(entry.tables).filter(([, t]) => t.pages.length === 1 && t.pages[0] === page).map(([id]) => id);
  if (!tables.length) throw new Error(`${pdf} p.${page}: no table lies on this page alone`);
  const truth = GroundTruthSchema.parse(JSON.parse(readFileSync(path.join(root, path.dirname(manifestFile), entry.truth), 'utf8')));
  const units = Object.fromEntries(Object.entries(truth.tables).map(([id, t]) => [id, t.unit ?? null]));
  return { document: truth.document, facts: truth.facts.filter((f) => tables.includes(f.table)).map(pick), units };
}
