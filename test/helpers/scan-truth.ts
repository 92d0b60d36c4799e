/**
 * Truth for scans of born-digital pages: the born-digital reader's grids of the source page, and
 * an exact-cell comparison of an OCR'd page against them (cells matched by grid, row and column).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cellText, type BBox, type LayoutGrid, type LayoutPage } from '../../extractors/layout.js';
import { readPdfLayout } from '../../extractors/pdf/index.js';
import type { OcrEngine } from '../../extractors/ocr/pool.js';
import { openPdfForOcr } from '../../extractors/ocr/render.js';

export async function sourceGrids(file: string, page: number): Promise<{ grids: LayoutGrid[]; width: number; height: number }> {
  const layout = await readPdfLayout(new Uint8Array(readFileSync(file)), { fileName: file, pages: [page] });
  const p = layout.pages[0];
  return { grids: p.blocks.filter((b): b is LayoutGrid => b.kind === 'grid'), width: p.width!, height: p.height! };
}

export interface CellScore {
  exact: number;
  cells: number;
  misses: string[];
  /** Exact cells among those whose truth box passes `within`. */
  inside: { exact: number; cells: number };
}

const norm = (s: string) => s.replace(/\s+/g, '');

export function scoreCells(page: LayoutPage, truth: LayoutGrid[], within: (b: BBox) => boolean = () => false): CellScore {
  const grids = page.blocks.filter((b): b is LayoutGrid => b.kind === 'grid');
  const score: CellScore = { exact: 0, cells: 0, misses: [], inside: { exact: 0, cells: 0 } };
  truth.forEach((g, gi) => {
    for (const want of g.cells) {
      const got = grids[gi]?.cells.find((c) => c.row === want.row && c.col === want.col);
      const ok = !!got && norm(cellText(got)) === norm(cellText(want));
      score.cells++;
      if (ok) score.exact++;
      else score.misses.push(`t${gi} r${want.row}c${want.col} ${norm(cellText(want))} → ${got ? norm(cellText(got)) : '<missing>'}`);
      if (want.bbox && within(want.bbox)) {
        score.inside.cells++;
        if (ok) score.inside.exact++;
      }
    }
  });
  return score;
}

/** The preprocessing scans (scripts/make-scans-prep-fixtures.sh) and the born-digital pages they were made from. */
export const SCANS_PREP_DIR = path.join(process.cwd(), 'test/fixtures/scans-prep');
export const HUBEI_SOURCE = ['test/fixtures/scanned/born-digital-source.pdf', 1] as const;
export const PUTUO_SOURCE = ['test/fixtures/real/putuo-caizhengju-2024.pdf', 8] as const;

/** Page 1 of a scan, read by the OCR engine as the pipeline reads it (render, preprocess, grid, cells). */
export async function readFirstPage(ocr: OcrEngine, file: string): Promise<LayoutPage> {
  const doc = await openPdfForOcr(readFileSync(file));
  try {
    return await ocr.readPage(await doc.getPage(1), 1);
  } finally {
    await doc.destroy();
  }
}
