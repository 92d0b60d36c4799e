/**
 * Makes the scanned-PDF fixtures in test/fixtures/scanned/ from born-digital pages:
 * render → grayscale → slight rotation → speckle noise → JPEG → image-only PDF (pdfkit), plus a
 * `.cells.json` truth taken from the source page's own text layer (each text item is placed in
 * the grid cell, found on the clean render, that contains it). Also makes one PDF whose visible
 * page is an image while its text layer is Latin-1 junk, for the needs-OCR decision.
 *
 *   node --import tsx scripts/make-scanned-fixtures.ts
 *
 * Multi-page scans with ground truth (DOC_SPECS): table pages of a generated fixture, each page
 * scanned the same way, with `NAME.truth.json` = the generated fixture's truth restricted to the
 * tables on those pages (GroundTruthSchema shape, plus a `scan` block saying which pages are
 * images). A page listed in `bornDigital` is copied unchanged (qpdf), for the page-by-page mix.
 *
 * Deterministic (seeded noise). Needs qpdf to cut born-digital pages out and to join mixed documents.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import type { PDFPageProxy } from 'pdfjs-dist/types/src/display/api.js';
import { detectGrids, rotateGray } from '../extractors/ocr/grid.js';
import { encodeJpeg, openPdfForOcr, renderPageGray, type GrayImage } from '../extractors/ocr/render.js';
import { Rng } from './fixtures/model.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'test/fixtures/scanned');

interface Spec {
  name: string;
  source: string;
  page: number;
  dpi: number;
  rotate: number;
  speckle: number;
  jpegQuality: number;
  seed: number;
  /** share of pixels with sensor noise (default 0.02) */
  noise?: number;
}

const SPECS: Spec[] = [
  { name: 'hubei-jiaoyu-p5-200dpi', source: 'test/fixtures/generated/hubei-2019-jiangan-jiaoyu.pdf', page: 5, dpi: 200, rotate: 0.7, speckle: 0.0004, jpegQuality: 60, seed: 7 },
  { name: 'putuo-p8-150dpi', source: 'test/fixtures/real/putuo-caizhengju-2024.pdf', page: 8, dpi: 150, rotate: -0.4, speckle: 0.0003, jpegQuality: 60, seed: 11 },
  { name: 'putuo-p16-300dpi', source: 'test/fixtures/real/putuo-caizhengju-2024.pdf', page: 16, dpi: 300, rotate: 0.3, speckle: 0.0002, jpegQuality: 30, seed: 13 },
];

/** A scanned document with ground truth: some table pages of a generated fixture. */
export interface DocSpec {
  name: string;
  /** generated fixture (its `.truth.json` sits next to it) */
  source: string;
  /** source pages, in order */
  pages: number[];
  /** source pages copied born-digital (the rest are scanned) */
  bornDigital?: number[];
  /** tables (entirely on these pages) whose facts make the truth */
  tables: string[];
  dpi: number;
  /** rotation per scanned page, degrees (cycled) */
  rotate: number[];
  speckle: number;
  /** share of pixels with sensor noise */
  noise: number;
  jpegQuality: number;
  seed: number;
}

export const DOC_SPECS: DocSpec[] = [
  // Hubei 2021 (元, thousands separators): 表2, 表5, 表6. (A 200 dpi table page is ~190 KiB as JPEG.)
  { name: 'hubei-fancheng-t2t5t6-200dpi', source: 'test/fixtures/generated/hubei-2021-fancheng-nongye.pdf', pages: [5, 9, 10], tables: ['t2', 't5', 't6'], dpi: 200, rotate: [0.6, -0.4, 0.9], speckle: 0.0003, noise: 0.004, jpegQuality: 40, seed: 21 },
  // Shanghai 2024 (万元, split 类/款/项 code columns): 表5, 表6 (two groups, 类/款 code columns).
  { name: 'shanghai-pudong-t5t6-200dpi', source: 'test/fixtures/generated/shanghai-2024-pudong-wenlv.pdf', pages: [10, 11], tables: ['t5', 't6'], dpi: 200, rotate: [-0.5, 0.4], speckle: 0.0003, noise: 0.004, jpegQuality: 40, seed: 23 },
  // Mixed: 表2 and 表5 born-digital, 表7 scanned at 150 dpi after them.
  { name: 'shanghai-minhang-mixed-150dpi', source: 'test/fixtures/generated/shanghai-2024-minhang-sifa.pdf', pages: [6, 10, 12], bornDigital: [6, 10], tables: ['t2', 't5', 't7'], dpi: 150, rotate: [0.5], speckle: 0.0003, noise: 0.004, jpegQuality: 45, seed: 29 },
];

