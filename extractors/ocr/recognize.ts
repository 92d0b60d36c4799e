/**
 * OCR of a rendered page: finds the ruled grids (grid.ts), reads every cell line by line with
 * tesseract.js (chi_sim, PSM 7), re-reads amount columns with a digit whitelist, and reads the
 * text outside grids (titles, 单位：万元, notes) as line blocks, producing a `LayoutPage`.
 *
 * Language data is loaded offline from the @tesseract.js-data/chi_sim package; nothing is ever
 * downloaded (langPath is a local folder, cacheMethod 'none').
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import Tesseract from 'tesseract.js';
import { peelCaptions } from '../grid/captions.js';
import type { BBox, LayoutBlock, LayoutCell, LayoutGrid, LayoutPage, LayoutText } from '../layout.js';
import { detectGrids, forEachComponent, otsuThreshold, unrotatePoint, type BinaryImage, type GridDetection, type GridOptions } from './grid.js';
import { unescapeHtml, wordsFromHocr, type HocrWord } from './hocr.js';
import { correctHeaderCell, correctMarkerRow, correctPhrase, correctStubWord, dropStrayQuote, shortWordsNear } from './lexicon.js';
import { encodePgm, type GrayImage, type RenderedPage } from './render.js';
import { bandLines, cellInk, findOcrColumnTables, linePieces, misread, printEm, staggeredLinePieces, wordsOnInk, type InkPiece, type OcrLine, type PlacedChar, type PlacedWord } from './unruled.js';

const require = createRequire(import.meta.url);

// Math functions as module bindings: global lookups are slow inside vm contexts (jest).
const { round: Mround, floor: Mfloor, ceil: Mceil, min: Mmin, max: Mmax, abs: Mabs } = Math;

/**
 * 'text' and 'numeric' read one line (PSM 7, numeric with the digit whitelist) with per-character
 * alternatives (identity repair of amounts); 'plain' reads one line without them (text outside the
 * tables: the CTC choices cost an eighth of tesseract's time); 'block' reads a cell of several lines (PSM 6).
 */
export type LineMode = 'text' | 'plain' | 'numeric' | 'block';

/** Which traineddata of the package to use: '4.0.0' (standard, better on Chinese) or '4.0.0_best_int' (small). */
export type ChiSimModel = '4.0.0' | '4.0.0_best_int';

/** Local folder holding chi_sim.traineddata.gz, from the @tesseract.js-data/chi_sim package. */
export function chiSimLangPath(model: ChiSimModel = '4.0.0'): string {
  return path.join(path.dirname(require.resolve('@tesseract.js-data/chi_sim/package.json')), model);
}

// (parentheses: a negative printed "(23,960.19)")
export const NUMERIC_WHITELIST = '0123456789.,-()';

/** A tesseract.js worker plus the parameters currently set on it. */
export interface OcrWorker {
  worker: Tesseract.Worker;
  mode?: LineMode;
}

/** Creates one tesseract.js worker reading chi_sim from the local package (never the network). */
export async function createTesseractWorker(model: ChiSimModel = '4.0.0'): Promise<OcrWorker> {
  const worker = await Tesseract.createWorker('chi_sim', Tesseract.OEM.LSTM_ONLY, {
    langPath: chiSimLangPath(model),
    cacheMethod: 'none',
    gzip: true,
    logger: () => {},
    errorHandler: () => {},
  });
  return { worker };
}

export interface LineReading {
  text: string;
  /** 0..1 */
  confidence: number;
  alternatives?: string[][];
  /** left edge (px in the line image) of the first recognised word */
  x0?: number;
  /** 'block' mode: the lines read, top to bottom */
  lines?: LineReading[];
  /** The words read, with their boxes (px in the line image): where each word and character stands. */
  words?: OcrWord[];
}

/** A word tesseract read, in pixels of the image it was given. */
export interface OcrWord {
  text: string;
  /** 0..1 */
  confidence: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  symbols: Array<{ ch: string; x0: number; y0: number; x1: number; y1: number }>;
}

const CJK = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/;

/** Joins tesseract words: no space next to a CJK character, one space between Latin/digit words. */
export function joinWords(words: string[]): string {
  let out = '';
  for (const w of words) {
    if (!w) continue;
    if (out && !CJK.test(out[out.length - 1]) && !CJK.test(w[0])) out += ' ';
    out += w;
  }
  return out;
}


/**
 * Per-character alternatives from tesseract's hOCR with `lstm_choice_mode=2`: each recognised
 * character is a `<span id='lstm_choices_…'>` holding its candidate characters, best first (the
 * JSON `blocks` output of tesseract.js 7 has no per-symbol choices). Returns one list per character
 * of the line, in reading order, spaces not counted.
 */
export function choicesFromHocr(hocr: string): string[][] {
  const out: string[][] = [];
  const group = /<span class='ocrx_cinfo' id='lstm_choices_[^']*'>([\s\S]*?)<\/span>\s*<\/span>/g;
  const choice = /<span class='ocrx_cinfo' id='choice_[^']*' title='x_confs ([\d.]+)'>([\s\S]*?)<\/span>/g;
  for (const g of hocr.matchAll(group)) {
    const body = g[1] + '</span>';
    const cands = [...body.matchAll(choice)].map((m) => ({ text: unescapeHtml(m[2]), conf: Number(m[1]) })).filter((c) => c.text.trim());
    cands.sort((a, b) => b.conf - a.conf);
    out.push([...new Set(cands.map((c) => c.text))]);
  }
  return out;
}

/**
 * Aligns per-character alternatives with the final (normalised) text: one list per character of
 * `text`, the character itself first. Undefined when they cannot be aligned (normalisation dropped
 * or added characters), so no alternative is ever attached to the wrong character.
 */
export function alignAlternatives(text: string, choices: string[][]): string[][] | undefined {
  const chars = [...text];
  if (chars.length === 0 || chars.length !== choices.length) return undefined;
  return chars.map((ch, i) => [ch, ...choices[i].filter((c) => c !== ch)].slice(0, MAX_ALTERNATIVES + 1));
}

/** Alternatives kept per character besides the reading itself. */
export const MAX_ALTERNATIVES = 5;

