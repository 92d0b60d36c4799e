/**
 * Opening a PDF with pdf.js: asset locations (CMaps for Chinese fonts, standard fonts), sanity checks
 * on the bytes before pdf.js sees them, and mapping pdf.js failures to DocumentReadError.
 * The OCR path reuses openPdf to render pages.
 */
import { createRequire } from 'node:module';
import { guardStrayPdfjsRejections } from './stray-rejections.js';
import path from 'node:path';
import { restoreNativeBuiltins } from './native-builtins.js';
import { getDocument } from './pdfjs.js';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { DocumentReadError, mapPdfjsError } from './errors.js';

export type { PDFDocumentProxy };

let assetDirs: { cMapUrl: string; standardFontDataUrl: string; wasmUrl: string } | undefined;

/** Directories of pdfjs-dist's CMaps and standard fonts, found through module resolution. */
export function pdfjsAssetDirs(): { cMapUrl: string; standardFontDataUrl: string; wasmUrl: string } {
  if (!assetDirs) {
    const require = createRequire(import.meta.url);
    const root = path.dirname(require.resolve('pdfjs-dist/package.json'));
    // pdf.js in Node reads these with fs and simply appends file names: keep the trailing separator.
    assetDirs = {
      cMapUrl: path.join(root, 'cmaps') + path.sep,
      standardFontDataUrl: path.join(root, 'standard_fonts') + path.sep,
      // JBIG2 and JPEG 2000 scans are decoded by pdf.js's wasm decoders.
      wasmUrl: path.join(root, 'wasm') + path.sep,
    };
  }
  return assetDirs;
}

function asciiAt(data: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = Math.max(0, from); i < Math.min(data.length, to); i++) s += String.fromCharCode(data[i]);
  return s;
}

/** Cheap checks that catch the common non-PDF inputs with a clearer reason than pdf.js gives. */
export function checkPdfBytes(data: Uint8Array, fileName: string): void {
  if (data.length === 0) throw new DocumentReadError(fileName, 'the file is empty (0 bytes)');
  // The spec allows the header anywhere in the first 1024 bytes.
  const head = asciiAt(data, 0, 1024);
  const at = head.indexOf('%PDF-');
  if (at < 0) {
    const start = head.replace(/^\uFEFF/, '').trimStart().slice(0, 200).toLowerCase();
    if (start.startsWith('<!doctype html') || start.startsWith('<html') || /<(head|body|title)[\s>]/.test(start)) {
      throw new DocumentReadError(fileName, 'not a PDF: the file is an HTML page (probably an error page saved as .pdf)');
    }
    if (start.startsWith('<?xml') || start.startsWith('{') || start.startsWith('[')) {
      throw new DocumentReadError(fileName, 'not a PDF: the file is text (XML/JSON), it has no %PDF- header');
    }
    if (data[0] === 0x50 && data[1] === 0x4b) {
      throw new DocumentReadError(fileName, 'not a PDF: the file is a ZIP/Office document (no %PDF- header)');
    }
    throw new DocumentReadError(fileName, 'not a PDF: the file does not start with a %PDF- header');
  }
  // A complete PDF ends with %%EOF (some writers append a little junk after it).
  const tail = asciiAt(data, data.length - 2048, data.length);
  if (!tail.includes('%%EOF')) {
    throw new DocumentReadError(
      fileName,
      `the PDF is truncated: no %%EOF marker at the end of its ${data.length} bytes (incomplete download?)`,
    );
  }
}

/**
 * Opens PDF bytes with pdf.js. The caller owns the returned document and must `destroy()` it.
 * Throws DocumentReadError for empty, non-PDF, truncated, encrypted or corrupt files.
 */
export interface OpenPdfOptions {
  /**
   * Load font programs so pages can be drawn (OCR rendering). Off by default: reading text needs only
   * the fonts' ToUnicode maps and widths, and parsing a multi-megabyte CJK font program costs most of
   * the time of a document; the operator list (read for its paths and images) then leaves out the text
   * it would otherwise map glyph by glyph a second time (see patches/pdfjs-dist+*.patch, `textOnlyFonts`, applied by pdfjs.ts).
   */
  forRendering?: boolean;
}

export async function openPdf(data: Uint8Array, fileName: string, opts: OpenPdfOptions = {}): Promise<PDFDocumentProxy> {
  checkPdfBytes(data, fileName);
  guardStrayPdfjsRejections();
  const { cMapUrl, standardFontDataUrl, wasmUrl } = pdfjsAssetDirs();
  const task = getDocument({
    // pdf.js may transfer (detach) the buffer it is given: hand it a copy, the caller keeps theirs.
    data: data.slice(),
    cMapUrl,
    cMapPacked: true,
    standardFontDataUrl,
    wasmUrl,
    verbosity: 0,
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    stopAtErrors: false,
    // Added to pdf.js by our patch (pdfjs.ts); ignored by an unpatched pdf.js.
    textOnlyFonts: !opts.forRendering,
  } as Parameters<typeof getDocument>[0]);
  try {
    const doc = await task.promise;
    // pdf.js (and its worker, loaded on first use) replaced built-ins (push, JSON); see native-builtins.ts.
    restoreNativeBuiltins();
    if (doc.numPages < 1) {
      await doc.destroy();
      throw new DocumentReadError(fileName, 'the PDF has no pages');
    }
    return doc;
  } catch (err) {
    await task.destroy().catch(() => undefined);
    throw mapPdfjsError(err, fileName);
  }
}
