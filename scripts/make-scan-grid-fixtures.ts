/**
 * Makes the grey-ruled scan fixtures in test/fixtures/scans-grid/ (OCR grid tests, issue 8):
 * a table page of a generated fixture is re-typeset by LibreOffice from HTML with thin grey
 * borders (`0.5pt solid #999`, the way office-made 决算 are ruled), then scanned by other tools
 * than ours: poppler renders it at 200 dpi, ImageMagick rotates it, adds noise and saves an RGB
 * JPEG, and wraps it back into an image-only PDF.
 *
 *   node --import tsx scripts/make-scan-grid-fixtures.ts
 *
 * Truth (`NAME.cells.json`) = the born-digital extraction of the LibreOffice PDF (`NAME.source.pdf`,
 * kept beside it): our text-layer reader is exact on ruled tables. Needs soffice, pdftoppm, convert, img2pdf.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LayoutGrid } from '../extractors/layout.js';
import { readPdfLayout } from '../extractors/pdf/index.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'test/fixtures/scans-grid');

interface Spec {
  name: string;
  source: string;
  page: number;
  dpi: number;
  rotate: number;
  /** ImageMagick -attenuate for Gaussian noise */
  noise: number;
  quality: number;
  /** width of the label column (pt): narrow enough that long labels wrap onto two lines */
  labelWidth: number;
}

const SPECS: Spec[] = [
  { name: 'lo-grey-t2-200dpi', source: 'test/fixtures/generated/hubei-2020-xiling-minzheng.pdf', page: 5, dpi: 200, rotate: 0.6, noise: 0.3, quality: 70, labelWidth: 150 },
];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

async function readLayout(file: string, page: number) {
  return readPdfLayout(new Uint8Array(readFileSync(file)), { fileName: path.basename(file), pages: [page] });
}

/** The page as an HTML document: text blocks as paragraphs, the grid as a grey-ruled table. */
async function pageHtml(spec: Spec): Promise<string> {
  const layout = await readLayout(path.join(ROOT, spec.source), spec.page);
  const blocks = layout.pages[0].blocks;
  const parts: string[] = [];
  for (const b of blocks) {
    if (b.kind === 'text') {
      parts.push(`<p style="margin:2pt 0;${/表/.test(b.text) ? 'text-align:center;font-size:14pt' : 'font-size:9pt'}">${esc(b.text)}</p>`);
      continue;
    }
    const grid = b as LayoutGrid;
    const rows: string[] = [];
    for (let r = 0; r < grid.nRows; r++) {
      const cells = grid.cells.filter((c) => c.row === r).sort((p, q) => p.col - q.col);
      rows.push(
        '<tr>' +
          cells
            .map((c) => {
              const text = c.lines.join('');
              const numeric = /^-?[\d,.]+$/.test(text) && c.col > 3;
              const w = c.colSpan === 1 && c.col === 3 ? ` width="${spec.labelWidth}"` : '';
              return `<td rowspan="${c.rowSpan}" colspan="${c.colSpan}"${w} style="border:0.5pt solid #999999;padding:0pt 3pt;text-align:${numeric ? 'right' : c.col === 3 && r > 2 ? 'left' : 'center'}">${esc(text)}</td>`;
            })
            .join('') +
          '</tr>',
      );
    }
    parts.push(`<table cellspacing="0" cellpadding="2" style="border-collapse:collapse;font-size:8pt">${rows.join('\n')}</table>`);
  }
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><style>
@page { size: A4 landscape; margin: 1cm }
body { font-family: 'Noto Serif CJK SC', serif }
td { border: 0.5pt solid #999999; padding: 2pt 3pt }
</style></head><body>${parts.join('\n')}</body></html>`;
}

/** Truth cells: the born-digital extraction of the LibreOffice PDF. */
async function truthOf(pdf: string) {
  const layout = await readLayout(pdf, 1);
  const grids = layout.pages[0].blocks.filter((b): b is LayoutGrid => b.kind === 'grid');
  return {
    tables: grids.map((g) => ({ nRows: g.nRows, nCols: g.nCols, cells: g.cells.map((c) => ({ row: c.row, col: c.col, rowSpan: c.rowSpan, colSpan: c.colSpan, text: c.lines.join('') })) })),
    texts: layout.pages[0].blocks.flatMap((b) => (b.kind === 'text' ? [b.text] : [])),
  };
}

mkdirSync(OUT, { recursive: true });
for (const spec of SPECS) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'scan-grid-'));
  try {
    const html = path.join(tmp, `${spec.name}.html`);
    writeFileSync(html, await pageHtml(spec));
    execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${tmp}/profile`, '--infilter=HTML (StarWriter)', '--convert-to', 'pdf:writer_pdf_Export', '--outdir', tmp, html], { stdio: 'ignore' });
    const source = path.join(OUT, `${spec.name}.source.pdf`);
    copyFileSync(path.join(tmp, `${spec.name}.pdf`), source);
    execFileSync('pdftoppm', ['-r', String(spec.dpi), '-f', '1', '-l', '1', '-png', '-singlefile', source, path.join(tmp, 'page')]);
    const jpg = path.join(tmp, 'page.jpg');
    execFileSync('convert', [path.join(tmp, 'page.png'), '-background', 'white', '-rotate', String(spec.rotate), '-seed', '7', '-attenuate', String(spec.noise), '+noise', 'Gaussian', '-type', 'TrueColor', '-quality', String(spec.quality), jpg]);
    // img2pdf embeds the JPEG unchanged (ImageMagick's PDF writer is disabled by Debian's policy).
    execFileSync('img2pdf', ['--imgsize', `${spec.dpi}dpi`, '-o', path.join(OUT, `${spec.name}.pdf`), jpg]);
    writeFileSync(path.join(OUT, `${spec.name}.cells.json`), JSON.stringify(await truthOf(source), null, 1) + '\n');
    console.log(`${spec.name}: done`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
