/**
 * The scan corpus (issue 8): born-digital pages from independent producers (pdfkit fixtures,
 * LibreOffice Writer from HTML, the real ONLYOFFICE putuo-caizhengju-2024.pdf) rasterised by poppler
 * or Ghostscript — not our renderer — degraded with ImageMagick (grey, RGB JPEG, bilevel G4, skew,
 * noise, blur, uneven light, thin grey rules, a red seal, a sideways page, no outer border, a
 * three-line table) and wrapped back into image-only PDFs with img2pdf. Each scan NAME.pdf gets
 * NAME.truth.json (schemas/scan-truth.ts): the truth cells of the pages it contains.
 *
 *   node --import tsx scripts/make-scan-corpus.ts              # committed subset → test/fixtures/scans/
 *   node --import tsx scripts/make-scan-corpus.ts --full [--out scratch/scan-corpus]
 *   node --import tsx scripts/make-scan-corpus.ts --heldout [--out scratch/scan-heldout]   # held-out sources (docs/scan-heldout.md)
 *   … [--only NAME_SUBSTRING]
 *
 * Needs pdftoppm (poppler-utils), gs, ImageMagick (convert, identify), img2pdf, soffice, fonts-noto-cjk.
 * Deterministic up to the tools' versions (ImageMagick noise is seeded).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TABLE_IDS } from '../schemas/catalog.js';
import type { Table } from '../schemas/record.js';
import { ScanTruthSchema, type ScanTruth } from '../schemas/scan-truth.js';
import { compareFacts } from '../src/evaluate/accuracy.js';
import { recordFacts } from '../src/export/facts.js';
import { extractDocument } from '../src/pipeline/index.js';
import { PROJECT_ROOT } from '../src/project-root.js';
import { tableHtml } from './scan-corpus/html-table.js';
import { missingTools, scanPage } from './scan-corpus/raster.js';
import { HELDOUT_SCAN_SOURCES, HTML_SOURCES, PDF_SOURCES, RULING_SOURCES, VARIANTS, type HtmlSource, type Source, type Variant } from './scan-corpus/specs.js';
import { producerPageTruth, sourceTruth, type TruthFact } from './scan-corpus/truth.js';

const ROOT = PROJECT_ROOT;
export const COMMITTED_DIR = 'test/fixtures/scans';

/** A source page ready to rasterise: the PDF, its page, the truth of that page. */
interface Prepared {
  pdf: string;
  page: number;
  /** repository path of the born-digital PDF (for HTML sources: the generated fixture it came from) */
  origin: string;
  producer: ScanTruth['scan']['producer'];
  truthFrom: ScanTruth['scan']['truthFrom'];
  document: ScanTruth['document'];
  facts: TruthFact[];
  units: Record<string, string | null>;
  html?: ScanTruth['scan']['html'];
}

const strip = ({ page: _page, ...f }: TruthFact & { page?: number | null }): TruthFact => f;

async function preparePdf(s: Extract<Source, { kind: 'pdf' }>): Promise<Prepared> {
  if (s.manifest) {
    const t = producerPageTruth(ROOT, s.manifest, s.file, s.page);
    return { pdf: path.join(ROOT, s.file), page: s.page, origin: s.file, producer: s.producer, truthFrom: 'producer-truth', document: t.document, facts: t.facts, units: t.units };
  }
  const t = await sourceTruth(ROOT, s.file, s.truthFile, s.family);
  const facts = t.facts.filter((f) => f.page === s.page).map(strip);
  if (!facts.length) throw new Error(`${s.file} p.${s.page}: no table cells on this page`);
  const units = Object.fromEntries((Object.values(t.record.tables) as Table[]).map((tb) => [tb.id, tb.unit]));
  return { pdf: path.join(ROOT, s.file), page: s.page, origin: s.file, producer: s.producer, truthFrom: s.truthFile ? 'generated-truth' : 'hand-checked-extraction', document: t.document, facts, units };
}

