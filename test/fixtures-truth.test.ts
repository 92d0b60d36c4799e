/**
 * Generated fixtures (test/fixtures/generated, made by `npm run fixtures`): every truth file validates,
 * its identities hold except the planted ones, and every truth text is in the PDF's text layer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { getDocument } from '../extractors/pdf/pdfjs.js';
import { GroundTruthSchema } from '../schemas/facts.js';
import { checkIdentities } from '../scripts/fixtures/identities.js';

const DIR = path.resolve('test/fixtures/generated');
const PDFJS = path.resolve('node_modules/pdfjs-dist');
const manifest = JSON.parse(fs.readFileSync(path.join(DIR, 'manifest.json'), 'utf8')) as {
  documents: { name: string; pdf: string; truth: string; family: string; year: number }[];
};

async function pdfTexts(file: string): Promise<{ items: Set<string>; pages: string[] }> {
  const doc = await getDocument({
    data: new Uint8Array(fs.readFileSync(file)),
    cMapUrl: PDFJS + '/cmaps/',
    cMapPacked: true,
    standardFontDataUrl: PDFJS + '/standard_fonts/',
    verbosity: 0,
  }).promise;
  const items = new Set<string>();
  const pages: string[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const tc = await (await doc.getPage(p)).getTextContent();
    const strs = tc.items.map((it) => ('str' in it ? it.str : '')).filter((s) => s.trim());
    strs.forEach((s) => items.add(s.trim()));
    pages.push(strs.join(''));
  }
  await doc.destroy();
  return { items, pages };
}

describe('generated fixtures', () => {
  it('has at least 6 documents covering both families and 2019–2024', () => {
    expect(manifest.documents.length).toBeGreaterThanOrEqual(6);
    expect(new Set(manifest.documents.map((d) => d.family))).toEqual(new Set(['hubei', 'shanghai']));
    expect(new Set(manifest.documents.map((d) => d.year))).toEqual(new Set([2019, 2020, 2021, 2022, 2024]));
  });

  describe.each(manifest.documents.map((d) => [d.name, d] as const))('%s', (_name, d) => {
    const raw = JSON.parse(fs.readFileSync(path.join(DIR, d.truth), 'utf8'));
    const truth = GroundTruthSchema.parse(raw);

    it('validates against GroundTruthSchema and lists t1..t9', () => {
      expect(truth.file).toBe(d.pdf);
      for (const t of ['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9']) expect(truth.tables[t]).toBeDefined();
      for (const [t, s] of Object.entries(truth.tables)) {
        const n = truth.facts.filter((f) => f.table === t).length;
        if (s.status === 'present') expect(n).toBeGreaterThan(0);
        else expect(n).toBe(0);
      }
      for (const f of truth.facts) {
        expect(f.value).toBe(f.text.replace(/,/g, ''));
        expect(f.value).toMatch(/^-?\d+(\.\d+)?$/);
        expect(f.row_label).not.toMatch(/\s/);
      }
    });

    it('identities hold within 0.01 × parts, except the expected failures', () => {
      const results = checkIdentities(truth.facts);
      expect(results.length).toBeGreaterThan(20);
      const failed = results.filter((r) => !r.ok).map((r) => r.id);
      expect(failed.sort()).toEqual([...truth.expectedFailures].sort());
    });

    it('every truth text appears in the PDF text layer', async () => {
      const { items, pages } = await pdfTexts(path.join(DIR, d.pdf));
      const all = pages.join('\n');
      const missing = truth.facts.filter((f) => !items.has(f.text));
      expect(missing).toEqual([]);
      // labels are printed too (possibly wrapped over several lines)
      const flat = all.replace(/\s+/g, '');
      const labels = [...new Set(truth.facts.map((f) => f.row_label).filter((l) => l))];
      expect(labels.filter((l) => !flat.includes(l))).toEqual([]);
    });
  });
});
