/**
 * Born-digital fixtures from producers other than our pdfkit generator, with ground truth for every cell:
 *   writer — the model's tables as HTML, converted by LibreOffice Writer (soffice --convert-to pdf)
 *   calc   — the model's tables as XLSX (SheetJS), converted by LibreOffice Calc
 *   chromium — the same HTML as writer, printed by headless Chromium (Skia PDF)
 * The data and truth come from the same model as test/fixtures/generated (scripts/fixtures/), so the
 * tables are identical in content and differ only in how they are printed. Writes
 * test/fixtures/producers/<producer>-<variant>-<doc>.pdf + .truth.json + manifest.json (which also lists
 * the pdfkit documents of test/fixtures/generated as producer "pdfkit").
 * Needs soffice, chromium, pdftotext and fonts-noto-cjk; tests only read the committed outputs.
 *
 *   npm run fixtures:producers [-- name-filter]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DOCS, HELDOUT_DOCS, HELDOUT5_DOCS, HELDOUT6_DOCS, HELDOUT7_DOCS, HELDOUT8_DOCS, HELDOUT9_DOCS, HELDOUT10_DOCS, HELDOUT11_DOCS, HELDOUT12_DOCS, type FixtureDoc } from './fixtures/docs.js';
import { buildModel } from './fixtures/model.js';
import { buildTables, type TableBlock, type TableId } from './fixtures/tables.js';
import { documentBlocks } from './fixtures/producers/content.js';
import { renderHtml } from './fixtures/producers/html.js';
import { renderXlsx } from './fixtures/producers/xlsx.js';
import { convertToPdf, sofficeAvailable, sofficeConvert } from './fixtures/producers/soffice.js';
import { redistill } from './fixtures/producers/redistill.js';
import { chromiumAvailable, printToPdf } from './fixtures/producers/chromium.js';
import { groundTruth, pageTexts, tablePages, unprinted } from './fixtures/producers/truth.js';
import { FIXTURES, layoutOf, type ProducerFixture } from './fixtures/producers/list.js';
import type { HeldoutSet } from '../src/evaluate/accuracy.js';

const OUT = path.resolve('test/fixtures/producers');
const GENERATED = path.resolve('test/fixtures/generated');

function docById(id: string): FixtureDoc {
  const d = [...DOCS, ...HELDOUT_DOCS, ...HELDOUT5_DOCS, ...HELDOUT6_DOCS, ...HELDOUT7_DOCS, ...HELDOUT8_DOCS, ...HELDOUT9_DOCS, ...HELDOUT10_DOCS, ...HELDOUT11_DOCS, ...HELDOUT12_DOCS].find((x) => x.spec.id === id);
  if (!d) throw new Error(`unknown document ${id}`);
  return d;
}

function dateOf(doc: FixtureDoc): Date {
  const [y, m, d] = doc.date;
  return new Date(Date.UTC(y, m - 1, d, 9, 0, 0));
}

function render(fx: ProducerFixture, doc: FixtureDoc, blocks: TableBlock[], model: ReturnType<typeof buildModel>): Buffer {
  const content = documentBlocks(doc, model, blocks);
  const title = `${doc.spec.year}年度${doc.spec.department}部门决算`;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'juesuan-src-'));
  try {
    if (fx.producer === 'writer') {
      const file = path.join(tmp, `${fx.name}.html`);
      fs.writeFileSync(file, renderHtml(content, fx.variant, title, 'writer'));
      if (fx.variant.via !== 'docx') return convertToPdf(file, dateOf(doc), 'HTML (StarWriter)');
      const docx = path.join(tmp, `${fx.name}.docx`);
      fs.writeFileSync(docx, sofficeConvert(file, 'docx:MS Word 2007 XML', 'HTML (StarWriter)'));
      return convertToPdf(docx, dateOf(doc));
    }
    if (fx.producer === 'chromium') {
      const file = path.join(tmp, `${fx.name}.html`);
      fs.writeFileSync(file, renderHtml(content, fx.variant, title, 'chromium'));
      return printToPdf(file, dateOf(doc));
    }
    const file = path.join(tmp, `${fx.name}.xlsx`);
    fs.writeFileSync(file, renderXlsx(content, fx.variant, title, dateOf(doc)));
    return convertToPdf(file, dateOf(doc));
  } finally {
    // JUESUAN_KEEP_SOURCES=dir keeps the HTML/XLSX given to LibreOffice (to look at or reconvert by hand)
    const keep = process.env.JUESUAN_KEEP_SOURCES;
    if (keep) fs.cpSync(tmp, keep, { recursive: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

interface ManifestEntry {
  name: string;
  producer: string;
  variant: string;
  doc: string;
  pdf: string;
  truth: string;
  pages: number;
  facts: number;
  expectedFailures: number;
  /** per table: layout bucket for the bench and the pages it occupies */
  tables: Record<string, { layout: string; pages: number[] }>;
  varies: string[];
  /** held-out set (scripts/fixtures/producers/list.ts: HELDOUT, HELDOUT2 … HELDOUT8) */
  heldout?: HeldoutSet;
}

