/**
 * The born-digital PDF reader: PDF bytes → DocumentLayout (text lines and ruled/unruled grids per
 * page, in top-left page points). Scanned pages (no text layer) are reported in `warnings` for the
 * OCR path, which reuses openPdf to render them.
 */
import type { DocumentLayout, LayoutPage } from '../layout.js';
import { DocumentReadError, DocumentTimeLimitError, mapPdfjsError } from './errors.js';
import { openPdf, type PDFDocumentProxy } from './loader.js';
import { HeaderCarry, readPage } from './page.js';
import type { OcrEngine } from '../ocr/pool.js';
import { DEFAULT_RENDER_LIMITS, renderDpi } from '../ocr/preprocess/resolution.js';

export { DocumentReadError, DocumentTimeLimitError } from './errors.js';
export { openPdf, pdfjsAssetDirs, type PDFDocumentProxy } from './loader.js';

/** OCR of pages whose text layer is missing or unusable (see extractors/ocr). */
export interface PdfOcrOptions {
  mode: 'never' | 'auto' | 'always';
  /** Lazily started engine, shared across documents by the caller. */
  engine: () => Promise<OcrEngine>;
  /**
   * Pixels this document may have rendered for OCR in all (each page counted at the pixel cap's
   * bound for its size at 300 dpi); pages past it keep their text layer, with a warning.
   */
  maxPixels?: number;
}

export interface ReadPdfOptions {
  fileName: string;
  ocr?: PdfOcrOptions;
  /** Called after each page, for progress reporting on long documents. */
  onPage?: (done: number, total: number, how: 'text-layer' | 'ocr') => void;
  /** 1-based page numbers to read (default: all). Numbers outside the document are an error. */
  pages?: number[];
  /**
   * Called after each page with the pages read so far; a reason stops reading there (the pipeline stops
   * once the first page shows a notice, not a 决算: no OCR of the pages after it).
   */
  stopAfter?: (pages: LayoutPage[]) => string | null;
  /** Stop with a DocumentTimeLimitError before a page once this time (epoch ms) has passed. */
  deadline?: { at: number; seconds: number };
}