/** Reads one text line image (PSM 7), or a block of lines (PSM 6, `lines` set). Alternatives per character come from lstm_choice_mode=2 (see choicesFromHocr). */
export async function recognizeLine(ow: OcrWorker, img: GrayImage, mode: LineMode): Promise<LineReading> {
  if (ow.mode !== mode) {
    await ow.worker.setParameters({
      tessedit_pageseg_mode: mode === 'block' ? Tesseract.PSM.SINGLE_BLOCK : Tesseract.PSM.SINGLE_LINE,
      tessedit_char_whitelist: mode === 'numeric' ? NUMERIC_WHITELIST : '',
      preserve_interword_spaces: '0',
      // Per-character alternatives from the CTC decoder, reported in hOCR (for identity repair),
      // with each character's box and confidence (line readings are taken from hOCR alone). Blocks
      // are read from the JSON lines, which carry no alternatives.
      lstm_choice_mode: mode === 'plain' || mode === 'block' ? '0' : '2',
      hocr_char_boxes: '1',
      // Crops are dark ink binarised on white: a low-confidence line is never read inverted.
      tessedit_do_invert: '0',
    } as Partial<Tesseract.WorkerParams>);
    ow.mode = mode;
  }
  // A block needs its lines (JSON blocks); a line only its words, which hOCR has too.
  const block = mode === 'block';
  const res = await ow.worker.recognize(Buffer.from(encodePgm(img)), {}, { text: false, blocks: block, hocr: !block });
  const lines = (res.data.blocks ?? []).flatMap((b) => b.paragraphs.flatMap((p) => p.lines));
  const readLine = (words: HocrWord[]): LineReading => {
    const texts: string[] = [];
    const boxes: OcrWord[] = [];
    let confSum = 0;
    let confN = 0;
    for (const w of words) {
      texts.push(w.text.trim());
      const symbols = (w.symbols ?? []).filter((sym) => sym.text.trim());
      for (const sym of w.symbols ?? []) {
        confSum += sym.confidence;
        confN++;
      }
      if (!w.text.trim()) continue;
      const syms = symbols.map((sym) => ({ ch: sym.text.trim(), x0: sym.bbox.x0, y0: sym.bbox.y0, x1: sym.bbox.x1, y1: sym.bbox.y1 }));
      const wc = symbols.length ? symbols.reduce((c, sym) => c + sym.confidence, 0) / symbols.length : w.confidence;
      boxes.push({ text: w.text.trim(), confidence: wc / 100, x0: w.bbox.x0, y0: w.bbox.y0, x1: w.bbox.x1, y1: w.bbox.y1, symbols: syms });
    }
    return { text: joinWords(texts), confidence: confN ? confSum / confN / 100 : 0, words: boxes };
  };
  if (mode === 'block') {
    const read = lines.map((l) => readLine(l.words)).filter((r) => r.text.length > 0);
    const chars = read.reduce((n, r) => n + r.text.length, 0);
    const confidence = chars ? read.reduce((c, r) => c + r.confidence * r.text.length, 0) / chars : 0;
    return { text: read.map((r) => r.text).join('\n'), confidence, lines: read };
  }
  const words = wordsFromHocr(res.data.hocr ?? '');
  const first = readLine(words);
  let text = first.text;
  if (mode === 'numeric') text = normaliseAmount(text);
  const choices = res.data.hocr ? choicesFromHocr(res.data.hocr) : [];
  const alternatives = alignAlternatives(text.replace(/\s+/g, ''), choices);
  const x0 = words.length ? words[0].bbox.x0 : undefined;
  return { text, confidence: first.confidence, ...(alternatives ? { alternatives } : {}), ...(x0 !== undefined ? { x0 } : {}), words: first.words };
}

/**
 * Tidies a reading of an amount: spaces dropped; a separator tesseract saw as '.' where only a
 * thousands comma fits (every separator but a final '.dd') becomes ','; a gap at a thousands
 * position becomes ','. Readings that are not amount-shaped are returned without spaces only.
 */
export function normaliseAmount(raw: string): string {
  // A negative in parentheses keeps them around the amount normalised inside.
  const paren = /^\s*[(（]\s*(.*?)\s*[)）]\s*$/.exec(raw);
  if (paren && /\d/.test(paren[1])) {
    const inner = normaliseAmount(paren[1]);
    return /^-/.test(inner) ? inner : `(${inner})`;
  }
  // Stray separators at either end (a cell border remnant read as ',' or '.'), and a '-' that
  // stands where only the decimal point fits.
  let t = raw.trim().replace(/\s*([.,])\s*/g, '$1').replace(/^[.,]+|[.,\-]+$/g, '');
  t = t.replace(/(\d)-(\d{2})$/, '$1.$2');
  const compact = t.replace(/\s+/g, '');
  const m = /^(-?)(\d{1,3}(?:[.,\s]\d{3})+|\d+)(?:[.,](\d{1,2}))?$/.exec(t);
  if (!m) return compact;
  const [, sign, intPart, dec] = m;
  const groups = intPart.split(/[.,\s]/);
  const int = groups.length > 1 ? groups.join(',') : intPart;
  return `${sign}${int}${dec !== undefined ? '.' + dec : ''}`;
}

// Thousands groups start with a non-zero digit ("065,035.06" lost its leading digit).
const AMOUNT = /^(-?([1-9]\d{0,2}(,\d{3})+|\d+)(\.\d{1,2})?|\(([1-9]\d{0,2}(,\d{3})+|\d+)(\.\d{1,2})?\))$/;
const NUMERIC_ISH = /^[-\d.,\s()]+$/;

// ---------------------------------------------------------------- image helpers

const digitCount = (t: string): number => (t.match(/\d/g) ?? []).length;
const sepCount = (t: string): number => (t.match(/[.,\-]/g) ?? []).length;

/**
 * Glyphs in a binarised line image (0 = ink), for checking that a reading accounts for all the ink:
 * 8-connected components, `tall` counting those at least 60% as high as the tallest (digits) and
 * `small` the rest above speck size (separators). Digits that touch make one component: a tall
 * component counts as as many digits as its width holds (the typical digit width being the median
 * width of the tall components, kept within 0.4–0.7 of their height).
 */
export function countGlyphs(img: GrayImage): { tall: number; small: number } {
  const { comps, maxH, tall: tallComps, medianW } = glyphComponents(img);
  const speck = Mmax(2, (maxH * 0.12) ** 2);
  const digitW = Mmin(maxH * 0.7, Mmax(maxH * 0.4, medianW));
  let tall = 0;
  for (const c of tallComps) tall += Mmax(1, Mfloor(c.w / digitW + 0.4));
  const small = comps.filter((c) => c.h < maxH * 0.6 && c.area >= speck).length;
  return { tall, small };
}

interface Glyph {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  w: number;
  h: number;
  area: number;
}

/**
 * The ink components of a line image (8-connected, ink ≤ 127), the tallest one's height, the tall ones
 * (at least 60 % of it: digits, left to right) and their median width.
 */
function glyphComponents(img: GrayImage): { comps: Glyph[]; maxH: number; tall: Glyph[]; medianW: number } {
  const { width: W, height: H, data } = img;
  const comps: Glyph[] = [];
  forEachComponent(W, H, (i) => data[i] <= 127, (c) => comps.push({ x0: c.x0, y0: c.y0, x1: c.x1, y1: c.y1, w: c.x1 - c.x0 + 1, h: c.y1 - c.y0 + 1, area: c.area }));
  const maxH = comps.reduce((m, c) => Mmax(m, c.h), 0);
  const tall = comps.filter((c) => c.h >= maxH * 0.6).sort((p, q) => p.x0 - q.x0);
  const widths = tall.map((c) => c.w).sort((a, b) => a - b);
  return { comps, maxH, tall, medianW: widths.length ? widths[widths.length >> 1] : 0 };
}

/**
 * For each digit-sized glyph of a line image, left to right: is it shaped as a 0? Tesseract reads the
 * zeros of monospaced faces (a slash or a dot inside: Noto Sans Mono CJK) as 8, 9 or 6. Both sides of
 * a 0 run through its middle, so every row across its middle (30–70 % of its height) meets ink at least
 * twice; an 8 has its waist there, a 6 or a 9 a single stroke above or below its bowl: some row meets
 * ink once. Undefined when a glyph is wider than one digit (touching digits: no telling which).
 */