function entry(name: string, producer: string, variant: string, doc: FixtureDoc, pdfPath: string, truthPath: string, blocks: TableBlock[], ruling: (id: TableId) => string, varies: string[], heldout?: HeldoutSet): ManifestEntry {
  const pages = pageTexts(pdfPath);
  const where = tablePages(pages, blocks);
  const missing = unprinted(pages, blocks, where);
  if (missing.length) throw new Error(`${name}: the PDF does not print its truth:\n  ${missing.slice(0, 20).join('\n  ')}`);
  const facts = blocks.flatMap((b) => b.facts);
  const truth = JSON.parse(fs.readFileSync(truthPath, 'utf8')) as { expectedFailures: string[] };
  return {
    name,
    producer,
    variant,
    doc: doc.spec.id,
    pdf: path.relative(OUT, pdfPath),
    truth: path.relative(OUT, truthPath),
    pages: pages.length,
    facts: facts.length,
    expectedFailures: truth.expectedFailures.length,
    tables: Object.fromEntries(blocks.map((b) => [b.id, { layout: where[b.id].length > 1 ? 'continued' : ruling(b.id), pages: where[b.id] }])),
    varies,
    ...(heldout ? { heldout } : {}),
  };
}

async function main(): Promise<void> {
  if (!sofficeAvailable()) throw new Error('soffice not found: apt-get install -y libreoffice-writer libreoffice-calc');
  if (!chromiumAvailable()) throw new Error('chromium not found: apt-get install -y chromium (or set CHROMIUM=/path/to/chrome)');
  fs.mkdirSync(OUT, { recursive: true });
  const only = process.argv[2];
  const manifestPath = path.join(OUT, 'manifest.json');
  const old: ManifestEntry[] = fs.existsSync(manifestPath) ? JSON.parse(fs.readFileSync(manifestPath, 'utf8')).documents : [];
  const entries = new Map(old.map((e) => [e.name, e]));

  for (const fx of FIXTURES) {
    if (only && !fx.name.includes(only)) continue;
    const doc = docById(fx.doc);
    const model = buildModel(doc.dept);
    const blocks = buildTables(doc.spec, model);
    const printed = render(fx, doc, blocks, model);
    const pdf = fx.redistill ? redistill(printed, fx.redistill, dateOf(doc)) : printed;
    const pdfPath = path.join(OUT, `${fx.name}.pdf`);
    const truthPath = path.join(OUT, `${fx.name}.truth.json`);
    fs.writeFileSync(pdfPath, pdf);
    fs.writeFileSync(truthPath, JSON.stringify(groundTruth(doc, blocks, `${fx.name}.pdf`), null, 1) + '\n');
    const e = entry(fx.name, fx.redistill ?? fx.producer, fx.redistill ? `${fx.producer}-${fx.variantName}` : fx.variantName, doc, pdfPath, truthPath, blocks, () => layoutOf(fx), fx.varies, fx.heldout);
    entries.set(fx.name, e);
    console.log(`${fx.name}.pdf: ${e.pages} pages, ${(pdf.length / 1024).toFixed(0)} KB, ${e.facts} facts; continued: ${Object.entries(e.tables).filter(([, t]) => t.layout === 'continued').map(([id]) => id).join(' ') || '-'}`);
  }

  // the pdfkit producer: the committed documents of test/fixtures/generated, same models
  for (const doc of DOCS) {
    const name = `pdfkit-${doc.spec.ruling}-${doc.spec.id}`;
    if (only && !name.includes(only)) continue;
    const blocks = buildTables(doc.spec, buildModel(doc.dept));
    const pdfPath = path.join(GENERATED, `${doc.spec.id}.pdf`);
    const ruling = (id: TableId) => ((doc.spec.rulingOverride?.[id] ?? doc.spec.ruling) === 'none' ? 'unruled' : 'ruled');
    const varies = ['our own generator (test/fixtures/generated, README there)', ...doc.covers];
    entries.set(name, entry(name, 'pdfkit', doc.spec.ruling, doc, pdfPath, path.join(GENERATED, `${doc.spec.id}.truth.json`), blocks, ruling, varies));
  }

  const order = [...FIXTURES.map((f) => f.name)];
  const documents = [...entries.values()].sort((a, b) => {
    const ia = order.indexOf(a.name);
    const ib = order.indexOf(b.name);
    return (ia < 0 ? 1e9 : ia) - (ib < 0 ? 1e9 : ib) || a.name.localeCompare(b.name);
  });
  fs.writeFileSync(manifestPath, JSON.stringify({ generator: 'scripts/make-producer-fixtures.ts', documents }, null, 1) + '\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
