/**
 * Writes the OFD fixtures of test/fixtures/office from born-digital PDFs with ground truth (the truth
 * is the PDF's: same document): node --import tsx test/helpers/make-ofd-fixtures.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pdfToOfd } from './ofd-writer.js';

const SOURCES = [
  { pdf: 'test/fixtures/generated/hubei-2020-xiling-minzheng.pdf', truth: 'test/fixtures/generated/hubei-2020-xiling-minzheng.truth.json', name: 'ofd-pdfkit-hubei-2020-xiling-minzheng' },
  { pdf: 'test/fixtures/producers/calc-borders-hubei-2019-jiangan-jiaoyu.pdf', truth: 'test/fixtures/producers/calc-borders-hubei-2019-jiangan-jiaoyu.truth.json', name: 'ofd-calc-borders-hubei-2019-jiangan-jiaoyu' },
];

const manifestPath = 'test/fixtures/office/manifest.json';
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { documents: Array<{ name: string }> };
for (const s of SOURCES) {
  const ofd = await pdfToOfd(new Uint8Array(readFileSync(s.pdf)), s.name);
  writeFileSync(`test/fixtures/office/${s.name}.ofd`, ofd);
  const truth = JSON.parse(readFileSync(s.truth, 'utf8'));
  writeFileSync(`test/fixtures/office/${s.name}.truth.json`, JSON.stringify({ ...truth, file: `${s.name}.ofd` }, null, 1) + '\n');
  console.log(`${s.name}.ofd: ${(ofd.length / 1024).toFixed(0)} KB`);
  const entry = { name: s.name, format: 'ofd', source: s.pdf, doc: truth.file.replace(/\.pdf$/, ''), file: `${s.name}.ofd`, truth: `${s.name}.truth.json`, facts: truth.facts.length, tables: Object.keys(truth.tables).filter((t) => truth.tables[t].status !== 'missing') };
  manifest.documents = [...manifest.documents.filter((d) => d.name !== s.name), entry].sort((a, b) => a.name.localeCompare(b.name));
}
writeFileSync(manifestPath, JSON.stringify(manifest, null, 1) + '\n');