export function zeroShaped(img: GrayImage): boolean[] | undefined {
  const { width: W, data } = img;
  const { tall, medianW } = glyphComponents(img);
  if (tall.some((c) => c.w > 1.5 * medianW)) return undefined;
  const runsAt = (c: Glyph, y: number) => {
    let runs = 0;
    for (let x = c.x0, ink = false; x <= c.x1; x++) {
      const now = data[y * W + x] <= 127;
      if (now && !ink) runs++;
      ink = now;
    }
    return runs;
  };
  return tall.map((c) => {
    if (c.h < 8) return false;
    for (let y = c.y0 + Mround(0.3 * c.h); y <= c.y0 + Mround(0.7 * c.h); y++) if (runsAt(c, y) < 2) return false;
    return true;
  });
}

function cropToLine(src: GrayImage, x0: number, y0: number, x1: number, y1: number, pad: number, scale: number): GrayImage {
  if (scale < 1) return shrinkToLine(src, x0, y0, x1, y1, pad, scale);
  const w = x1 - x0;
  const h = y1 - y0;
  const W = Mround(w * scale) + 2 * pad;
  const H = Mround(h * scale) + 2 * pad;
  const out = new Uint8Array(W * H).fill(255);
  const sw = src.width;
  for (let y = 0; y < H - 2 * pad; y++) {
    const sy = y0 + (scale === 1 ? y : Mmin(h - 1, (y + 0.5) / scale - 0.5));
    const yi = Mmax(y0, Mfloor(sy));
    const fy = scale === 1 ? 0 : sy - Mfloor(sy);
    const yj = Mmin(y1 - 1, yi + 1);
    for (let x = 0; x < W - 2 * pad; x++) {
      const sx = x0 + (scale === 1 ? x : Mmin(w - 1, (x + 0.5) / scale - 0.5));
      const xi = Mmax(x0, Mfloor(sx));
      const fx = scale === 1 ? 0 : sx - Mfloor(sx);
      const xj = Mmin(x1 - 1, xi + 1);
      const a = src.data[yi * sw + xi];
      const b = src.data[yi * sw + xj];
      const c = src.data[yj * sw + xi];
      const d = src.data[yj * sw + xj];
      const top = a + (b - a) * fx;
      const bot = c + (d - c) * fx;
      out[(y + pad) * W + x + pad] = Mround(top + (bot - top) * fy);
    }
  }
  return { width: W, height: H, data: out };
}

/**
 * cropToLine reducing (scale < 1): each output pixel is the mean of the source pixels it covers
 * (weighted by the part covered), so a stroke thinner than the step is greyed, never skipped as
 * point sampling would.
 */
function shrinkToLine(src: GrayImage, x0: number, y0: number, x1: number, y1: number, pad: number, scale: number): GrayImage {
  const w = x1 - x0;
  const h = y1 - y0;
  const ow = Mmax(1, Mround(w * scale));
  const oh = Mmax(1, Mround(h * scale));
  const W = ow + 2 * pad;
  const H = oh + 2 * pad;
  const out = new Uint8Array(W * H).fill(255);
  const sw = src.width;
  const kx = w / ow;
  const ky = h / oh;
  // Each output column's source span and the weights of its first and last source columns.
  const xa = new Int32Array(ow);
  const xb = new Int32Array(ow);
  const wa = new Float64Array(ow);
  const wb = new Float64Array(ow);
  for (let x = 0; x < ow; x++) {
    const a = x * kx;
    const b = (x + 1) * kx;
    xa[x] = Mfloor(a);
    xb[x] = Mmin(w - 1, Mceil(b) - 1);
    wa[x] = 1 - (a - xa[x]);
    wb[x] = b - xb[x];
  }
  const row = new Float64Array(ow);
  for (let y = 0; y < oh; y++) {
    const a = y * ky;
    const b = (y + 1) * ky;
    const ya = Mfloor(a);
    const yb = Mmin(h - 1, Mceil(b) - 1);
    row.fill(0);
    let wsum = 0;
    for (let sy = ya; sy <= yb; sy++) {
      const wy = sy === ya && sy === yb ? b - a : sy === ya ? 1 - (a - ya) : sy === yb ? b - yb : 1;
      wsum += wy;
      const r = (y0 + sy) * sw + x0;
      for (let x = 0; x < ow; x++) {
        let acc = 0;
        for (let sx = xa[x]; sx <= xb[x]; sx++) {
          const wx = sx === xa[x] && sx === xb[x] ? kx : sx === xa[x] ? wa[x] : sx === xb[x] ? wb[x] : 1;
          acc += src.data[r + sx] * wx;
        }
        row[x] += acc * wy;
      }
    }
    const norm = 1 / (wsum * kx);
    for (let x = 0; x < ow; x++) out[(y + pad) * W + x + pad] = Mmin(255, Mround(row[x] * norm));
  }
  return { width: W, height: H, data: out };
}

interface Band {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  ink: number;
  /** A lone short stroke mid-cell: the geometry of a "-" zero, whatever tesseract reads of it. */
  dash?: boolean;
}

/**
 * Text lines inside a region of the binary image: rows with ink grouped into bands (small gaps
 * bridged), each band trimmed to its ink. With `splitGap`, a band is also cut where a horizontal
 * gap is wider than splitGap × its height (title vs. 单位：万元 on one baseline).
 */
