/**
 * OCR benchmark (npm run bench -- --scanned).
 *
 * 1. Scan corpus (scripts/make-scan-corpus.ts): per degradation, pages, exact cells, numeric cells,
 *    seconds per page and peak RSS of our pipeline (extractDocument, --ocr auto); then the same for the
 *    baseline a user would try instead — `ocrmypdf -l chi_sim --output-type pdf` and our born-digital
 *    extractor (--ocr never) on its output. The full corpus is regenerated into scratch/scan-corpus/
 *    when the tools are there, else the committed subset (test/fixtures/scans/) is used.
 * 2. The older scanned fixtures (test/fixtures/scanned/*.truth.json): accuracy before/after repair.
 * 3. Memory flatness: N pages OCR'd one after another (RSS every 10 pages) with worker recycling.
 *
 *   node --import tsx scripts/bench-ocr.ts [--subset | --corpus DIR] [--only SUBSTRING] [--per-variant N] [--regenerate] [--no-baseline]
 *        [--no-fixtures] [--no-flat] [--pages 100] [--recycle 10]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GroundTruthSchema } from '../schemas/facts.js';
import type { DocumentRecord } from '../schemas/record.js';
import { ScanTruthSchema, type ScanTruth } from '../schemas/scan-truth.js';
import { compareFacts } from '../src/evaluate/accuracy.js';
import { recordFacts } from '../src/export/facts.js';
import { extractDocument, SharedOcrEngine } from '../src/pipeline/index.js';
import { createOcrEngine } from '../extractors/ocr/pool.js';
import { openPdfForOcr, renderPageGray, type RenderedPage } from '../extractors/ocr/render.js';
import { PROJECT_ROOT } from '../src/project-root.js';
import { makeScanCorpus } from './make-scan-corpus.js';
import { missingTools } from './scan-corpus/raster.js';

// The package root, whether this runs from scripts/ (tsx) or dist/scripts/ (npm run bench).
const ROOT = PROJECT_ROOT;
const SCANNED = path.join(ROOT, 'test/fixtures/scanned');
const COMMITTED = path.join(ROOT, 'test/fixtures/scans');
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const opt = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const num = (name: string, def: number) => Number(opt(name) ?? def);
const mb = (n: number) => `${(n / 1048576).toFixed(0)} MB`;
const pct = (a: number, b: number) => (b ? `${((a / b) * 100).toFixed(1)}%` : '-');

/** Peak RSS since the last reset, sampled every 50 ms. */
let peak = 0;
let windowPeak = 0;
const sampler = setInterval(() => {
  const rss = process.memoryUsage().rss;
  peak = Math.max(peak, rss);
  windowPeak = Math.max(windowPeak, rss);
}, 50);
const resetWindow = () => (windowPeak = process.memoryUsage().rss);

