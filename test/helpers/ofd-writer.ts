/**
 * Writes an OFD (GB/T 33190) package from a born-digital PDF, for test fixtures: each page's text as
 * TextObjects (one per run of characters on one baseline, TextCode X/Y with DeltaX advances, in mm),
 * its ruling lines as stroked PathObjects (AbbreviatedData `M … L …`, each positioned by its Boundary),
 * with OFD.xml, Document.xml, PublicRes.xml and one Content.xml per page. Test-only: the reader under
 * test (extractors/ofd) must read back what a PDF of the same document gives.
 */
import type { TextContent } from 'pdfjs-dist/types/src/display/api.js';
import { zipSync, strToU8 } from 'fflate';
import { openPdf } from '../../extractors/pdf/loader.js';
import { glyphsFromTextContent } from '../../extractors/pdf/glyphs.js';
import { rulingsFromOperatorList } from '../../extractors/pdf/rulings.js';
import type { Glyph } from '../../extractors/pdf/geometry.js';

const MM = 25.4 / 72;
const f = (v: number) => (Math.round(v * MM * 1000) / 1000).toString();
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const NS = 'xmlns:ofd="http://www.ofdspec.org/2016"';

/** Glyph runs: same baseline and size, no gap wider than an em, in reading order. */
function runs(glyphs: Glyph[]): Glyph[][] {
  const sorted = [...glyphs].filter((g) => g.horizontal).sort((a, b) => a.base - b.base || a.x0 - b.x0);
  const out: Glyph[][] = [];
  for (const g of sorted) {
    const run = out[out.length - 1];
    const last = run?.[run.length - 1];
    if (last && Math.abs(last.base - g.base) < 0.01 && Math.abs(last.size - g.size) < 0.01 && g.x0 - last.x1 < g.size && !g.spaceBefore) run.push(g);
    else out.push([g]);
  }
  return out;
}

export async function pdfToOfd(pdf: Uint8Array, title: string): Promise<Uint8Array> {
  const doc = await openPdf(pdf, 'source.pdf');
  const files: Record<string, Uint8Array> = {};
  const pageRefs: string[] = [];
  let id = 10;
  let box = '0 0 210 297';
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const vp = page.getViewport({ scale: 1 });
      if (n === 1) box = `0 0 ${f(vp.width)} ${f(vp.height)}`;
      const glyphs = glyphsFromTextContent((await page.getTextContent()) as TextContent, vp.transform);
      const segments = rulingsFromOperatorList(await page.getOperatorList(), vp.transform);
      const objects: string[] = [];
      for (const run of runs(glyphs)) {
        const x0 = run[0].x0;
        const top = Math.min(...run.map((g) => g.y0));
        const x1 = run[run.length - 1].x1;
        const deltas = run.slice(1).map((g, i) => f(g.x0 - run[i].x0));
        objects.push(
          `<ofd:TextObject ID="${id++}" Boundary="${f(x0)} ${f(top)} ${f(x1 - x0)} ${f(run[0].size * 1.2)}" Font="1" Size="${f(run[0].size)}">` +
            `<ofd:TextCode X="0" Y="${f(run[0].base - top)}"${deltas.length ? ` DeltaX="${deltas.join(' ')}"` : ''}>${esc(run.map((g) => g.ch).join(''))}</ofd:TextCode></ofd:TextObject>`,
        );
      }
      for (const s of segments) {
        const [x, y, w, h] = s.o === 'h' ? [s.a, s.pos, s.b - s.a, 0] : [s.pos, s.a, 0, s.b - s.a];
        objects.push(`<ofd:PathObject ID="${id++}" Boundary="${f(x)} ${f(y)} ${f(w)} ${f(h)}" LineWidth="0.25"><ofd:AbbreviatedData>M 0 0 L ${f(w)} ${f(h)}</ofd:AbbreviatedData></ofd:PathObject>`);
      }
      files[`Doc_0/Pages/Page_${n - 1}/Content.xml`] = strToU8(
        `<?xml version="1.0" encoding="UTF-8"?><ofd:Page ${NS}><ofd:Content><ofd:Layer ID="${id++}">${objects.join('')}</ofd:Layer></ofd:Content></ofd:Page>`,
      );
      pageRefs.push(`<ofd:Page ID="${id++}" BaseLoc="Pages/Page_${n - 1}/Content.xml"/>`);
      page.cleanup();
    }
  } finally {
    await doc.destroy();
  }
  files['OFD.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><ofd:OFD ${NS} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>0</ofd:DocID><ofd:Title>${esc(title)}</ofd:Title><ofd:Creator>juesuan test/helpers/ofd-writer.ts</ofd:Creator></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`,
  );
  files['Doc_0/Document.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><ofd:Document ${NS}><ofd:CommonData><ofd:MaxUnitID>${id}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>${box}</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages>${pageRefs.join('')}</ofd:Pages></ofd:Document>`,
  );
  files['Doc_0/PublicRes.xml'] = strToU8(`<?xml version="1.0" encoding="UTF-8"?><ofd:Res ${NS} BaseLoc="Res"><ofd:Fonts><ofd:Font ID="1" FontName="Noto Sans CJK SC" FamilyName="Noto Sans CJK SC"/></ofd:Fonts></ofd:Res>`);
  return zipSync(files, { level: 9, mtime: new Date('2026-12-02T00:00:00Z') });
}