export function findTextBands(bin: BinaryImage, x0: number, y0: number, x1: number, y1: number, dpi: number, splitGap?: number): Band[] {
  const W = bin.width;
  const d = bin.data;
  x0 = Mmax(0, Mround(x0));
  y0 = Mmax(0, Mround(y0));
  x1 = Mmin(W, Mround(x1));
  y1 = Mmin(bin.height, Mround(y1));
  if (x1 <= x0 || y1 <= y0) return [];
  const rowInk = new Int32Array(y1 - y0);
  for (let y = y0; y < y1; y++) {
    let n = 0;
    const r = y * W;
    for (let x = x0; x < x1; x++) n += d[r + x];
    rowInk[y - y0] = n;
  }
  const gapTol = Mmax(1, Mround(dpi / 100));
  const minH = Mmax(3, Mround(dpi * 0.025));
  const minInk = Mmax(6, Mround((dpi / 72) ** 2 * 2));
  const raw: Array<[number, number]> = [];
  let s = -1;
  let last = -1;
  for (let i = 0; i <= rowInk.length; i++) {
    const ink = i < rowInk.length && rowInk[i] > 0;
    if (ink) {
      if (s < 0) s = i;
      else if (i - last - 1 > gapTol) {
        raw.push([s, last]);
        s = i;
      }
      last = i;
    }
  }
  if (s >= 0) raw.push([s, last]);
  const bands: Band[] = [];
  for (const [a, b] of raw) {
    const by0 = y0 + a;
    const by1 = y0 + b + 1;
    const colInk = new Int32Array(x1 - x0);
    let ink = 0;
    for (let y = by0; y < by1; y++) {
      const r = y * W;
      for (let x = x0; x < x1; x++) {
        if (d[r + x]) {
          colInk[x - x0]++;
          ink++;
        }
      }
    }
    // A zero printed "-": one short solid stroke alone in the middle of the cell (rule remnants lie
    // along the top or bottom edge or span the cell, specks are not elongated). Kept however little
    // ink it has. A right- or left-aligned dash may touch one side of the crop (at 300 dpi the crop
    // inset from the rule ends at the stroke), not both.
    let first = 0;
    while (first < colInk.length && !colInk[first]) first++;
    let lastCol = colInk.length - 1;
    while (lastCol > first && !colInk[lastCol]) lastCol--;
    const w = lastCol - first + 1;
    const h = by1 - by0;
    const mid = (by0 + by1) / 2;
    const dash =
      raw.length === 1 &&
      h <= minH &&
      w >= Mmax(3 * h, dpi * 0.02) &&
      w <= dpi * 0.15 &&
      ink >= 0.6 * w * h &&
      mid > y0 + 0.2 * (y1 - y0) &&
      mid < y1 - 0.2 * (y1 - y0) &&
      (first > 1 || lastCol < colInk.length - 2);
    if (dash) {
      bands.push({ x0: x0 + first, x1: x0 + lastCol + 1, y0: by0, y1: by1, ink, dash: true });
      continue;
    }
    if (by1 - by0 < minH && ink < minInk * 3) continue;
    if (ink < minInk) continue;
    // Horizontal pieces.
    const maxGap = splitGap ? Mmax(4, Mround(h * splitGap)) : Infinity;
    let ps = -1;
    let pl = -1;
    let pInk = 0;
    const flush = () => {
      if (ps >= 0 && pInk >= minInk) bands.push({ x0: x0 + ps, x1: x0 + pl + 1, y0: by0, y1: by1, ink: pInk });
    };
    for (let i = 0; i < colInk.length; i++) {
      if (!colInk[i]) continue;
      if (ps < 0) ps = i;
      else if (i - pl - 1 > maxGap) {
        flush();
        ps = i;
        pInk = 0;
      }
      pl = i;
      pInk += colInk[i];
    }
    flush();
  }
  // Tighten each piece vertically to its own ink.
  for (const b of bands) {
    let top = b.y1;
    let bot = b.y0 - 1;
    for (let y = b.y0; y < b.y1; y++) {
      const r = y * W;
      for (let x = b.x0; x < b.x1; x++) {
        if (d[r + x]) {
          if (y < top) top = y;
          bot = y;
          break;
        }
      }
    }
    if (bot >= top) {
      b.y0 = top;
      b.y1 = bot + 1;
    }
  }
  return bands;
}

// ---------------------------------------------------------------- page reading

/** Ink height (px) a line image is scaled to: 0.14 in at 200 dpi, where chi_sim reads small print reliably. */
export const LINE_INK_PX = 28;
/**
 * White margin (px) around a cell's line image. 6 px would save a fifth of tesseract's time per call, but
 * lost a row of the 200 dpi Pudong t5/t6 scan (test/ocr-pipeline.test.ts: code 2070111 unread) and
 * 11 of the 52 cells of an unruled scan's page-wide row bands (read whole for the column model).
 */
export const LINE_PAD = 10;

/** Words of one line further apart than this many ems are separate text blocks (a title and 单位：万元). */
const TEXT_GAP_EM = 2.5;

/** Something that runs a line OCR job on some worker (the pool). */
export type LineRunner = (img: GrayImage, mode: LineMode) => Promise<LineReading>;

export interface ReadPageOptions {
  /** Mean confidence (0..1) under which a numeric-looking reading is re-read with the digit whitelist. */
  numericRecheck?: number;
  /** The page flattened and its skew, from page preparation (detectGrids' option). */
  flattened?: GridOptions['flattened'];
}

interface LineJob {
  band: Band;
  img: GrayImage;
  reading?: LineReading;
  /** Scale the image was enlarged by (its words' boxes are mapped back with it). */
  scale?: number;
  /** A band of several lines (a heading centred beside two lines), read piece by piece. */
  tall?: boolean;
}

interface CellJob {
  table: number;
  cell: GridDetection['tables'][number]['cells'][number];
  lines: LineJob[];
}

