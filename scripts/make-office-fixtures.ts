/**
 * Office fixtures with ground truth (issue 10): the producer fixtures' own sources (the HTML that Writer
 * and Chromium print, the XLSX that Calc prints; scripts/fixtures/producers/) saved by LibreOffice as
 * .xlsx/.xls (Calc) and .docx/.doc (Writer) instead of PDF. The truth is the producer fixture's: the same
 * model, cell for cell. Writes test/fixtures/office/<format>-<producer fixture>.<format> + .truth.json and
 * manifest.json. Needs soffice; tests only read the committed files.
 *
 *   node --import tsx scripts/make-office-fixtures.ts [name-filter]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DOCS } from './fixtures/docs.js';
import { buildModel } from './fixtures/model.js';
import { buildTables } from './fixtures/tables.js';
import { documentBlocks } from './fixtures/producers/content.js';
import { renderHtml } from './fixtures/producers/html.js';
import { renderXlsx } from './fixtures/producers/xlsx.js';
import { groundTruth } from './fixtures/producers/truth.js';
import { FIXTURES } from './fixtures/producers/list.js';
import { sofficeConvert } from './fixtures/producers/soffice.js';

const OUT = path.resolve('test/fixtures/office');

/** Which producer fixture's source is saved in which office formats (small, both families, both sheet layouts). */
const OFFICE: Array<{ source: string; formats: Array<'xlsx' | 'xls' | 'docx' | 'doc'> }> = [
  { source: 'calc-grid-shanghai-2022-jingan-weijian', formats: ['xlsx', 'xls'] },
  { source: 'calc-plain-stacked-left-hubei-2021-fancheng-nongye', formats: ['xlsx', 'xls'] },
  { source: 'calc-grid-text-hubei-2020-xiling-minzheng', formats: ['xlsx'] },
  { source: 'writer-full-center-hubei-2019-jiangan-jiaoyu', formats: ['docx', 'doc'] },
  { source: 'writer-none-reprint-shanghai-2022-jingan-weijian', formats: ['docx', 'doc'] },
  { source: 'writer-threeline-left-shanghai-2024-minhang-sifa', formats: ['docx'] },
];

const FILTER = { xlsx: 'xlsx:Calc MS Excel 2007 XML', xls: 'xls:MS Excel 97', docx: 'docx:MS Word 2007 XML', doc: 'doc:MS Word 97' } as const;

function main(): void {
  fs.mkdirSync(OUT, { recursive: true });
  const only = process.argv[2];
  const manifestPath = path.join(OUT, 'manifest.json');
  const old: Array<{ name: string }> = fs.existsSync(manifestPath) ? JSON.parse(fs.readFileSync(manifestPath, 'utf8')).documents : [];
  const entries = new Map(old.map((e) => [e.name, e]));
  for (const { source, formats } of OFFICE) {
    const fx = FIXTURES.find((f) => f.name === source);
    if (!fx) throw new Error(`unknown producer fixture ${source}`);
    const doc = DOCS.find((d) => d.spec.id === fx.doc)!;
    const model = buildModel(doc.dept);
    const blocks = buildTables(doc.spec, model);
    const content = documentBlocks(doc, model, blocks);
    const title = `${doc.spec.year}年度${doc.spec.department}部门决算`;
    const [y, m, d] = doc.date;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'juesuan-src-'));
    try {
      let file: string;
      if (fx.producer === 'calc') {
        file = path.join(tmp, `${fx.name}.xlsx`);
        fs.writeFileSync(file, renderXlsx(content, fx.variant, title, new Date(Date.UTC(y, m - 1, d, 9))));
      } else {
        file = path.join(tmp, `${fx.name}.html`);
        fs.writeFileSync(file, renderHtml(content, fx.variant, title, 'writer'));
      }
      for (const format of formats) {
        const name = `${format}-${fx.name}`;
        if (only && !name.includes(only)) continue;
        const bytes = sofficeConvert(file, FILTER[format], fx.producer === 'calc' ? undefined : 'HTML (StarWriter)');
        fs.writeFileSync(path.join(OUT, `${name}.${format}`), bytes);
        fs.writeFileSync(path.join(OUT, `${name}.truth.json`), JSON.stringify(groundTruth(doc, blocks, `${name}.${format}`), null, 1) + '\n');
        const facts = blocks.flatMap((b) => b.facts).length;
        entries.set(name, { name, format, source: fx.name, doc: doc.spec.id, file: `${name}.${format}`, truth: `${name}.truth.json`, facts, tables: blocks.map((b) => b.id) } as never);
        console.log(`${name}.${format}: ${(bytes.length / 1024).toFixed(0)} KB, ${facts} facts`);
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  const documents = [...entries.values()].sort((a, b) => a.name.localeCompare(b.name));
  fs.writeFileSync(manifestPath, JSON.stringify({ generator: 'scripts/make-office-fixtures.ts', documents }, null, 1) + '\n');
}

main();