function infoString(info: unknown, key: string): string | undefined {
  const v = (info as Record<string, unknown> | null | undefined)?.[key];
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

export async function readPdfLayout(data: Uint8Array, opts: ReadPdfOptions): Promise<DocumentLayout> {
  const { fileName } = opts;
  const doc = await openPdf(data, fileName);
  let renderDoc: PDFDocumentProxy | undefined;
  try {
    const pageCount = doc.numPages;
    const wanted = opts.pages ? [...new Set(opts.pages)].sort((a, b) => a - b) : range(1, pageCount);
    const bad = wanted.filter((p) => !Number.isInteger(p) || p < 1 || p > pageCount);
    if (bad.length) {
      throw new DocumentReadError(fileName, `page ${bad.join(', ')} requested but the PDF has ${pageCount} pages`);
    }
    let producer: string | undefined;
    let creator: string | undefined;
    let title: string | undefined;
    try {
      const meta = await doc.getMetadata();
      producer = infoString(meta.info, 'Producer');
      creator = infoString(meta.info, 'Creator');
      title = infoString(meta.info, 'Title');
    } catch {
      // metadata is optional
    }
    const warnings: string[] = [];
    const pages: LayoutPage[] = [];
    const stopped = (read: LayoutPage[]) => {
      const why = read.length < wanted.length ? opts.stopAfter?.(read) : null;
      if (why) warnings.push(`stopped after page ${read[read.length - 1].number} of ${pageCount}: ${why}`);
      return Boolean(why);
    };
    const unreadable: string[] = [];
    let ocrPixels = 0;
    const carry = new HeaderCarry();
    for (const n of wanted) {
      if (opts.deadline && Date.now() > opts.deadline.at) {
        throw new DocumentTimeLimitError(fileName, `still being read after ${opts.deadline.seconds} s (maxDocumentSeconds), at page ${n} of ${pageCount}: stopped`);
      }
      let read;
      try {
        const pdfPage = await doc.getPage(n);
        // only from the page just before: a page left out or not asked for breaks the header carry
        if (pages.length && pages[pages.length - 1].number !== n - 1) carry.reset();
        read = await readPage(pdfPage, n, carry.lines, carry.repeated);
      } catch (err) {
        carry.reset();
        // One broken page (a bad content stream) is a warning on that page; the others are still read.
        const reason = `page ${n} could not be read: ${mapPdfjsError(err, fileName).reason}`;
        unreadable.push(reason);
        warnings.push(`${reason}; the page is left out`);
        continue;
      }
      const mode = opts.ocr?.mode ?? 'never';
      // A page with neither text nor images (a blank or ruling-only page) has nothing to OCR.
      const blank = read.textLayer.stats.chars === 0 && read.textLayer.stats.imageCoverage === 0;
      const wantOcr = mode === 'always' || (mode === 'auto' && !read.textLayer.usable && !blank);
      let ocrFailed = false;
      const pixels = wantOcr ? ocrPixelBound(read.page) : 0;
      const overBudget = wantOcr && opts.ocr?.maxPixels !== undefined && ocrPixels + pixels > opts.ocr.maxPixels;
      if (overBudget) warnings.push(`page ${n}: not OCR'd, the document's OCR pixel budget (maxOcrPixels ${opts.ocr!.maxPixels! / 1e6} M) is spent; kept the text layer`);
      if (wantOcr && opts.ocr && !overBudget) {
        ocrPixels += pixels;
        const engine = await opts.ocr.engine();
        // Drawing a page needs the font programs that text reading skips: render from a second load.
        renderDoc ??= await openPdf(data, fileName, { forRendering: true });
        let ocrPage: LayoutPage | undefined;
        try {
          // The engine renders at the scan's own resolution, drops seals, turns and deskews the page.
          const poster = posterPageWarning(read.page, n);
          if (poster) warnings.push(poster);
          ocrPage = await engine.readPage(await renderDoc.getPage(n), n);
        } catch (err) {
          // One page that cannot be drawn or read (a broken image stream) must not lose the others.
          ocrFailed = true;
          warnings.push(`page ${n}: OCR failed (${mapPdfjsError(err, fileName).reason}); kept the text layer`);
        }
        if (ocrPage) {
          carry.reset();
          if (mode === 'auto') warnings.push(`page ${n}: text layer not usable (${read.textLayer.reason}); read by OCR`);
          pages.push(ocrPage);
          opts.onPage?.(pages.length, wanted.length, 'ocr');
          if (stopped(pages)) break;
          continue;
        }
      }
      if (blank) warnings.push(`page ${n} is blank (no text, no images)`);
      else if (!read.textLayer.usable && !ocrFailed) warnings.push(`page ${n}: text layer not usable (${read.textLayer.reason}); OCR is off`);
      carry.next(read);
      pages.push(read.page);
      opts.onPage?.(pages.length, wanted.length, 'text-layer');
      if (stopped(pages)) break;
    }
    if (!pages.length && unreadable.length) throw new DocumentReadError(fileName, wanted.length > 1 ? `none of its ${wanted.length} pages could be read (${unreadable[0]})` : unreadable[0]!);
    return { pages, pageCount, producer, creator, title, warnings };
  } finally {
    await doc.destroy().catch(() => undefined);
    await renderDoc?.destroy().catch(() => undefined);
  }
}

/**
 * A page so large (a poster, or a hostile 8000 pt page) that the render pixel cap takes it below the
 * lowest OCR resolution: said, since its small print may then not be read. (The cap itself is in
 * renderDpi: the page is scaled down, never refused.)
 */
export function posterPageWarning(size: { width?: number; height?: number }, n: number): string | null {
  const { minDpi, maxPixels } = DEFAULT_RENDER_LIMITS;
  const { width, height } = pageSize(size);
  const dpi = renderDpi(undefined, minDpi, width, height);
  if (dpi >= minDpi) return null;
  return `page ${n}: ${Math.round(width)} × ${Math.round(height)} pt, rendered for OCR at ${dpi.toFixed(0)} dpi to stay within ${maxPixels / 1e6} M pixels (below ${minDpi} dpi: small print may not be read)`;
}

/** Pixels a page is rendered at for OCR, at most: at 300 dpi, under renderDpi's per-page cap. */
function ocrPixelBound(page: LayoutPage): number {
  const { width, height } = pageSize(page);
  const dpi = renderDpi(undefined, 300, width, height);
  return ((width * dpi) / 72) * ((height * dpi) / 72);
}

/** A page's size in points (A4 when unknown). */
const pageSize = (p: { width?: number; height?: number }) => ({ width: p.width ?? 595, height: p.height ?? 842 });

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i <= to; i++) out.push(i);
  return out;
}
