/**
 * Input of the column model: positioned words in PDF points (top-left origin, y down), grouped into
 * visual lines. The PDF text layer and OCR both produce these, so the model never sees pdf.js or
 * tesseract types.
 */
import type { BBox } from '../layout.js';
import { isCjk } from '../pdf/geometry.js';

/** One character's horizontal extent inside a word (lets the model cut a word at a column edge). */
export interface WordChar {
  ch: string;
  x0: number;
  x1: number;
  /**
   * The source text had a space right before this character: pdf.js runs the texts of two cells
   * that nearly touch into one item and marks the seam so, however narrow the gap it estimates.
   */
  spaceBefore?: boolean;
}

export interface Word {
  text: string;
  bbox: BBox;
  /** Font size (the em) in points; for OCR, the text height. */
  size: number;
  /** Non-space characters with their extents, when the reader knows them. */
  chars?: WordChar[];
}

export interface WordLine {
  words: Word[];
  y0: number;
  y1: number;
  /** Largest font size on the line. */
  size: number;
}

/** A horizontal rule printed near a table (three-line tables): a hint where the header starts. */
export interface HRule {
  y: number;
  x0: number;
  x1: number;
}

export const NUMERIC = /^[-−+(（]?(?:\d{1,3}(?:[,，]\d{3})+|\d+)(?:\.\d+)?[)）%]?$|^[-−–—]$/;

export function isNumeric(text: string): boolean {
  return NUMERIC.test(text.replace(/\s+/g, ''));
}

/** Text of characters (CJK joined without spaces, a space kept between Latin runs that have a gap). */
export function joinChars(chars: readonly WordChar[], size: number): string {
  let out = '';
  let prev: WordChar | undefined;
  for (const c of chars) {
    if (prev && !isCjk(prev.ch) && !isCjk(c.ch) && c.x0 - prev.x1 > 0.22 * size) out += ' ';
    out += c.ch;
    prev = c;
  }
  return out;
}

/**
 * Cuts a word at x. With character extents the cut falls between two characters; without them
 * (some OCR words) the word's width is shared evenly by its characters.
 */
export function cutWord(w: Word, x: number): [Word, Word] | null {
  const chars =
    w.chars ??
    (() => {
      const cs = Array.from(w.text.replace(/\s+/g, ''));
      const step = (w.bbox.x1 - w.bbox.x0) / Math.max(1, cs.length);
      return cs.map((ch, k) => ({ ch, x0: w.bbox.x0 + k * step, x1: w.bbox.x0 + (k + 1) * step }));
    })();
  const k = chars.findIndex((c) => (c.x0 + c.x1) / 2 > x);
  if (k <= 0) return null;
  const part = (cs: WordChar[]): Word => ({
    text: joinChars(cs, w.size),
    bbox: { x0: cs[0].x0, y0: w.bbox.y0, x1: cs[cs.length - 1].x1, y1: w.bbox.y1 },
    size: w.size,
    chars: cs,
  });
  return [part(chars.slice(0, k)), part(chars.slice(k))];
}

/** Groups words into lines by vertical overlap of their boxes (for readers that give loose words, e.g. OCR). */
export function groupLines(words: readonly Word[]): WordLine[] {
  const sorted = [...words].sort((p, q) => (p.bbox.y0 + p.bbox.y1) / 2 - (q.bbox.y0 + q.bbox.y1) / 2);
  const lines: WordLine[] = [];
  for (const w of sorted) {
    const mid = (w.bbox.y0 + w.bbox.y1) / 2;
    const last = lines[lines.length - 1];
    if (last && mid >= last.y0 && mid <= last.y1) {
      last.words.push(w);
      last.y0 = Math.min(last.y0, w.bbox.y0);
      last.y1 = Math.max(last.y1, w.bbox.y1);
      last.size = Math.max(last.size, w.size);
    } else lines.push({ words: [w], y0: w.bbox.y0, y1: w.bbox.y1, size: w.size });
  }
  for (const l of lines) l.words.sort((p, q) => p.bbox.x0 - q.bbox.x0);
  return lines;
}

/** A gap of this many ems between two characters separates two words (OCR may return them as one). */
export const WORD_GAP_EM = 0.5;

/** A space this wide (in ems) after a decimal amount ends the amount's cell. */
export const AFTER_AMOUNT_GAP_EM = 0.2;
const ENDS_AMOUNT = /(?:^|[^\d,.])-?\d[\d,]*\.\d+$/;

/**
 * Splits a word at gaps between its characters wider than WORD_GAP_EM (needs character extents), and
 * after a decimal amount followed by a space and a digit or ideograph: a right-aligned amount set
 * against the next column's left-aligned code ("9,017,838.63 302" in a tightly set table, or a
 * spreadsheet's "1,980.09 一、一般公共服务支出" that pdf.js ran into one item) is two cells, since nothing
 * continues an amount after its decimals.
 */
export function splitAtGaps(w: Word): Word[] {
  const chars = w.chars;
  if (!chars || chars.length < 2) return [w];
  const cuts: number[] = [];
  for (let k = 1; k < chars.length; k++) {
    const gap = chars[k].x0 - chars[k - 1].x1;
    if (gap > WORD_GAP_EM * w.size) cuts.push(k);
    else if ((gap > AFTER_AMOUNT_GAP_EM * w.size || chars[k].spaceBefore) && /[\d\u4e00-\u9fff]/.test(chars[k].ch) && ENDS_AMOUNT.test(chars.slice(cuts[cuts.length - 1] ?? 0, k).map((c) => c.ch).join(''))) cuts.push(k);
  }
  return splitChars(w, cuts);
}

/** A space this much (in ems) wider than a word's usual one between two ideographs is a seam. */
const SEAM_EM = 0.25;
const IDEOGRAPH = /[\u4e00-\u9fff]/;

/**
 * Splits a word at seams: spaces between two ideographs SEAM_EM wider than the word's usual one.
 * The ideographs of one text are set solid (or spread evenly); headings of neighbouring cells in
 * columns just wider than their text stand closer than a word space (本年收入 财政拨款 上级补助 in
 * monospace, centred, 0.45 em apart) and reach the model as one word. The caller decides what a
 * part is: parts of one heading homed on the same column are joined again.
 */
export function splitAtSeams(w: Word): Word[] {
  const chars = w.chars;
  if (!chars || chars.length < 2) return [w];
  const spaces = chars.slice(1).map((c, k) => c.x0 - chars[k].x1);
  // the lower median (a seam among three characters is one of two spaces); two characters have no
  // usual space but their own: solid setting is the usual one
  const usual = spaces.length > 1 ? [...spaces].sort((a, b) => a - b)[(spaces.length - 1) >> 1] : Math.min(0, spaces[0]);
  const cuts: number[] = [];
  spaces.forEach((s, k) => {
    if (s > usual + SEAM_EM * w.size && IDEOGRAPH.test(chars[k].ch) && IDEOGRAPH.test(chars[k + 1].ch)) cuts.push(k + 1);
  });
  return splitChars(w, cuts);
}

/** The word cut before the characters at `cuts` (ascending indexes). */
function splitChars(w: Word, cuts: readonly number[]): Word[] {
  const chars = w.chars;
  if (!chars || !cuts.length) return [w];
  return [0, ...cuts].map((start, k) => {
    const cs = chars.slice(start, cuts[k] ?? chars.length);
    return { text: joinChars(cs, w.size), bbox: { x0: cs[0].x0, y0: w.bbox.y0, x1: cs[cs.length - 1].x1, y1: w.bbox.y1 }, size: w.size, chars: cs };
  });
}
