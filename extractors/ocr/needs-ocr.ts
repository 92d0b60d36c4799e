/**
 * Decides, page by page, whether a PDF's text layer can be trusted or the page must be OCR'd.
 *
 * A text layer is not usable when the page has no text; when its characters are mostly
 * private-use, U+FFFD, control or Latin-1 junk (fonts without a ToUnicode map: GBK codes come
 * out as "ÊÕÈë¾öËã±í"); when a page of a Chinese document has plenty of Latin letters but no CJK
 * at all; or when images cover most of the page and the text is too little to be its content
 * (a scan with a few stray words, e.g. a stamp or a page number).
 */
import type { PDFPageProxy } from 'pdfjs-dist/types/src/display/api.js';
import { placedImages } from './preprocess/resolution.js';

export interface TextLayerVerdict {
  usable: boolean;
  reason: string;
  /** Counts behind the verdict. */
  stats: { chars: number; cjk: number; latin: number; digits: number; junk: number; imageCoverage: number };
}

/** What of a page the decision needs besides its text: size, and how much of it images cover. */
export interface PageInfo {
  /** Page box [x0, y0, x1, y1] in points (pdfjs `page.view`). */
  view: number[];
  /** 0..1 share of the page area covered by painted images (see `imageCoverage`). */
  imageCoverage?: number;
}

interface TextItemLike {
  str?: string;
}

const isCjk = (c: number) =>
  (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef) || (c >= 0x20000 && c <= 0x2ffff);
const isJunk = (c: number) =>
  c === 0xfffd || (c >= 0xe000 && c <= 0xf8ff) || (c >= 0xf0000) || c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0xa1 && c <= 0xff && c !== 0xb7 && c !== 0xd7 && c !== 0xf7);

/** Latin-1 letters and accents (not ¥ ° ± · × ÷, which a table may print) and Latin Extended-A. */
const isForeignLetter = (c: number) => (c >= 0xc0 && c <= 0x17f && c !== 0xd7 && c !== 0xf7) || c === 0xa8 || c === 0xaf || c === 0xb4 || c === 0xb8;

export function textLayerQuality(textContent: { items: ReadonlyArray<TextItemLike | object> }, page: PageInfo): TextLayerVerdict {
  let chars = 0;
  let cjk = 0;
  let latin = 0;
  let digits = 0;
  let junk = 0;
  let foreign = 0;
  for (const item of textContent.items) {
    const str = (item as TextItemLike).str ?? '';
    for (const ch of str) {
      const c = ch.codePointAt(0)!;
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xa0 || c === 0x3000) continue;
      chars++;
      if (isForeignLetter(c)) foreign++;
      if (isCjk(c)) cjk++;
      else if (isJunk(c)) junk++;
      else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) latin++;
      else if (c >= 0x30 && c <= 0x39) digits++;
    }
  }
  const imageCoverage = page.imageCoverage ?? 0;
  const stats = { chars, cjk, latin, digits, junk, imageCoverage };
  const [x0, y0, x1, y1] = page.view;
  const areaIn2 = (Math.abs(x1 - x0) * Math.abs(y1 - y0)) / (72 * 72);
  if (chars === 0) return { usable: false, reason: imageCoverage > 0 ? 'no text, page is an image' : 'no text items', stats };
  const letters = cjk + latin + junk;
  if (junk >= 3 && junk / Math.max(1, letters) > 0.3) return { usable: false, reason: `text is mostly unmapped glyphs (${Math.round((junk / letters) * 100)}% of letters are private-use/U+FFFD/Latin-1 junk)`, stats };
  // Some glyphs re-encoded without their Unicode map (Ghostscript re-writing a PDF: 财 → ¯, （ → ÿ, 基 → Ā,
  // 上 → P): Latin-1 or Latin Extended-A letters among the Chinese, which a 决算 never prints. The mapped
  // characters around them cannot be trusted either.
  if (cjk >= 20 && foreign >= 3 && foreign / Math.max(1, letters) > 0.01) return { usable: false, reason: `${foreign} Latin-1 letters among the Chinese: glyphs without their Unicode map`, stats };
  if (cjk === 0 && latin >= 20 && latin > digits) return { usable: false, reason: 'Latin text but no Chinese character: font without ToUnicode', stats };
  if (imageCoverage >= 0.5 && chars < Math.max(40, areaIn2 * 0.5)) return { usable: false, reason: `images cover ${Math.round(imageCoverage * 100)}% of the page and there are only ${chars} characters`, stats };
  return { usable: true, reason: 'text layer looks sound', stats };
}

/** Share of the page area covered by painted images (bounding boxes of the unit square under the CTM, union by coarse raster). */
export async function imageCoverage(page: PDFPageProxy): Promise<number> {
  const { OPS } = await import('../pdf/pdfjs.js');
  return imageCoverageOfOps(await page.getOperatorList(), page.view, OPS as unknown as Record<string, number>);
}

/** The same, from an operator list the caller already has (the PDF reader fetches one for ruling lines). */
export function imageCoverageOfOps(ops: { fnArray: number[]; argsArray: unknown[] }, view: number[], OPS: Record<string, number>): number {
  const [vx0, vy0, vx1, vy1] = view;
  const W = vx1 - vx0;
  const H = vy1 - vy0;
  const G = 64;
  const grid = new Uint8Array(G * G);
  for (const { matrix: ctm } of placedImages(ops, OPS)) {
    const pts = [[0, 0], [1, 0], [0, 1], [1, 1]].map(([x, y]) => [ctm[0] * x + ctm[2] * y + ctm[4], ctm[1] * x + ctm[3] * y + ctm[5]]);
    const gx0 = Math.max(0, Math.floor(((Math.min(...pts.map((p) => p[0])) - vx0) / W) * G));
    const gx1 = Math.min(G, Math.ceil(((Math.max(...pts.map((p) => p[0])) - vx0) / W) * G));
    const gy0 = Math.max(0, Math.floor(((Math.min(...pts.map((p) => p[1])) - vy0) / H) * G));
    const gy1 = Math.min(G, Math.ceil(((Math.max(...pts.map((p) => p[1])) - vy0) / H) * G));
    for (let y = gy0; y < gy1; y++) for (let x = gx0; x < gx1; x++) grid[y * G + x] = 1;
  }
  let n = 0;
  for (const v of grid) n += v;
  return n / (G * G);
}

/** Convenience: reads the page's text and images and returns the verdict. */
export async function assessTextLayer(page: PDFPageProxy): Promise<TextLayerVerdict> {
  const [tc, cov] = await Promise.all([page.getTextContent(), imageCoverage(page)]);
  return textLayerQuality(tc, { view: page.view, imageCoverage: cov });
}
