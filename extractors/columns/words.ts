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

/**
 * Where two cells' texts set against each other meet inside one word: spaces between two ideographs
 * wider than the word's usual space (its lower median; for two characters, solid setting) by a seam
 * width. The ideographs of one text are set solid or spread evenly; the wrapped headings of narrow
 * neighbouring columns run together (一般公共预算 政府性基金预 0.14 em apart), and so do the headings
 * of cells just wider than their text (本年收入 财政拨款 上级补助 in monospace, 0.45 em). In any line a
 * seam is believed only where it is rare (at most a quarter of the spaces, the other ideographs
 * touching, three characters or more). In a header line every wider space is a seam: the header model
 * joins again the parts of one heading that land on one column, so it asks a wider seam instead.
 * Returns the indexes of the characters a seam stands before.
 */
function cjkSeams(chars: readonly WordChar[], size: number, inHeader: boolean): number[] {
  if (chars.length < 2) return [];
  const spaces = chars.slice(1).map((c, k) => c.x0 - chars[k].x1);
  const usual = spaces.length > 1 ? [...spaces].sort((p, q) => p - q)[(spaces.length - 1) >> 1] : Math.min(0, spaces[0]);
  const pairs = spaces.map((_, k) => k + 1).filter((k) => isCjk(chars[k - 1].ch) && isCjk(chars[k].ch));
  const width = (inHeader ? HEADER_SEAM_EM : SEAM_EM) * size;
  const seams = pairs.filter((k) => spaces[k - 1] > usual + width);
  if (inHeader || !seams.length) return seams;
  if (pairs.length < 2 || seams.length * 4 > pairs.length) return [];
  return pairs.every((k) => seams.includes(k) || Math.abs(spaces[k - 1]) <= TOUCH_EM * size) ? seams : [];
}

const SEAM_EM = 0.1;
const HEADER_SEAM_EM = 0.25;
const TOUCH_EM = 0.03;

/**
 * Splits a header word at its seams (cjkSeams): headings of neighbouring cells printed closer than a
 * word space. The caller decides what a part is: parts of one heading homed on one column are joined again.
 */
export function splitAtSeams(w: Word): Word[] {
  return w.chars ? splitChars(w, cjkSeams(w.chars, w.size, true)) : [w];
}

/** A gap of this many ems between two characters separates two words (OCR may return them as one). */
export const WORD_GAP_EM = 0.5;

/** A space this wide (in ems) after a decimal amount ends the amount's cell. */
export const AFTER_AMOUNT_GAP_EM = 0.2;
const ENDS_AMOUNT = /(?:^|[^\d,.])-?\d[\d,]*\.\d+$/;
/** Above the spacing of characters set solid (TOUCH_EM), though narrower than a word space. */
const SOLID_SEAM_EM = 0.1;
/** What a figure in running text goes on with: its unit (万元, 元, 个百分点, 倍). */
const UNIT_AFTER = /[万元亿千百个倍]/;
/** A dash printed for zero (parseAmount: kind "dash"), alone in its cell. */
export const LONE_DASH = /^[-‐‑‒–—―−]+$/u;

/**
 * Splits a word at gaps between its characters wider than WORD_GAP_EM (needs character extents), and
 * after a decimal amount followed by a space and a digit or ideograph: a right-aligned amount set
 * against the next column's left-aligned code ("9,017,838.63 302" in a tightly set table, or a
 * spreadsheet's "1,980.09 一、一般公共服务支出" that pdf.js ran into one item) is two cells, since nothing
 * continues an amount after its decimals. So is a dash printed for zero set against the next column
 * ("- 三、国防支出", "- 302"): a label or code never starts with a dash and a space.
 */
export function splitAtGaps(w: Word): Word[] {
  const chars = w.chars;
  if (!chars || chars.length < 2) return [w];
  const seams = new Set(cjkSeams(chars, w.size, false));
  const cuts: number[] = [];
  for (let k = 1; k < chars.length; k++) {
    const gap = chars[k].x0 - chars[k - 1].x1;
    if (gap > WORD_GAP_EM * w.size || seams.has(k)) cuts.push(k);
    else if ((gap > SOLID_SEAM_EM * w.size || chars[k].spaceBefore) && /[\d\u4e00-\u9fff]/.test(chars[k].ch)) {
      const from = cuts[cuts.length - 1] ?? 0;
      const before = chars.slice(from, k).map((c) => c.ch).join('');
      if (!ENDS_AMOUNT.test(before) && !LONE_DASH.test(before)) continue;
      // A narrower space ends the amount only if the amount is set solid and no unit follows: cells
      // padded a point or so leave 0.15 em between a right-aligned amount and the next column's text.
      const solid = () => !UNIT_AFTER.test(chars[k].ch) && chars.slice(from + 1, k).every((c, i) => c.x0 - chars[from + i].x1 <= TOUCH_EM * w.size);
      if (gap > AFTER_AMOUNT_GAP_EM * w.size || chars[k].spaceBefore || solid()) cuts.push(k);
    }
  }
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