/** Scanner-like degradation: uneven paper tone, sensor noise, black specks. */
function degrade(img: GrayImage, spec: Spec): GrayImage {
  const rng = new Rng(spec.seed);
  const rnd = () => rng.next();
  const out = new Uint8Array(img.data);
  const { width: W, height: H } = img;
  for (let i = 0; i < out.length; i++) {
    const v = out[i] - 8 + (rnd() < (spec.noise ?? 0.02) ? (rnd() - 0.5) * 40 : 0); // paper a little grey, sparse sensor noise
    out[i] = Math.max(0, Math.min(255, Math.round(v)));
  }
  const specks = Math.round(W * H * spec.speckle);
  for (let k = 0; k < specks; k++) {
    const x = Math.floor(rnd() * (W - 2));
    const y = Math.floor(rnd() * (H - 2));
    const big = rnd() < 0.2;
    out[y * W + x] = 20;
    if (big) out[y * W + x + 1] = out[(y + 1) * W + x] = 30;
  }
  return { width: W, height: H, data: out };
}

async function imagePdf(pages: Array<{ jpeg: Buffer; width: number; height: number; junk?: Array<{ text: string; x: number; y: number; size: number }> }>): Promise<Buffer> {
  const doc = new PDFDocument({ autoFirstPage: false, compress: true, info: { Producer: 'juesuan make-scanned-fixtures', Creator: 'scanner simulation' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  for (const p of pages) {
    doc.addPage({ size: [p.width, p.height], margin: 0 });
    doc.image(p.jpeg, 0, 0, { width: p.width, height: p.height });
    if (p.junk) {
      // An invisible text layer that maps to garbage, as a font without ToUnicode produces.
      doc.fillOpacity(0).font('Helvetica');
      for (const j of p.junk) doc.fontSize(j.size).text(j.text, j.x, j.y, { lineBreak: false });
      doc.fillOpacity(1);
    }
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

export interface ScannedTruth {
  name: string;
  source: string;
  page: number;
  dpi: number;
  rotate: number;
  pageWidth: number;
  pageHeight: number;
  tables: Array<{ nRows: number; nCols: number; cells: Array<{ row: number; col: number; rowSpan: number; colSpan: number; text: string }> }>;
  /** Text items outside every table, top to bottom. */
  texts: string[];
}

interface Item {
  str: string;
  transform: number[];
  width: number;
  height: number;
}

/** Cell truth from the source page's own text layer. */
async function truthFor(page: PDFPageProxy, spec: Spec): Promise<ScannedTruth> {
  const img = await renderPageGray(page, spec.dpi);
  const det = detectGrids(img, { dpi: spec.dpi, noDeskew: true });
  const tc = await page.getTextContent();
  const items = (tc.items as Item[]).filter((i) => i.str.trim());
  const s = img.scale;
  const centre = (it: Item): [number, number] => [(it.transform[4] + it.width / 2) * s, (img.pageHeight - it.transform[5] - it.height * 0.35) * s];
  const used = new Set<Item>();
  const order = (a: Item, b: Item) => (Math.abs(a.transform[5] - b.transform[5]) > 3 ? b.transform[5] - a.transform[5] : a.transform[4] - b.transform[4]);
  const tables = det.tables.map((t) => ({
    nRows: t.rowEdges.length - 1,
    nCols: t.colEdges.length - 1,
    cells: t.cells.map((c) => {
      const inside = items.filter((it) => {
        const [x, y] = centre(it);
        return x > c.x0 && x < c.x1 && y > c.y0 && y < c.y1;
      });
      inside.forEach((it) => used.add(it));
      inside.sort(order);
      return { row: c.row, col: c.col, rowSpan: c.rowSpan, colSpan: c.colSpan, text: inside.map((i) => i.str.trim()).join('') };
    }),
  }));
  const texts = items.filter((i) => !used.has(i)).sort(order).map((i) => i.str.trim());
  return { name: spec.name, source: spec.source, page: spec.page, dpi: spec.dpi, rotate: spec.rotate, pageWidth: img.pageWidth, pageHeight: img.pageHeight, tables, texts };
}

/** Latin-1 junk of the kind a GBK font without ToUnicode yields. */
function junkFor(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) out += ch;
    else out += String.fromCharCode(0xa1 + ((cp >> 7) % 94), 0xa1 + (cp % 94));
  }
  return out;
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const docs = new Map<string, Awaited<ReturnType<typeof openPdfForOcr>>>();
  const open = async (file: string) => {
    if (!docs.has(file)) docs.set(file, await openPdfForOcr(readFileSync(path.join(ROOT, file))));
    return docs.get(file)!;
  };
  for (const spec of SPECS) {
    if (!existsSync(path.join(ROOT, spec.source))) {
      console.warn(`skip ${spec.name}: ${spec.source} missing`);
      continue;
    }
    const doc = await open(spec.source);
    const page = await doc.getPage(spec.page);
    const truth = await truthFor(page, spec);
    const img = await renderPageGray(page, spec.dpi);
    const scan = degrade(rotateGray(img, spec.rotate), spec);
    const jpeg = encodeJpeg(scan, spec.jpegQuality);
    const pdf = await imagePdf([{ jpeg, width: img.pageWidth, height: img.pageHeight }]);
    writeFileSync(path.join(OUT, `${spec.name}.pdf`), pdf);
    writeFileSync(path.join(OUT, `${spec.name}.cells.json`), JSON.stringify(truth, null, 1) + '\n');
    console.log(`${spec.name}.pdf ${(pdf.length / 1024).toFixed(0)} KiB, tables ${truth.tables.map((t) => `${t.nRows}x${t.nCols}`).join(',')}`);
  }

  for (const spec of DOC_SPECS) await makeDoc(spec, open);

  // Garbage text layer over an image of the page.
  {
    const spec = SPECS[0];
    if (existsSync(path.join(ROOT, spec.source))) {
      const doc = await open(spec.source);
      const page = await doc.getPage(spec.page);
      const img = await renderPageGray(page, 100);
      const jpeg = encodeJpeg(img, 60);
      const tc = await page.getTextContent();
      const junk = (tc.items as Item[])
        .filter((i) => i.str.trim())
        .map((i) => ({ text: junkFor(i.str), x: i.transform[4], y: img.pageHeight - i.transform[5] - i.height, size: Math.max(4, i.height) }));
      const pdf = await imagePdf([{ jpeg, width: img.pageWidth, height: img.pageHeight, junk }]);
      writeFileSync(path.join(OUT, 'garbage-text-layer.pdf'), pdf);
      console.log(`garbage-text-layer.pdf ${(pdf.length / 1024).toFixed(0)} KiB`);
    }
  }

  // The born-digital source page, for the "text layer usable" side of the decision.
  const bd = path.join(OUT, 'born-digital-source.pdf');
  try {
    execFileSync('qpdf', ['--empty', '--pages', path.join(ROOT, SPECS[0].source), String(SPECS[0].page), '--', bd]);
    console.log(`born-digital-source.pdf ${(readFileSync(bd).length / 1024).toFixed(0)} KiB`);
  } catch (e) {
    console.warn(`qpdf not available, born-digital-source.pdf not made: ${(e as Error).message}`);
  }
  for (const d of docs.values()) await d.destroy();
}

/** One DocSpec → NAME.pdf (scanned pages as images, born-digital ones copied) + NAME.truth.json. */
async function makeDoc(spec: DocSpec, open: (file: string) => Promise<Awaited<ReturnType<typeof openPdfForOcr>>>): Promise<void> {
  const src = path.join(ROOT, spec.source);
  const truthFile = src.replace(/\.pdf$/, '.truth.json');
  if (!existsSync(src) || !existsSync(truthFile)) {
    console.warn(`skip ${spec.name}: ${spec.source} or its truth missing`);
    return;
  }
  const doc = await open(spec.source);
  const bd = new Set(spec.bornDigital ?? []);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'scanned-'));
  try {
    // Each page as its own one-page PDF, then joined in order with qpdf.
    const parts: string[] = [];
    let k = 0;
    for (const [i, n] of spec.pages.entries()) {
      if (bd.has(n)) {
        parts.push(src, String(n));
        continue;
      }
      const page = await doc.getPage(n);
      const img = await renderPageGray(page, spec.dpi);
      const scan = degrade(rotateGray(img, spec.rotate[k % spec.rotate.length]), { ...SPECS[0], speckle: spec.speckle, noise: spec.noise, seed: spec.seed + k });
      k++;
      const pdf = await imagePdf([{ jpeg: encodeJpeg(scan, spec.jpegQuality), width: img.pageWidth, height: img.pageHeight }]);
      const file = path.join(tmp, `p${i}.pdf`);
      writeFileSync(file, pdf);
      parts.push(file, '1');
    }
    const out = path.join(OUT, `${spec.name}.pdf`);
    execFileSync('qpdf', ['--empty', '--pages', ...parts, '--', out]);
    const truth = JSON.parse(readFileSync(truthFile, 'utf8')) as { file: string; tables: Record<string, { status: string; unit?: string }>; facts: Array<{ table: string }>; document: unknown; notes?: unknown };
    const restricted = {
      file: `${spec.name}.pdf`,
      document: truth.document,
      tables: Object.fromEntries(Object.entries(truth.tables).map(([id, t]) => [id, spec.tables.includes(id) ? t : { status: 'missing' }])),
      facts: truth.facts.filter((f) => spec.tables.includes(f.table)),
      expectedFailures: [],
      scan: {
        source: spec.source,
        sourcePages: spec.pages,
        /** 1-based pages of this PDF that are images (need OCR) */
        scannedPages: spec.pages.map((n, i) => (bd.has(n) ? 0 : i + 1)).filter(Boolean),
        dpi: spec.dpi,
        rotate: spec.rotate,
        jpegQuality: spec.jpegQuality,
      },
    };
    writeFileSync(path.join(OUT, `${spec.name}.truth.json`), JSON.stringify(restricted, null, 1) + '\n');
    console.log(`${spec.name}.pdf ${(readFileSync(out).length / 1024).toFixed(0)} KiB, ${spec.pages.length} pages (${restricted.scan.scannedPages.length} scanned), ${restricted.facts.length} facts`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

// Only the multi-page documents: node --import tsx scripts/make-scanned-fixtures.ts --docs
if (process.argv.includes('--docs')) {
  const docs = new Map<string, Awaited<ReturnType<typeof openPdfForOcr>>>();
  const open = async (file: string) => {
    if (!docs.has(file)) docs.set(file, await openPdfForOcr(readFileSync(path.join(ROOT, file))));
    return docs.get(file)!;
  };
  mkdirSync(OUT, { recursive: true });
  for (const spec of DOC_SPECS) await makeDoc(spec, open);
  for (const d of docs.values()) await d.destroy();
} else {
  await main();
}
