/**
 * OCR benchmark (npm run bench -- --scanned): on the scanned fixtures with ground truth
 * (test/fixtures/scanned/*.truth.json) pages/s, peak RSS, exact-cell accuracy before and after identity
 * repair; then a memory-flatness run over a 50-page scan built in memory from the fixture pages
 * (nothing written), printing RSS every 10 pages with worker recycling.
 *
 *   node --import tsx scripts/bench-ocr.ts [--pages 50] [--recycle 10] [--no-flat]
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { GroundTruthSchema } from '../schemas/facts.js';
import type { DocumentRecord } from '../schemas/record.js';
import { compareFacts } from '../src/evaluate/accuracy.js';
import { recordFacts } from '../src/export/facts.js';
import { extractDocument, SharedOcrEngine } from '../src/pipeline/index.js';
import { createOcrEngine } from '../extractors/ocr/pool.js';
import { openPdfForOcr, renderPageGray, type RenderedPage } from '../extractors/ocr/render.js';
import { PROJECT_ROOT } from '../src/project-root.js';

// The package root, whether this runs from scripts/ (tsx) or dist/scripts/ (npm run bench).
const ROOT = PROJECT_ROOT;
const DIR = path.join(ROOT, 'test/fixtures/scanned');
const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const mb = (n: number) => `${(n / 1048576).toFixed(0)} MB`;

let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);

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

const engine = new SharedOcrEngine();
const names = readdirSync(DIR).filter((f) => f.endsWith('.truth.json')).map((f) => f.replace('.truth.json', ''));
let totalPages = 0;
let totalMs = 0;
console.log('scanned fixture                        pages  s      pages/s  exact before → after repair   repaired  failed checks');
for (const name of names) {
  const raw = JSON.parse(readFileSync(path.join(DIR, `${name}.truth.json`), 'utf8'));
  const truth = GroundTruthSchema.parse(raw);
  const bytes = new Uint8Array(readFileSync(path.join(DIR, `${name}.pdf`)));
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
console.log(`total: ${totalPages} OCR pages in ${(totalMs / 1000).toFixed(1)} s = ${(totalPages / (totalMs / 1000)).toFixed(2)} pages/s (incl. worker start), peak RSS ${mb(peak)}`);

if (!process.argv.includes('--no-flat')) {
  // Memory flatness: N pages OCR'd one after another, from the fixture pages rendered once in memory.
  const N = arg('--pages', 50);
  const recycle = arg('--recycle', 10);
  const images: RenderedPage[] = [];
  for (const name of names) {
    const doc = await openPdfForOcr(readFileSync(path.join(DIR, `${name}.pdf`)));
    const scanned = JSON.parse(readFileSync(path.join(DIR, `${name}.truth.json`), 'utf8')).scan.scannedPages as number[];
    for (const p of scanned) images.push(await renderPageGray(await doc.getPage(p), 200));
    await doc.destroy();
  }
  const ocr = await createOcrEngine({ dpi: 200, recycleAfter: recycle });
  const t0 = performance.now();
  console.log(`memory flatness: ${N} pages (${images.length} distinct, repeated), recycle after ${recycle} pages`);
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
clearInterval(sampler);