/** Writes the table as HTML, lays it out with LibreOffice Writer, and checks it fits on one page. */
async function prepareHtml(s: HtmlSource, work: string): Promise<Prepared> {
  const truthFile = s.fixture.replace(/\.pdf$/, '.truth.json');
  const t = await sourceTruth(ROOT, s.fixture, truthFile, s.codes === 'split' ? 'shanghai' : 'hubei');
  const table = t.record.tables[s.table] as Table;
  const htmlPath = path.join(work, `${s.id}.html`);
  writeFileSync(htmlPath, tableHtml(table, { style: s.style, codes: s.codes, font: s.font, caption: `部门：${t.document.department}` }));
  // Its own profile, so a LibreOffice started by someone else is neither used nor disturbed.
  execFileSync('soffice', [`-env:UserInstallation=file://${path.join(os.tmpdir(), 'juesuan-scan-corpus-lo')}`, '--headless', '--infilter=HTML (StarWriter)', '--convert-to', 'pdf:writer_pdf_Export', '--outdir', work, htmlPath], { stdio: 'ignore' });
  const pdf = path.join(work, `${s.id}.pdf`);
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1]);
  if (pages !== 1) throw new Error(`${s.id}: LibreOffice laid the table out on ${pages} pages; the corpus wants one`);
  const facts = t.facts.filter((f) => f.table === s.table).map(strip);
  // Not a truth check (the truth is what was written), a note on how our born-digital reader does.
  const rec = await extractDocument({ bytes: new Uint8Array(readFileSync(pdf)), fileName: `${s.id}.pdf` }, { ocr: 'never' });
  const r = compareFacts(facts, recordFacts(rec));
  console.log(`  ${s.id}: LibreOffice PDF read born-digital ${r.exact}/${r.truthCells}`);
  return { pdf, page: 1, origin: s.fixture, producer: 'libreoffice-writer', truthFrom: 'html-source', document: t.document, facts, units: { [s.table]: table.unit }, html: { table: s.table, style: s.style } };
}

function truthOf(name: string, p: Prepared, v: Variant, steps: string[]): ScanTruth {
  const present = new Set(p.facts.map((f) => f.table));
  const tables = Object.fromEntries(TABLE_IDS.map((id) => [id, present.has(id) ? { status: 'present' as const, unit: p.units[id] ?? undefined } : { status: 'missing' as const }]));
  return ScanTruthSchema.parse({
    file: `${name}.pdf`,
    document: p.document,
    tables,
    facts: p.facts,
    expectedFailures: [],
    scan: {
      degradation: v.degradation,
      source: p.origin,
      html: p.html,
      sourcePages: [p.page],
      scannedPages: [1],
      producer: p.producer,
      truthFrom: p.truthFrom,
      dpi: v.raster.dpi,
      raster: v.raster.raster === 'pdftoppm' ? 'pdftoppm' : 'ghostscript',
      encoding: v.raster.encoding,
      steps,
    },
  });
}

export interface CorpusEntry {
  name: string;
  pdf: string;
  truth: string;
  degradation: string;
  variant: string;
}

/**
 * Makes the corpus into `outDir`: with `full`, every variant on every source it applies to; else the
 * committed subset (one page per variant that names a committed source); with `heldout`, every variant
 * on the held-out sources of its kind (HELDOUT_SCAN_SOURCES). Returns the scans made.
 */
