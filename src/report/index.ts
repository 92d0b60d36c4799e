import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { readRecords } from '../export/facts.js';
import { writeFileAtomic } from '../files/atomic.js';
import type { DocumentRecord, Table } from '../../schemas/record.js';
import { REPORT_CSS, REPORT_JS } from './assets.js';
import { documentHtml, indexHtml, type ReportDoc } from './html.js';
import { renderPages } from './pages.js';
import { locateSource } from './source.js';

export interface ReportOptions {
  /** folder of records (searched recursively, as `export` does) */
  in: string;
  /** folder the static site is written to */
  out: string;
  /** page image resolution (default 110: numbers legible, a 25-page 决算 about 4 MB) */
  dpi?: number;
  onProgress?: (message: string) => void;
}

export interface ReportSummary {
  documents: number;
  skipped: string[];
  pagesRendered: number;
  /** documents whose pages could not be shown, with why */
  withoutPages: string[];
  index: string;
}

/** Pages the report points at: every page a cell, row, narrative figure, check or warning names. */
function pagesOf(r: DocumentRecord): number[] {
  const pages = new Set<number>();
  const add = (p: number | null | undefined) => p != null && pages.add(p);
  for (const t of Object.values(r.tables) as (Table | undefined)[]) {
    for (const p of t?.pages ?? []) add(p);
    for (const row of t?.rows ?? []) {
      add(row.page);
      row.cells.forEach((c) => add(c.page));
    }
  }
  r.narrative.forEach((f) => add(f.page));
  for (const c of r.checks) [c.left, ...c.right].forEach((x) => add(x.page));
  for (const c of r.performance.checks) [c.left, ...c.right].forEach((x) => add(x.page));
  r.warnings.forEach((w) => add(w.page));
  return [...pages];
}

/**
 * Writes the audit report: a static site (open `index.html`, no server) with every document's
 * tables, failed identities, narrative slips and warnings, each clickable to its place on the page.
 * Bad record files are listed and skipped; a document whose source cannot be found is shown
 * without pages, saying why.
 */
export async function writeReport(opts: ReportOptions): Promise<ReportSummary> {
  const dpi = opts.dpi ?? 110;
  const out = resolve(opts.out);
  const files = await readRecords(opts.in);
  const skipped = files.filter((f) => f.error).map((f) => `${f.path}: ${f.error}`);
  await mkdir(join(out, 'assets'), { recursive: true });
  await writeFileAtomic(join(out, 'assets', 'report.css'), REPORT_CSS);
  await writeFileAtomic(join(out, 'assets', 'report.js'), REPORT_JS);
  const docs: ReportDoc[] = [];
  const withoutPages: string[] = [];
  let pagesRendered = 0;
  const recordFiles = files.filter((f) => f.record);
  const dirs = new Set<string>();
  for (const [i, f] of recordFiles.entries()) {
    const record = f.record!;
    // One folder per source document; the same document extracted twice (two outputs) gets a second.
    let dir = `docs/${record.provenance.sha256.slice(0, 12)}`;
    for (let k = 2; dirs.has(dir); k++) dir = `docs/${record.provenance.sha256.slice(0, 12)}-${k}`;
    dirs.add(dir);
    let images: ReportDoc['images'] = [];
    let sourceProblem: string | null = null;
    if (record.provenance.inputKind !== 'pdf') sourceProblem = `a ${record.provenance.inputKind} input has no pages to show (cells give their line or address)`;
    else {
      const src = await locateSource(record, f.path, opts.in);
      if (!src.ok) sourceProblem = src.reason;
      else {
        try {
          const r = await renderPages(src.bytes, record.provenance.sha256, pagesOf(record), join(out, dir), dpi);
          images = r.images;
          pagesRendered += r.rendered;
        } catch (err) {
          sourceProblem = `${src.path}: pages could not be rendered: ${(err as Error).message}`;
        }
      }
    }
    if (sourceProblem && record.provenance.inputKind === 'pdf') withoutPages.push(`${f.path}: ${sourceProblem}`);
    const doc: ReportDoc = { record, dir, images, sourceProblem };
    await mkdir(join(out, dir), { recursive: true });
    await writeFileAtomic(join(out, dir, 'index.html'), documentHtml(doc));
    docs.push(doc);
    opts.onProgress?.(`${i + 1}/${recordFiles.length} ${record.docId}${sourceProblem ? ` (${sourceProblem})` : ''}`);
  }
  const index = join(out, 'index.html');
  await writeFileAtomic(index, indexHtml(docs, skipped));
  return { documents: docs.length, skipped, pagesRendered, withoutPages, index };
}