/** OCRs a rendered page into a LayoutPage (`source: 'ocr'`). */
export async function readRenderedPage(page: RenderedPage, pageNumber: number, run: LineRunner, opts: ReadPageOptions = {}): Promise<LayoutPage> {
  const { dpi } = page;
  const det = detectGrids(page, { dpi, ...(opts.flattened ? { flattened: opts.flattened } : {}) });
  const { clean, binary } = det;
  const pad = LINE_PAD;
  // Lines are handed to tesseract binarised with a threshold above Otsu's (strokes kept a little
  // thick: anti-aliased thin joins otherwise turn 6 into 0), enlarged to a readable height (below).
  const otsu = otsuThreshold(clean);
  const lineThreshold = Mround(otsu + (255 - otsu) * 0.25);
  // chi_sim reads small print poorly: at 200 dpi (digits ~18 px high) it drops a leading "1,",
  // misreads 6/5 and 9/8 and 数 as 政, all of which it gets right enlarged. Lines are scaled to
  // about LINE_INK_PX of ink height, enlarged at most 2×; on a finer scan reduced, never below its
  // 200 dpi equivalent (tesseract's time grows with the pixels, its accuracy does not past that).
  const minScale = Mmin(1, 200 / dpi);
  const defaultScale = (b: Band): number => Mmax(minScale, Mmin(2, LINE_INK_PX / Mmax(1, b.y1 - b.y0)));
  const lineImage = (b: Band, forceScale?: number, threshold = lineThreshold): GrayImage => {
    const scale = forceScale ?? defaultScale(b);
    const m = Mmax(1, Mround(dpi / 100));
    const img = cropToLine(clean, Mmax(0, b.x0 - m), Mmax(0, b.y0 - m), Mmin(clean.width, b.x1 + m), Mmin(clean.height, b.y1 + m), pad, scale);
    const d = img.data;
    for (let i = 0; i < d.length; i++) d[i] = d[i] <= threshold ? 0 : 255;
    return img;
  };
  // A threshold halfway between the line's ink and its paper: on a blurred scan the page threshold
  // fills the gaps between strokes and CJK glyphs become blobs tesseract reads as nothing.
  const midThreshold = (b: Band): number => {
    const hist = new Uint32Array(256);
    let n = 0;
    for (let y = Mmax(0, b.y0); y < Mmin(clean.height, b.y1); y++) {
      for (let x = Mmax(0, b.x0); x < Mmin(clean.width, b.x1); x++) {
        hist[clean.data[y * clean.width + x]]++;
        n++;
      }
    }
    const pct = (p: number) => {
      let acc = 0;
      for (let v = 0; v < 256; v++) if ((acc += hist[v]) >= n * p) return v;
      return 255;
    };
    const ink = pct(0.03);
    const paper = pct(0.9);
    return Mmin(lineThreshold, Mround((ink + paper) / 2));
  };

  // Cells → line jobs, from each cell's inside clear of its (erased) lines; a cell without ink
  // after erasure is blank and never reaches tesseract.
  const inset = Mmax(2, Mround(dpi / 70));
  const cellJobs: CellJob[] = [];
  det.tables.forEach((t, ti) => {
    for (const cell of t.cells) {
      const { x0, y0, x1, y1 } = cell.inner;
      const bands = findTextBands(binary, x0, y0, x1, y1, dpi);
      cellJobs.push({ table: ti, cell, lines: bands.map((band) => ({ band, img: lineImage(band) })) });
    }
  });

  // Text outside the grids.
  const masked: BinaryImage = { width: binary.width, height: binary.height, data: new Uint8Array(binary.data) };
  for (const t of det.tables) {
    const m = inset * 2;
    for (let y = Mmax(0, Mfloor(t.bbox.y0 - m)); y < Mmin(masked.height, Mceil(t.bbox.y1 + m)); y++) {
      masked.data.fill(0, y * masked.width + Mmax(0, Mfloor(t.bbox.x0 - m)), y * masked.width + Mmin(masked.width, Mceil(t.bbox.x1 + m)));
    }
  }
  // Read row by row (one call per band of text across the page), words with their boxes: the column
  // model finds unruled tables among them, the rest is text. A band much taller than the others holds
  // several lines (a heading centred beside a wrapped one) and is read piece by piece.
  // On a page with ruled grids, the text outside them (titles, 单位, notes) is read piece by piece as
  // before: the column model is for pages whose tables have no grid.
  const byRows = det.tables.length === 0;
  const rowBands = findTextBands(masked, 0, 0, masked.width, masked.height, dpi, byRows ? undefined : 2.5);
  const heights = rowBands.map((b) => b.y1 - b.y0).sort((a, b) => a - b);
  const lineH = heights.length ? heights[heights.length >> 1] : 0;
  const textJobs: LineJob[] = rowBands.map((band) => {
    const tall = byRows && band.y1 - band.y0 > 1.7 * lineH;
    // Enlarged for its digits (about 3/4 of the line's height), as a cell of amounts would be.
    const scale = byRows ? defaultScale({ ...band, y0: 0, y1: 0.75 * (tall ? lineH : band.y1 - band.y0) }) : defaultScale(band);
    return { band, img: lineImage(band, scale), scale, tall };
  });

  // First pass: everything as text. A cell of several lines (a wrapped label) is read in one call
  // as a block (PSM 6), its lines taken when tesseract finds as many as the cell's text bands;
  // otherwise, and for single lines, line by line (PSM 7).
  const blockRead = async (c: CellJob): Promise<void> => {
    const bands = c.lines.map((l) => l.band);
    const all: Band = { x0: Mmin(...bands.map((b) => b.x0)), y0: bands[0].y0, x1: Mmax(...bands.map((b) => b.x1)), y1: bands[bands.length - 1].y1, ink: 0 };
    const heights = bands.map((b) => b.y1 - b.y0).sort((a, b) => a - b);
    const scale = defaultScale({ ...all, y0: 0, y1: heights[heights.length >> 1] });
    const img = lineImage(all, scale);
    // Only the text bands themselves: specks between and beside the lines are read as 一 or ″.
    const m = Mmax(1, Mround(dpi / 100));
    const ox = Mmax(0, all.x0 - m);
    const oy = Mmax(0, all.y0 - m);
    for (let Y = 0; Y < img.height; Y++) {
      const sy = oy + (Y - pad) / scale;
      for (let X = 0; X < img.width; X++) {
        const sx = ox + (X - pad) / scale;
        if (!bands.some((b) => sx >= b.x0 - m && sx < b.x1 + m && sy >= b.y0 - m && sy < b.y1 + m)) img.data[Y * img.width + X] = 255;
      }
    }
    const r = await run(img, 'block');
    const lines = r.lines ?? [];
    if (lines.length === c.lines.length) {
      c.lines.forEach((l, i) => (l.reading = lines[i]));
      return;
    }
    await Promise.all(c.lines.map(async (j) => (j.reading = await run(j.img, 'text'))));
  };
  await Promise.all([
    ...cellJobs.filter((c) => c.lines.length > 1).map(blockRead),
    ...cellJobs.filter((c) => c.lines.length === 1).map(async (c) => (c.lines[0].reading = await run(c.lines[0].img, 'text'))),
    // Text outside ruled grids needs no alternatives; row bands of a page without grids become cells.
    // (a tall band is read piece by piece below)
    ...textJobs.filter((j) => !j.tall).map(async (j) => (j.reading = await run(j.img, byRows ? 'text' : 'plain'))),
  ]);
  const allLines = [...cellJobs.flatMap((c) => c.lines), ...textJobs.filter((j) => !j.tall)];

  // Second looks at text lines: one that read as nothing though it has ink, or as a short word of
  // the tables with one character off (决算政 for 决算数, 吾计 for 合计), is read again enlarged, then
  // binarised at the line's own mid-gray, until a reading is plausible (non-empty, or exactly one of
  // the words it was near).
  const retries: Array<Promise<void>> = [];
  for (const j of allLines) {
    const text = j.reading!.text.replace(/\s+/g, '');
    const near = shortWordsNear(text);
    if (text && !near.length) continue;
    retries.push(
      (async () => {
        const mid = midThreshold(j.band);
        const variants: Array<[number | undefined, number]> = [[1.5, lineThreshold], [undefined, mid], [1.5, mid], [2, mid]];
        // Failing a clean reading, an empty line takes the first confident one (even a near miss).
        let fallback: LineReading | undefined;
        for (const [scale, thr] of variants) {
          if (scale === undefined && thr === lineThreshold) continue;
          const r = await run(lineImage(j.band, scale, thr), 'text');
          const t = r.text.replace(/\s+/g, '');
          const plausible = /[\p{L}\p{N}]/u.test(t) && r.confidence >= 0.8;
          if (near.length ? near.includes(t) : plausible && !shortWordsNear(t).length) {
            j.reading = r;
            return;
          }
          if (!near.length && plausible) fallback ??= r;
        }
        if (fallback) j.reading = fallback;
      })(),
    );
  }
  await Promise.all(retries);

  // Unruled tables: the words of the text bands through the column model; each of its cells becomes
  // a cell job like a ruled cell's (its ink found inside the cell), so amounts get the same re-reads.
  const m1 = Mmax(1, Mround(dpi / 100));
  const placed = (j: LineJob): PlacedChar[] => {
    const r = j.reading!;
    const scale = j.scale ?? defaultScale(j.band);
    const ox = Mmax(0, j.band.x0 - m1);
    const oy = Mmax(0, j.band.y0 - m1);
    const X = (v: number) => ox + (v - pad) / scale;
    const Y = (v: number) => oy + (v - pad) / scale;
    const words = r.lines ? r.lines.flatMap((l) => l.words ?? []) : (r.words ?? []);
    // Alternatives belong to the line's characters in order: each character takes its list.
    const alts = !r.lines && r.alternatives && r.alternatives.length === words.reduce((n, w) => n + w.symbols.length, 0) ? r.alternatives : undefined;
    let at = 0;
    const chars: PlacedChar[] = words.flatMap((w) =>
      w.symbols.map((c) => ({ ch: c.ch, x0: X(c.x0), y0: Y(c.y0), x1: X(c.x1), y1: Y(c.y1), confidence: w.confidence, ...(alts ? { alternatives: alts[at++] } : {}) })),
    );
    return chars;
  };
  // Ink on the gray page (specks included) under a character's box.
  const inked = (c: { x0: number; y0: number; x1: number; y1: number }): boolean => {
    for (let y = Mmax(0, Mfloor(c.y0)); y < Mmin(clean.height, Mceil(c.y1)); y++) {
      for (let x = Mmax(0, Mfloor(c.x0)); x < Mmin(clean.width, Mceil(c.x1)); x++) if (clean.data[y * clean.width + x] <= lineThreshold) return true;
    }
    return false;
  };
  // One piece of ink read alone: its word, placed on the page.
  const readPiece = async (p: InkPiece): Promise<PlacedWord | undefined> => {
    const band: Band = { x0: p.x0, y0: p.y0, x1: p.x1, y1: p.y1, ink: 0 };
    const job: LineJob = { band, img: lineImage(band), scale: defaultScale(band) };
    job.reading = await run(job.img, 'text');
    return wordsOnInk([p], placed(job), Infinity, lineH, inked)[0];
  };
  const bandWords = await Promise.all(
    (byRows ? textJobs : []).map(async (j) => {
      if (j.tall) {
        // A band of staggered lines (headings wrapped over two lines beside one-line ones, a wrapped
        // label beside its amounts): a block reading cuts it into lines across all the columns and
        // mixes them (支出功能分 / 类科目编码 … 补助支出 read as 美料口鳃笔科日史称). Each piece of ink
        // is read on its own, a piece of several lines line by line.
        const lines = staggeredLinePieces(masked, j.band, lineH);
        return (await Promise.all(lines.map(readPiece))).filter((w): w is PlacedWord => w !== undefined);
      }
      const pieces = linePieces(masked, j.band, lineH);
      const words = wordsOnInk(pieces, placed(j), 0.25 * lineH, lineH, inked);
      const at = (p: InkPiece) => words.find((w) => w.x0 === p.x0 && w.y0 === p.y0 && w.x1 === p.x1 && w.y1 === p.y1);
      // A piece the line reading got wrong is read on its own (few per page: sparse header words).
      const again = await Promise.all(
        pieces
          .filter((p) => misread(p, at(p), lineH))
          .map(async (p) => ({ p, w: await readPiece(p) })),
      );
      const out = words.filter((w) => !again.some((a) => a.p.x0 === w.x0 && a.p.y0 === w.y0 && a.p.x1 === w.x1 && a.p.y1 === w.y1));
      for (const a of again) if (a.w) out.push(a.w);
      return out;
    }),
  );
  const em = printEm(bandWords.flat());
  const ocrLines: OcrLine[] = em > 0 ? bandWords.flatMap((ws) => (ws.length ? bandLines(ws, em, page.scale) : [])) : [];
  const { tables: unruled, remaining } = findOcrColumnTables(ocrLines, det.rules, pageNumber, page.scale);
  const unruledAt = det.tables.length;
  unruled.forEach((t, u) => {
    const k = page.scale;
    for (const c of t.grid.cells) {
      const box = { x0: c.bbox!.x0 * k, y0: c.bbox!.y0 * k, x1: c.bbox!.x1 * k, y1: c.bbox!.y1 * k };
      const cell = { row: c.row, col: c.col, rowSpan: c.rowSpan, colSpan: c.colSpan, ...box, inner: box };
      if (!c.lines.length) {
        cellJobs.push({ table: unruledAt + u, cell, lines: [] });
        continue;
      }
      const inside = t.words.filter((w) => (w.x0 + w.x1) / 2 >= box.x0 && (w.x0 + w.x1) / 2 < box.x1 && (w.y0 + w.y1) / 2 >= box.y0 && (w.y0 + w.y1) / 2 < box.y1);
      const chars = inside.reduce((n, w) => n + Mmax(1, w.text.length), 0);
      const confidence = chars ? inside.reduce((s, w) => s + w.confidence * Mmax(1, w.text.length), 0) / chars : 0;
      const ink = cellInk(masked, box, lineH);
      const band: Band = ink.length
        ? { x0: Mmin(...ink.map((b) => b.x0)), y0: Mmin(...ink.map((b) => b.y0)), x1: Mmax(...ink.map((b) => b.x1)), y1: Mmax(...ink.map((b) => b.y1)), ink: 0 }
        : { x0: Mround(box.x0), y0: Mround(box.y0), x1: Mround(box.x1), y1: Mround(box.y1), ink: 0 };
      const img = lineImage(band);
      // A one-line cell keeps its words' per-character alternatives (for identity repair), when they
      // spell its text character for character.
      const ordered = [...inside].sort((p, q) => p.x0 - q.x0);
      const alts = c.lines.length === 1 && ordered.every((w) => w.alternatives) ? ordered.flatMap((w) => w.alternatives!) : undefined;
      const alternatives = alts && ordered.map((w) => w.text).join('').replace(/\s+/g, '') === c.lines[0].replace(/\s+/g, '') ? alignAlternatives(c.lines[0].replace(/\s+/g, ''), alts) : undefined;
      cellJobs.push({ table: unruledAt + u, cell, lines: c.lines.map((text) => ({ band, img, reading: { text, confidence, ...(alternatives ? { alternatives } : {}) } })) });
    }
  });

  // Numeric columns: most non-empty cells read as numbers. Their cells are normalised as amounts;
  // a reading that does not fit the column's format (e.g. every amount has two decimals but this
  // one lost its point) is re-read with the digit whitelist, then at 1.5× and 2×, until one fits.
  const recheck = opts.numericRecheck ?? 0.9;
  const byCol = new Map<string, CellJob[]>();
  for (const c of cellJobs) {
    if (c.cell.colSpan !== 1) continue;
    const k = `${c.table}:${c.cell.col}`;
    if (!byCol.has(k)) byCol.set(k, []);
    byCol.get(k)!.push(c);
  }
  const second: Array<Promise<void>> = [];
  const amountLines: LineJob[] = [];
  for (const cells of byCol.values()) {
    const filled = cells.filter((c) => c.lines.length > 0);
    // A column of amounts, even when a line remnant or a speck adds a stray mark to many of its
    // readings ("5,596.3:", "1620.9("): mostly digits is enough to re-read it with the digit whitelist.
    const isNumeric = (t: string) => digitCount(t) > 0 && digitCount(t) >= t.replace(/\s/g, '').length * 0.6;
    // (zeros printed as dashes count with the amounts: a column of them and a few amounts is numeric)
    const dashLike = (t: string) => /^[一—–―-]$/.test(t.trim());
    // A band shaped as a lone stroke is a dash whatever tesseract made of it (300 dpi: "心").
    const dashBand = (l: LineJob) => dashLike(l.reading!.text) || (l.band.dash === true && digitCount(l.reading!.text) === 0);
    const numeric = filled.filter((c) => c.lines.every((l) => isNumeric(l.reading!.text) || dashBand(l)));
    if (filled.length === 0 || numeric.length < Mmax(1, filled.length * 0.5)) continue;
    amountLines.push(...filled.flatMap((c) => (c.lines.length === 1 ? c.lines : [])));
    const amounts = numeric.filter((c) => !c.lines.every(dashBand)).map((c) => normaliseAmount(c.lines.map((l) => l.reading!.text).join(''))).filter((t) => AMOUNT.test(t));
    const twoDec = amounts.filter((t) => /\.\d\d$/.test(t)).length >= Mmax(2, amounts.length * 0.6);
    const fits = (t: string) => AMOUNT.test(t) && (!twoDec || /\.\d\d$/.test(t));
    for (const c of filled) {
      if (c.lines.length !== 1) continue;
      const line = c.lines[0];
      const first = line.reading!;
      // A zero printed as a dash, read as 一 or a long dash (chi_sim's reading of a lone stroke): in a
      // column of amounts it is the "-" printed.
      if (dashBand(line)) {
        line.reading = { text: '-', confidence: first.confidence };
        continue;
      }
      const digits = (first.text.match(/\d/g) ?? []).length;
      if (digits === 0 || digits < first.text.replace(/\s/g, '').length * 0.6) continue;
      const norm = normaliseAmount(first.text);
      const alternatives = first.alternatives && alignAlternatives(norm, first.alternatives);
      line.reading = { text: norm, confidence: first.confidence, ...(alternatives ? { alternatives } : {}), ...(first.x0 !== undefined ? { x0: first.x0 } : {}) };
      // A leading separator was stripped: a digit before it was probably lost ("1,179,727.14" read ",179,727.14").
      // Or the first word starts well right of the ink ("1," before it not read).
      const s0 = defaultScale(line.band);
      const lostLead = /^[.,]/.test(first.text.trim()) || (first.x0 !== undefined && (first.x0 - pad) / s0 - Mmax(1, Mround(dpi / 100)) > (line.band.y1 - line.band.y0) * 0.5);
      // The reading must account for the ink: at least as many digits as there are digit-sized
      // glyphs, as many separators as separator-sized ones (chi_sim reads a leading "1," as "L" or
      // "工", which the digit whitelist then drops; a thousands comma goes missing).
      const glyphs = countGlyphs(line.img);
      const needDigits = Mmax(glyphs.tall, lostLead ? digitCount(norm) + 1 : 0);
      // (parentheses are as tall as digits: they account for two tall glyphs)
      const tall = (t: string) => digitCount(t) + (t.match(/[()]/g) ?? []).length;
      // Nor may it hold two digits more than the crop has glyphs: those were read beside the cell
      // (an unruled cell's text comes from the line's reading, and the neighbour's last digits can go with it).
      const overrun = (t: string) => Mmax(0, tall(t) - glyphs.tall - 1);
      const accounted = (t: string) => Mmin(tall(t), needDigits) + Mmin(sepCount(t), glyphs.small) - overrun(t);
      const complete = (t: string) => tall(t) >= needDigits && sepCount(t) >= glyphs.small && !overrun(t);
      if (fits(norm) && first.confidence >= recheck && complete(norm)) continue;
      second.push(
        (async () => {
          // The first reading that fits and accounts for all the ink wins, trying the digit
          // whitelist on the same image, then binarised at the line's mid-gray (thinner strokes:
          // the bold page binarisation merges "1," and drops it) enlarged, then bold at 2× and at
          // print size. Failing that, the fitting reading that accounts for the most ink (the first
          // reading on a tie).
          let best: LineReading | undefined = fits(norm) && !lostLead ? line.reading : undefined;
          const mid = midThreshold(line.band);
          const variants: Array<[number, number]> = [[Mmax(1.5, s0), mid], [2, mid], [2, lineThreshold], [1, lineThreshold]];
          // A well-formed amount with other decimals than the column's that two re-reads (whitelist,
          // another image) repeat is what is printed ("82.1" among two-decimal amounts): the other
          // images are not tried. A malformed reading ("1.787,.232.79") tries them all.
          let repeated = 0;
          for (const [scale, thr] of [[s0, lineThreshold], ...variants.filter(([sc, th]) => th !== lineThreshold || Mabs(sc - s0) > 0.2)]) {
            const r = await run(scale === s0 && thr === lineThreshold ? line.img : lineImage(line.band, scale, thr), 'numeric');
            if (!fits(r.text)) {
              if (r.text === norm && AMOUNT.test(norm) && !lostLead && ++repeated >= 2) break;
              continue;
            }
            if (complete(r.text)) {
              line.reading = r;
              return;
            }
            if (lostLead && digitCount(r.text) <= digitCount(norm)) continue;
            if (!best || accounted(r.text) > accounted(best.text)) best = r;
          }
          if (best) line.reading = best;
        })(),
      );
    }
  }
  await Promise.all(second);
  // A zero read as 8, 9 or 6 (the slashed zeros of monospaced faces): its shape tells, when the
  // reading has one digit per glyph.
  for (const line of amountLines) {
    const r = line.reading!;
    if (!/[689]/.test(r.text)) continue;
    const zeros = zeroShaped(line.img);
    if (!zeros || zeros.length !== digitCount(r.text)) continue;
    let k = 0;
    const text = r.text.replace(/\d/g, (d) => (zeros[k++] && /[689]/.test(d) ? '0' : d));
    if (text !== r.text) line.reading = { ...r, text };
  }

  // Header words and titles against the 决算 vocabulary (lexicon.ts); amounts are left alone.
  // A corrected text keeps the per-character alternatives that still line up with it.
  const alignedTo = (text: string, alts: string[][] | undefined) => {
    const alternatives = alts && alignAlternatives(text.replace(/\s+/g, ''), alts);
    return alternatives ? { alternatives } : {};
  };
  const corrected = (r: LineReading): LineReading => {
    if (!r.text || NUMERIC_ISH.test(r.text)) return r;
    const text = correctPhrase(dropStrayQuote(r.text));
    if (text === r.text) return r;
    return { text, confidence: r.confidence, ...alignedTo(text, r.alternatives) };
  };
  for (const j of cellJobs.flatMap((c) => c.lines)) j.reading = corrected(j.reading!);
  // Stub words only in the header: the rows above a table's first amount.
  const firstAmountRow = new Map<number, number>();
  for (const c of cellJobs) {
    if (c.lines.some((l) => /\d[.,]\d/.test(l.reading!.text) && NUMERIC_ISH.test(l.reading!.text))) firstAmountRow.set(c.table, Mmin(firstAmountRow.get(c.table) ?? Infinity, c.cell.row));
  }
  for (const c of cellJobs) {
    if (c.lines.length !== 1 || !c.lines[0].reading!.text || c.cell.row >= (firstAmountRow.get(c.table) ?? Infinity)) continue;
    // (the line was corrected as a phrase above)
    const r = c.lines[0].reading!;
    const text = correctStubWord(r.text);
    if (text !== r.text) c.lines[0].reading = { ...r, text, ...alignedTo(text, r.alternatives) };
  }
  // A header word broken over two lines of its cell (财政拨 / 款收入) is too short on each line to correct:
  // the cell's lines are corrected as one text and split again at the same lengths.
  for (const c of cellJobs) {
    const lines = c.lines.map((l) => l.reading!);
    if (lines.length < 2 || lines.some((r) => !r.text || NUMERIC_ISH.test(r.text))) continue;
    const joined = lines.map((r) => r.text).join('');
    const fixed = correctHeaderCell(joined);
    if (fixed === joined) continue;
    const chars = [...fixed];
    let at = 0;
    c.lines.forEach((l, k) => {
      const n = [...lines[k].text].length;
      const text = chars.slice(at, at + n).join('');
      at += n;
      if (text !== lines[k].text) l.reading = { ...lines[k], text, ...alignedTo(text, lines[k].alternatives) };
    });
  }

  // Assemble the LayoutPage.
  const toPts = (x0: number, y0: number, x1: number, y1: number): BBox => {
    const pts = [unrotatePoint(x0, y0, clean.width, clean.height, -det.angle), unrotatePoint(x1, y0, clean.width, clean.height, -det.angle), unrotatePoint(x0, y1, clean.width, clean.height, -det.angle), unrotatePoint(x1, y1, clean.width, clean.height, -det.angle)];
    const r = (v: number) => Mround((v / page.scale) * 10) / 10;
    return { x0: r(Mmin(...pts.map((p) => p[0]))), y0: r(Mmin(...pts.map((p) => p[1]))), x1: r(Mmax(...pts.map((p) => p[0]))), y1: r(Mmax(...pts.map((p) => p[1]))) };
  };
  const blocks: Array<{ y: number; x: number; block: LayoutBlock }> = [];
  const cellsOf = (ti: number): LayoutCell[] =>
    cellJobs
      .filter((c) => c.table === ti)
      .map((c) => {
        const readings = c.lines.map((l) => l.reading!).filter((r) => r.text.length > 0);
        const chars = readings.reduce((n, r) => n + Mmax(1, r.text.length), 0);
        const conf = readings.length ? readings.reduce((s, r) => s + r.confidence * Mmax(1, r.text.length), 0) / chars : 1;
        const cell: LayoutCell = {
          page: pageNumber,
          bbox: toPts(c.cell.x0, c.cell.y0, c.cell.x1, c.cell.y1),
          row: c.cell.row,
          col: c.cell.col,
          rowSpan: c.cell.rowSpan,
          colSpan: c.cell.colSpan,
          lines: readings.map((r) => r.text),
          source: 'ocr',
          ocr: { confidence: Mround(conf * 1000) / 1000 },
        };
        // Per-character alternatives of the whole cell, only when every line has them (kept aligned).
        if (readings.length && readings.every((r) => r.alternatives)) {
          const alts = readings.flatMap((r) => r.alternatives!);
          if (alts.some((a) => a.length > 1)) cell.ocr!.alternatives = alts;
        }
        return cell;
      });
  det.tables.forEach((t, ti) => {
    const cells = cellsOf(ti);
    correctMarkerRow(cells);
    const grid: LayoutGrid = {
      kind: 'grid',
      page: pageNumber,
      bbox: toPts(t.bbox.x0, t.bbox.y0, t.bbox.x1, t.bbox.y1),
      nRows: t.rowEdges.length - 1,
      nCols: t.colEdges.length - 1,
      cells,
      ruled: true,
    };
    // Same caption peeling as the text layer (extractors/grid/captions.ts); bboxes are in points, y/x keys in pixels.
    const k = (t.bbox.y1 - t.bbox.y0) / Math.max(1e-6, grid.bbox!.y1 - grid.bbox!.y0);
    for (const block of peelCaptions(grid)) {
      const b = block.bbox ?? grid.bbox!;
      blocks.push({ y: t.bbox.y0 + (b.y0 - grid.bbox!.y0) * k, x: t.bbox.x0 + (b.x0 - grid.bbox!.x0) * k, block });
    }
  });
  unruled.forEach((t, u) => {
    const cells = cellsOf(unruledAt + u);
    correctMarkerRow(cells);
    const k = page.scale;
    const b = t.grid.bbox!;
    const grid: LayoutGrid = { ...t.grid, bbox: toPts(b.x0 * k, b.y0 * k, b.x1 * k, b.y1 * k), cells };
    blocks.push({ y: b.y0 * k, x: b.x0 * k, block: grid });
  });
  if (!byRows) {
    for (const j of textJobs) {
      const r = corrected(j.reading!);
      if (!r.text) continue;
      const text: LayoutText = { kind: 'text', page: pageNumber, bbox: toPts(j.band.x0, j.band.y0, j.band.x1, j.band.y1), text: r.text, source: 'ocr', ocr: { confidence: Mround(r.confidence * 1000) / 1000 } };
      if (r.alternatives?.some((a) => a.length > 1)) text.ocr!.alternatives = r.alternatives;
      blocks.push({ y: j.band.y0, x: j.band.x0, block: text });
    }
  }
  // Lines outside the tables: a block of text per run of words (a title and 单位：万元 on one line are two).
  for (const l of remaining) {
    const runs: PlacedWord[][][] = [];
    let prevX1 = -Infinity;
    for (const w of l.line.words) {
      const parts = l.parts.get(w)!;
      if (runs.length && w.bbox.x0 - prevX1 <= TEXT_GAP_EM * w.size) runs[runs.length - 1].push(parts);
      else runs.push([parts]);
      prevX1 = w.bbox.x1;
    }
    for (const run of runs) {
      const ws = run.flat();
      const text = joinWords(ws.map((w) => w.text));
      if (!text) continue;
      const chars = ws.reduce((n, w) => n + Mmax(1, w.text.length), 0);
      const confidence = ws.reduce((s, w) => s + w.confidence * Mmax(1, w.text.length), 0) / chars;
      const alts = ws.every((w) => w.alternatives) ? ws.flatMap((w) => w.alternatives!) : undefined;
      const r = corrected({ text, confidence, ...(alts && alts.length === text.replace(/\s+/g, '').length ? { alternatives: alts } : {}) });
      const x0 = Mmin(...ws.map((w) => w.x0));
      const y0 = Mmin(...ws.map((w) => w.y0));
      const block: LayoutText = { kind: 'text', page: pageNumber, bbox: toPts(x0, y0, Mmax(...ws.map((w) => w.x1)), Mmax(...ws.map((w) => w.y1))), text: r.text, source: 'ocr', ocr: { confidence: Mround(r.confidence * 1000) / 1000 } };
      if (r.alternatives?.some((a) => a.length > 1)) block.ocr!.alternatives = r.alternatives;
      blocks.push({ y: y0, x: x0, block });
    }
  }
  // Reading order: top to bottom; blocks on one line left to right.
  const lineTol = dpi * 0.05;
  blocks.sort((a, b) => (Mabs(a.y - b.y) <= lineTol ? a.x - b.x : a.y - b.y));
  return {
    number: pageNumber,
    width: page.pageWidth,
    height: page.pageHeight,
    blocks: blocks.map((b) => b.block),
    source: 'ocr',
  };
}