export async function makeScanCorpus(opts: { outDir: string; full: boolean; heldout?: boolean; only?: string; log?: (s: string) => void }): Promise<CorpusEntry[]> {
  const log = opts.log ?? console.log;
  const missing = missingTools();
  if (missing.length) throw new Error(`scan corpus: missing tools ${missing.join(', ')} (apt-get install poppler-utils ghostscript imagemagick img2pdf libreoffice-writer fonts-noto-cjk)`);
  mkdirSync(opts.outDir, { recursive: true });
  const work = mkdtempSync(path.join(os.tmpdir(), 'juesuan-scan-'));
  const sources: Source[] = opts.heldout ? HELDOUT_SCAN_SOURCES : [...PDF_SOURCES, ...RULING_SOURCES, ...HTML_SOURCES];
  const prepared = new Map<string, Promise<Prepared>>();
  const prepare = (s: Source) => {
    let p = prepared.get(s.id);
    if (!p) {
      p = s.kind === 'pdf' ? preparePdf(s) : prepareHtml(s, work);
      prepared.set(s.id, p);
    }
    return p;
  };
  const made: CorpusEntry[] = [];
  try {
    for (const v of VARIANTS) {
      const targets = opts.full || opts.heldout ? sources.filter(v.sources) : sources.filter((s) => s.id === v.committed);
      for (const s of targets) {
        const name = `${v.name}--${s.id}`;
        if (opts.only && !name.includes(opts.only)) continue;
        const p = await prepare(s);
        const dir = mkdtempSync(path.join(work, 'v-'));
        const out = path.join(opts.outDir, `${name}.pdf`);
        const steps = scanPage(p.pdf, p.page, v.raster, dir, out);
        const truth = truthOf(name, p, v, steps.map((st) => st.split(p.pdf).join(s.kind === 'pdf' ? `${p.origin}` : `${s.id}.pdf`).split(opts.outDir + '/').join('')));
        const truthPath = path.join(opts.outDir, `${name}.truth.json`);
        writeFileSync(truthPath, `${JSON.stringify(truth, null, 1)}\n`);
        rmSync(dir, { recursive: true, force: true });
        made.push({ name, pdf: out, truth: truthPath, degradation: v.degradation, variant: v.name });
        log(`${name}: ${truth.facts.length} truth cells, ${(readFileSync(out).length / 1024).toFixed(0)} KiB`);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return made;
}

/** HTML of each LibreOffice source, so the README can point at how they were made. */
export { HTML_SOURCES };

async function main() {
  const args = process.argv.slice(2);
  const full = args.includes('--full');
  const heldout = args.includes('--heldout');
  const oi = args.indexOf('--out');
  const outDir = path.resolve(ROOT, oi >= 0 ? args[oi + 1] : heldout ? 'scratch/scan-heldout' : full ? 'scratch/scan-corpus' : COMMITTED_DIR);
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
  if (!existsSync(path.join(ROOT, 'test/fixtures/generated'))) throw new Error('run from the juesuan checkout');
  const made = await makeScanCorpus({ outDir, full, heldout, only });
  if (!full && !heldout) writeFileSync(path.join(outDir, 'README.md'), readme(committedEntries(outDir)));
  console.log(`${made.length} scans in ${path.relative(ROOT, outDir) || outDir}`);
}

/** The committed scans present in `dir`, in variant order (`--only` remakes one; the README lists all). */
function committedEntries(dir: string): CorpusEntry[] {
  return VARIANTS.filter((v) => v.committed).flatMap((v) => {
    const name = `${v.name}--${v.committed}`;
    const pdf = path.join(dir, `${name}.pdf`);
    const truth = path.join(dir, `${name}.truth.json`);
    return existsSync(pdf) && existsSync(truth) ? [{ name, pdf, truth, degradation: v.degradation, variant: v.name }] : [];
  });
}

/** The committed subset's README: how each scan was made, from its truth file. */
function readme(made: CorpusEntry[]): string {
  const rows = made.map((m) => {
    const t = ScanTruthSchema.parse(JSON.parse(readFileSync(m.truth, 'utf8')));
    const s = t.scan;
    return { m, t, s, size: readFileSync(m.pdf).length };
  });
  return `# Scan corpus: committed subset

Made by \`node --import tsx scripts/make-scan-corpus.ts\` (this README too); the full corpus (every
degradation on every source page, ${VARIANTS.length} variants) by \`… --full\` into \`scratch/scan-corpus/\`,
which \`npm run bench -- --scanned\` does when the tools are there. Never made by our own renderer:
pages are rasterised by poppler (\`pdftoppm\`) or Ghostscript, degraded with ImageMagick 6 and wrapped
into an image-only PDF by img2pdf (no re-encoding; the DPI is recorded in the PDF).

Sources (born-digital, with truth for every cell):
- \`pdfkit\`: our generated fixtures (test/fixtures/generated); truth = the fixture's truth, placed on
  pages by the born-digital extraction, which must reproduce it exactly.
- \`onlyoffice\`: the real putuo-caizhengju-2024.pdf (上海市普陀区财政局 2024 决算, ONLYOFFICE 8);
  truth = its born-digital extraction, whose values are hand-checked in test/real-pdfs.test.ts.
- \`libreoffice-writer\`: one table of a generated fixture written as HTML
  (scripts/scan-corpus/html-table.ts: fully ruled, thin grey rules, no outer border, or three-line)
  and laid out by LibreOffice Writer (\`soffice --infilter="HTML (StarWriter)" --convert-to pdf\`);
  truth = the cells written into the HTML.

Each \`NAME.truth.json\` follows schemas/scan-truth.ts: GroundTruthSchema (the cells of the page) plus
\`scan\` (degradation, source and page, producer, dpi, rasteriser, encoding, and the exact commands).

| scan | degradation | source | producer | dpi | encoding | cells | KiB |
| --- | --- | --- | --- | --- | --- | --- | --- |
${rows.map(({ m, t, s, size }) => `| ${m.name}.pdf | ${s.degradation} | ${s.html ? `${s.html.table} of ${s.source} as HTML (${s.html.style})` : `${s.source} p.${s.sourcePages.join(',')}`} | ${s.producer} | ${s.dpi} | ${s.encoding} | ${t.facts.length} | ${(size / 1024).toFixed(0)} |`).join('\n')}

## Commands

${rows.map(({ m, s }) => `- ${m.name}:\n${s.steps.map((st) => `  - \`${st}\``).join('\n')}`).join('\n')}
`;
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}