function table(rows: (string | number)[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ')).join('\n');
}

interface Scan {
  name: string;
  pdf: string;
  truth: ScanTruth;
}

interface Measure {
  pages: number;
  truthCells: number;
  exact: number;
  numericCells: number;
  numericExact: number;
  seconds: number;
  /** CPU seconds (all threads; for the baseline ocrmypdf's children too): less skewed by a busy machine than wall time */
  cpu: number;
  /** bytes; for the baseline, ocrmypdf's own peak (from /usr/bin/time) */
  peakRss: number;
  errors: number;
  /** baseline only: numeric truth cells whose text occurs as a word of the OCR text layer at all */
  inText?: number;
}

const empty = (): Measure => ({ pages: 0, truthCells: 0, exact: 0, numericCells: 0, numericExact: 0, seconds: 0, cpu: 0, peakRss: 0, errors: 0 });
function add(m: Measure, n: Measure): void {
  m.pages += n.pages;
  m.truthCells += n.truthCells;
  m.exact += n.exact;
  m.numericCells += n.numericCells;
  m.numericExact += n.numericExact;
  m.seconds += n.seconds;
  m.cpu += n.cpu;
  m.peakRss = Math.max(m.peakRss, n.peakRss);
  m.errors += n.errors;
  if (n.inText !== undefined) m.inText = (m.inText ?? 0) + n.inText;
}

/** Exact and numeric-exact cells of a record against a scan's truth. */
export function score(truth: ScanTruth, record: DocumentRecord | null): Pick<Measure, 'truthCells' | 'exact' | 'numericCells' | 'numericExact'> {
  const facts = record ? recordFacts(record) : [];
  const all = compareFacts(truth.facts, facts);
  const numeric = truth.facts.filter((f) => f.value !== null);
  const num = compareFacts(numeric, facts);
  return { truthCells: all.truthCells, exact: all.exact, numericCells: num.truthCells, numericExact: num.exact };
}

function loadScans(dir: string): Scan[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.truth.json'))
    .sort()
    .map((f) => {
      const name = f.replace(/\.truth\.json$/, '');
      return { name, pdf: path.join(dir, `${name}.pdf`), truth: ScanTruthSchema.parse(JSON.parse(readFileSync(path.join(dir, f), 'utf8'))) };
    });
}

async function corpus(): Promise<{ dir: string; scans: Scan[]; note: string }> {
  const given = opt('--corpus');
  if (given) return { dir: path.resolve(given), scans: loadScans(path.resolve(given)), note: `corpus ${given}` };
  const missing = missingTools();
  if (flag('--subset') || missing.length) {
    const why = flag('--subset') ? '--subset' : `tools missing (${missing.join(', ')}), so not the full corpus`;
    return { dir: COMMITTED, scans: loadScans(COMMITTED), note: `committed subset test/fixtures/scans (${why})` };
  }
  const dir = path.join(ROOT, 'scratch/scan-corpus');
  if (!flag('--regenerate') && existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.truth.json'))) {
    return { dir, scans: loadScans(dir), note: 'full corpus in scratch/scan-corpus, made earlier (--regenerate to remake it)' };
  }
  const t0 = performance.now();
  await makeScanCorpus({ outDir: dir, full: true, only: opt('--only'), log: () => {} });
  return { dir, scans: loadScans(dir), note: `full corpus regenerated into scratch/scan-corpus in ${((performance.now() - t0) / 1000).toFixed(0)} s` };
}

/** Our pipeline on one scan. */
async function ours(scan: Scan, engine: SharedOcrEngine): Promise<Measure> {
  const bytes = new Uint8Array(readFileSync(scan.pdf));
  resetWindow();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let record: DocumentRecord | null = null;
  let errors = 0;
  try {
    record = await extractDocument({ bytes, fileName: path.basename(scan.pdf) }, { ocrEngine: engine });
  } catch (err) {
    errors++;
    console.error(`  ${scan.name}: ${err instanceof Error ? err.message : err}`);
  }
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { pages: scan.truth.scan.scannedPages.length, ...score(scan.truth, record), seconds, cpu: (c.user + c.system) / 1e6, peakRss: windowPeak, errors };
}

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** The baseline: ocrmypdf adds a text layer, our born-digital extractor reads it. */
async function baseline(scan: Scan, work: string): Promise<Measure> {
  const out = path.join(work, `${scan.name}.ocrmypdf.pdf`);
  const args = ['-l', 'chi_sim', '--output-type', 'pdf', '--jobs', '1', '--quiet', scan.pdf, out];
  const t0 = performance.now();
  const res = TIME ? spawnSync(TIME, ['-f', '%M %U %S', 'ocrmypdf', ...args], { encoding: 'utf8' }) : spawnSync('ocrmypdf', args, { encoding: 'utf8' });
  const c0 = process.cpuUsage();
  let record: DocumentRecord | null = null;
  let errors = 0;
  if (res.status === 0 && existsSync(out)) {
    try {
      record = await extractDocument({ bytes: new Uint8Array(readFileSync(out)), fileName: path.basename(out) }, { ocr: 'never' });
    } catch (err) {
      errors++;
      console.error(`  baseline ${scan.name}: ${err instanceof Error ? err.message : err}`);
    }
  } else {
    errors++;
    console.error(`  baseline ${scan.name}: ocrmypdf exit ${res.status}: ${(res.stderr ?? '').trim().split('\n').slice(-2).join(' ')}`);
  }
  const seconds = (performance.now() - t0) / 1000;
  const inText = existsSync(out) ? valuesInText(scan.truth, out) : 0;
  const [kb, user, sys] = TIME ? (res.stderr ?? '').trim().split('\n').pop()!.split(' ').map(Number) : [NaN, NaN, NaN];
  const c = process.cpuUsage(c0);
  const cpu = (Number.isFinite(user + sys) ? user + sys : 0) + (c.user + c.system) / 1e6;
  return { pages: scan.truth.scan.scannedPages.length, ...score(scan.truth, record), seconds, cpu, peakRss: Number.isFinite(kb) ? kb * 1024 : 0, errors, inText };
}

/**
 * How many numeric truth cells the OCR text layer contains as a word (each word used once),
 * whatever their place: what tesseract itself read, before any table assembly.
 */
function valuesInText(truth: ScanTruth, pdf: string): number {
  const res = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  const words = new Map<string, number>();
  for (const w of (res.stdout ?? '').split(/\s+/)) if (w) words.set(w, (words.get(w) ?? 0) + 1);
  let n = 0;
  for (const f of truth.facts) {
    if (f.value === null) continue;
    const left = words.get(f.text) ?? 0;
    if (left > 0) {
      n++;
      words.set(f.text, left - 1);
    }
  }
  return n;
}

function report(title: string, byName: Map<string, Measure>, byDeg: Map<string, Measure>): void {
  const withText = [...byDeg.values()].some((m) => m.inText !== undefined);
  const head = ['', 'pages', 'exact cells', '%', 'numeric cells', '%', 's/page', 'CPU s/page', 'peak RSS', 'errors', ...(withText ? ['values in text layer', '%'] : [])];
  const line = (k: string, m: Measure) => [
    k, m.pages, `${m.exact}/${m.truthCells}`, pct(m.exact, m.truthCells), `${m.numericExact}/${m.numericCells}`, pct(m.numericExact, m.numericCells),
    (m.seconds / Math.max(1, m.pages)).toFixed(2), (m.cpu / Math.max(1, m.pages)).toFixed(2), m.peakRss ? mb(m.peakRss) : '-', m.errors,
    ...(withText ? [`${m.inText ?? 0}/${m.numericCells}`, pct(m.inText ?? 0, m.numericCells)] : []),
  ];
  const total = empty();
  for (const m of byDeg.values()) add(total, m);
  console.log(`\n${title}: per scan\n`);
  console.log(table([['scan', ...head.slice(1)], ...[...byName].map(([k, m]) => line(k, m))]));
  console.log(`\n${title}: per degradation\n`);
  console.log(table([['degradation', ...head.slice(1)], ...[...byDeg].map(([k, m]) => line(k, m)), line('all', total)]));
}

async function scanCorpus(): Promise<void> {
  const { scans, note } = await corpus();
  const only = opt('--only');
  // --per-variant N: the first N sources of each variant (name = <variant>--<source>), to bound the time.
  const perVariant = num('--per-variant', Infinity);
  const seen = new Map<string, number>();
  const chosen = (only ? scans.filter((s) => s.name.includes(only)) : scans).filter((s) => {
    const v = s.name.split('--')[0];
    seen.set(v, (seen.get(v) ?? 0) + 1);
    return seen.get(v)! <= perVariant;
  });
  console.log(`scan corpus: ${chosen.length} scans, ${note}`);
  const engine = new SharedOcrEngine();
  await engine.get(); // workers started once, outside the per-page times
  const mine = { byName: new Map<string, Measure>(), byDeg: new Map<string, Measure>() };
  for (const s of chosen) {
    const m = await ours(s, engine);
    mine.byName.set(s.name, m);
    const d = mine.byDeg.get(s.truth.scan.degradation) ?? empty();
    add(d, m);
    mine.byDeg.set(s.truth.scan.degradation, d);
  }
  await engine.close();
  report('juesuan (extract, --ocr auto)', mine.byName, mine.byDeg);

  if (flag('--no-baseline')) return;
  if (missingTools(['ocrmypdf', 'tesseract', 'pdftotext']).length) {
    console.log('\nbaseline skipped: ocrmypdf or tesseract is not installed (apt-get install ocrmypdf tesseract-ocr-chi-sim)');
    return;
  }
  const work = mkdtempSync(path.join(os.tmpdir(), 'juesuan-ocrmypdf-'));
  const base = { byName: new Map<string, Measure>(), byDeg: new Map<string, Measure>() };
  try {
    for (const s of chosen) {
      const m = await baseline(s, work);
      base.byName.set(s.name, m);
      const d = base.byDeg.get(s.truth.scan.degradation) ?? empty();
      add(d, m);
      base.byDeg.set(s.truth.scan.degradation, d);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  report('baseline (ocrmypdf -l chi_sim --output-type pdf --jobs 1, then extract --ocr never; RSS = ocrmypdf peak)', base.byName, base.byDeg);
}

/** The record as read, before repair: repaired cells back to their OCR reading. */
function unrepaired(record: DocumentRecord): DocumentRecord {
  const copy = structuredClone(record);
  for (const t of Object.values(copy.tables)) {
    for (const r of t.rows) {
      for (const c of r.cells) {
        if (!c.repaired) continue;
        c.text = c.repaired.originalText;
        c.value = c.text.replace(/,/g, '');
        delete c.repaired;
      }
    }
  }
  return copy;
}

const fixtureNames = () => readdirSync(SCANNED).filter((f) => f.endsWith('.truth.json')).map((f) => f.replace('.truth.json', ''));

async function scannedFixtures(): Promise<void> {
  const engine = new SharedOcrEngine();
  let totalPages = 0;
  let totalMs = 0;
  console.log('\nscanned fixtures (test/fixtures/scanned)\n');
  console.log('scanned fixture                        pages  s      pages/s  exact before → after repair   repaired  failed checks');
  for (const name of fixtureNames()) {
    const truth = GroundTruthSchema.parse(JSON.parse(readFileSync(path.join(SCANNED, `${name}.truth.json`), 'utf8')));
    const bytes = new Uint8Array(readFileSync(path.join(SCANNED, `${name}.pdf`)));
    if (!engine.started) await engine.get();
    const t0 = performance.now();
    const record = await extractDocument({ bytes, fileName: `${name}.pdf` }, { ocrEngine: engine });
    const ms = performance.now() - t0;
    const ocrPages = record.provenance.ocrPages.length;
    totalPages += ocrPages;
    totalMs += ms;
    const after = compareFacts(truth.facts, recordFacts(record));
    const before = compareFacts(truth.facts, recordFacts(unrepaired(record)));
    const repaired = record.warnings.filter((w) => w.code === 'ocr-repair').length;
    console.log(
      `${name.padEnd(38)} ${String(ocrPages).padStart(3)}  ${(ms / 1000).toFixed(1).padStart(5)}  ${(ocrPages / (ms / 1000)).toFixed(2).padStart(7)}  ` +
        `${before.exact}/${before.truthCells} (${(before.rate * 100).toFixed(1)}%) → ${after.exact}/${after.truthCells} (${(after.rate * 100).toFixed(1)}%)  ${String(repaired).padStart(5)}  ${record.summary.checksFailed}`,
    );
  }
  await engine.close();
  console.log(`total: ${totalPages} OCR pages in ${(totalMs / 1000).toFixed(1)} s = ${(totalPages / (totalMs / 1000)).toFixed(2)} pages/s, peak RSS ${mb(peak)}`);
}

/** Memory flatness: N pages OCR'd one after another, from scan pages rendered once in memory. */
async function flatMemory(): Promise<void> {
  const N = num('--pages', 100);
  const recycle = num('--recycle', 10);
  const images: RenderedPage[] = [];
  const sources: { pdf: string; pages: number[] }[] = [
    ...fixtureNames().map((name) => ({ pdf: path.join(SCANNED, `${name}.pdf`), pages: JSON.parse(readFileSync(path.join(SCANNED, `${name}.truth.json`), 'utf8')).scan.scannedPages as number[] })),
    ...loadScans(COMMITTED).map((s) => ({ pdf: s.pdf, pages: s.truth.scan.scannedPages })),
  ];
  for (const s of sources) {
    const doc = await openPdfForOcr(readFileSync(s.pdf));
    for (const p of s.pages) images.push(await renderPageGray(await doc.getPage(p), 200));
    await doc.destroy();
  }
  const ocr = await createOcrEngine({ dpi: 200, recycleAfter: recycle });
  const t0 = performance.now();
  console.log(`\nmemory flatness: ${N} pages (${images.length} distinct, repeated), recycle after ${recycle} pages`);
  for (let i = 1; i <= N; i++) {
    await ocr.readImage(images[(i - 1) % images.length], i);
    if (i % 10 === 0) {
      const m = process.memoryUsage();
      console.log(`  page ${String(i).padStart(3)}: rss ${mb(m.rss)} heap ${mb(m.heapUsed)} external ${mb(m.external)}  workers started ${ocr.stats.workersStarted} recycled ${ocr.stats.workersRecycled}  ${(i / ((performance.now() - t0) / 1000)).toFixed(2)} pages/s`);
    }
  }
  await ocr.close();
  console.log(`peak RSS ${mb(peak)}`);
}

async function main(): Promise<void> {
  mkdirSync(path.join(ROOT, 'scratch'), { recursive: true });
  await scanCorpus();
  if (!flag('--no-fixtures')) await scannedFixtures();
  if (!flag('--no-flat')) await flatMemory();
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => clearInterval(sampler));
