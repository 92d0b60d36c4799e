/**
 * Tables printed without a grid of rules on a scanned page (borderless, three-line, no rules at
 * all): the words tesseract read outside the ruled grids, with their boxes, become the column
 * model's positioned words (extractors/columns, shared with the PDF text layer), the page's free
 * horizontal rules its hints. Works in the deskewed page's pixels; the model sees points
 * (pixels / scale), so its thresholds in ems mean the same as on a born-digital page.
 */
import { findColumnTables, groupLines, WORD_GAP_EM, type HRule, type Word, type WordLine } from '../columns/index.js';
import { joinChars } from '../columns/words.js';
import type { LayoutGrid } from '../layout.js';
import { forEachComponent } from './grid.js';
import type { OcrWord } from './recognize.js';

/** A word tesseract read, placed on the page (pixels of the deskewed page). */
export interface PlacedWord extends Omit<OcrWord, 'symbols'> {
  chars: OcrWord['symbols'];
  /** Per-character alternatives (best first), one list per character of `text` without spaces. */
  alternatives?: string[][];
}

/** Chinese characters (not CJK punctuation, whose boxes tesseract makes any height). */
const HANZI = /[\u3400-\u9fff\uf900-\ufaff]/;

/** The em of OCR'd print: the median height of its Chinese characters (digits are shorter), px. */
export function printEm(words: readonly PlacedWord[]): number {
  const hs = words.flatMap((w) => w.chars.filter((c) => HANZI.test(c.ch)).map((c) => c.y1 - c.y0)).sort((a, b) => a - b);
  if (hs.length) return hs[hs.length >> 1];
  const all = words.map((w) => w.y1 - w.y0).sort((a, b) => a - b);
  return all.length ? all[all.length >> 1] / 0.75 : 0;
}

/** An OCR line cut into column-model words, each with the OCR words it was made of. */
export interface OcrLine {
  line: WordLine;
  parts: Map<Word, PlacedWord[]>;
}

/**
 * The words of one text band → lines of column-model words. Tesseract cuts a line into words at
 * any space; like the PDF adapter, a word here runs until a gap wider than WORD_GAP_EM (the model
 * then sees a column gap as a gap, a word space as none). A word's size is the print's em, unless
 * its characters are clearly taller (a title).
 */
export function bandLines(words: readonly PlacedWord[], em: number, scale: number): OcrLine[] {
  const pt = (v: number) => v / scale;
  // The ink's height (tesseract's character boxes are any height); digits are shorter than an em.
  const sizeOf = (ws: PlacedWord[]): number => {
    const h = Math.max(...ws.map((w) => w.y1 - w.y0));
    return pt(h > 1.25 * em ? h : em);
  };
  // Lines first (by vertical overlap), on single OCR words; then runs within each line.
  const single = words.map((w) => ({ w, word: { text: w.text, bbox: { x0: w.x0, y0: w.y0, x1: w.x1, y1: w.y1 }, size: em } as Word }));
  const back = new Map(single.map((s) => [s.word, s.w]));
  const out: OcrLine[] = [];
  for (const raw of groupLines(single.map((s) => s.word))) {
    const ws = raw.words.map((w) => back.get(w)!);
    const runs: PlacedWord[][] = [];
    for (const w of ws) {
      const last = runs[runs.length - 1];
      const prev = last?.[last.length - 1];
      if (prev && w.x0 - prev.x1 <= WORD_GAP_EM * em) last.push(w);
      else runs.push([w]);
    }
    const parts = new Map<Word, PlacedWord[]>();
    const lineWords: Word[] = runs.map((run) => {
      const size = sizeOf(run);
      // Character extents from the ink (wordsOnInk), so a word is cut only where it is printed apart.
      const chars = run.flatMap((w) => w.chars.map((c) => ({ ch: c.ch, x0: pt(c.x0), x1: pt(c.x1) })));
      const word: Word = {
        text: joinChars(chars, size),
        chars,
        bbox: { x0: pt(Math.min(...run.map((w) => w.x0))), y0: pt(Math.min(...run.map((w) => w.y0))), x1: pt(Math.max(...run.map((w) => w.x1))), y1: pt(Math.max(...run.map((w) => w.y1))) },
        size,
      };
      parts.set(word, run);
      return word;
    });
    out.push({
      line: { words: lineWords, y0: Math.min(...lineWords.map((w) => w.bbox.y0)), y1: Math.max(...lineWords.map((w) => w.bbox.y1)), size: Math.max(...lineWords.map((w) => w.size)) },
      parts,
    });
  }
  return out;
}

export interface OcrColumnTable {
  /** Cells in points of the deskewed page (pixels / scale). */
  grid: LayoutGrid;
  /** The OCR words inside the table. */
  words: PlacedWord[];
}

/**
 * Unruled tables among the OCR'd lines (top to bottom), with the free horizontal rules (px) as
 * hints; returns them and the lines that stay plain text.
 */
export function findOcrColumnTables(
  lines: readonly OcrLine[],
  rules: ReadonlyArray<{ pos: number; start: number; end: number }>,
  page: number,
  scale: number,
): { tables: OcrColumnTable[]; remaining: OcrLine[] } {
  const sorted = [...lines].sort((p, q) => p.line.y0 - q.line.y0);
  const hints: HRule[] = rules.map((r) => ({ y: r.pos / scale, x0: r.start / scale, x1: r.end / scale }));
  const found = findColumnTables(
    sorted.map((l) => l.line),
    { page, rules: hints },
  );
  const used = new Set<number>(found.flatMap((t) => t.lines));
  return {
    tables: found.map((t) => ({ grid: t.grid, words: t.lines.flatMap((k) => [...sorted[k].parts.values()].flat()) })),
    remaining: sorted.filter((_, k) => !used.has(k)),
  };
}

/** A piece of print: ink whose parts stand closer than half an em (one word of the column model). */
export interface InkPiece {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** The columns that hold ink, as runs [x0, x1) left to right (the blank between them is space). */
  runs?: Array<[number, number]>;
}

/**
 * The pieces of print inside a band of the binary image: its connected components joined when they
 * are less than `gap` px apart side by side and `vgap` px apart one above the other (a character's
 * radicals and dots, the characters of a word). Tesseract's character boxes are approximate (its
 * LSTM places characters by time step) and it reads marks into empty gaps; the ink says where words are.
 */
export function inkPieces(bin: { width: number; height: number; data: Uint8Array }, band: InkPiece, gap: number, vgap: number): InkPiece[] {
  const x0 = Math.max(0, Math.floor(band.x0));
  const y0 = Math.max(0, Math.floor(band.y0));
  const x1 = Math.min(bin.width, Math.ceil(band.x1));
  const y1 = Math.min(bin.height, Math.ceil(band.y1));
  const W = x1 - x0;
  const H = y1 - y0;
  if (W <= 0 || H <= 0) return [];
  const boxes: InkPiece[] = [];
  forEachComponent(W, H, (i) => bin.data[(y0 + Math.floor(i / W)) * bin.width + x0 + (i % W)] !== 0, (c) => boxes.push({ x0: x0 + c.x0, y0: y0 + c.y0, x1: x0 + c.x1 + 1, y1: y0 + c.y1 + 1 }));
  boxes.sort((p, q) => p.x0 - q.x0);
  // Union-find over neighbouring components.
  const parent = boxes.map((_, k) => k);
  const find = (k: number): number => (parent[k] === k ? k : (parent[k] = find(parent[k])));
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      if (b.x0 - a.x1 > gap) break; // sorted by x0: the boxes after b are further still
      if (Math.max(a.y0, b.y0) - Math.min(a.y1, b.y1) > vgap) continue;
      parent[find(i)] = find(j);
    }
  }
  const out = new Map<number, InkPiece & { runs: Array<[number, number]> }>();
  boxes.forEach((b, k) => {
    const r = find(k);
    const p = out.get(r);
    if (!p) out.set(r, { ...b, runs: [[b.x0, b.x1]] });
    else {
      p.x0 = Math.min(p.x0, b.x0);
      p.y0 = Math.min(p.y0, b.y0);
      p.x1 = Math.max(p.x1, b.x1);
      p.y1 = Math.max(p.y1, b.y1);
      // boxes come sorted by x0: a run ends where the next box starts right of it
      const last = p.runs[p.runs.length - 1];
      if (b.x0 <= last[1]) last[1] = Math.max(last[1], b.x1);
      else p.runs.push([b.x0, b.x1]);
    }
  });
  return [...out.values()].sort((p, q) => p.y0 - q.y0 || p.x0 - q.x0);
}

/**
 * The pieces of a line of print (`lineH` its height, px): cut at gaps a little wider than a word space,
 * since a decimal point is dropped from the binary image with the specks and the gap it leaves must
 * not cut an amount; lines a quarter of a line height apart stay apart.
 */
export function linePieces(bin: { width: number; height: number; data: Uint8Array }, band: InkPiece, lineH: number): InkPiece[] {
  return inkPieces(bin, band, 0.7 * lineH, 0.25 * lineH);
}

/** A piece of ink this many line heights tall holds more than one line. */
const TALL_PIECE = 1.6;

/**
 * The pieces of a band of staggered lines, one line each: headings wrapped over two lines beside
 * one-line ones set between them, or a wrapped label beside its amounts. Pieces are cut as a line's
 * (`linePieces`, `lineH` the line height); one taller than a line is cut again at
 * narrower gaps (a wrapped heading's first line runs into the next heading, set half a line lower),
 * unless every part is as tall (one line of large print: a title), and a part still taller than a
 * line (two lines of one heading, a hair apart) is cut where a row between its lines is nearly blank.
 */
export function staggeredLinePieces(bin: { width: number; height: number; data: Uint8Array }, band: InkPiece, lineH: number): InkPiece[] {
  const W = bin.width;
  const tall = (p: InkPiece) => p.y1 - p.y0 >= TALL_PIECE * lineH;
  const rows = (p: InkPiece): InkPiece[] => {
    const h = p.y1 - p.y0;
    const n = Math.round(h / lineH);
    if (!tall(p) || n < 2) return [p];
    // Ink per pixel row of the piece, from row `top`.
    const top = Math.floor(p.y0);
    const ink: number[] = [];
    for (let y = top; y < Math.ceil(p.y1); y++) {
      let k = 0;
      for (let x = Math.max(0, Math.floor(p.x0)); x < Math.min(W, Math.ceil(p.x1)); x++) k += bin.data[y * W + x];
      ink.push(k);
    }
    const inked = ink.filter((k) => k > 0).sort((a, b) => a - b);
    const blank = 0.15 * (inked[inked.length >> 1] ?? 0);
    const cuts: number[] = [];
    for (let k = 1; k < n; k++) {
      const at = p.y0 + (k * h) / n;
      // the row least inked near `at` (the nearer of two as little), inside the piece
      let best = -1;
      for (let y = Math.round(at - 0.3 * lineH); y <= Math.round(at + 0.3 * lineH); y++) {
        const i = y - top;
        if (i <= 0 || i >= ink.length - 1) continue;
        if (best < 0 || ink[i] < ink[best] || (ink[i] === ink[best] && Math.abs(y - at) < Math.abs(best + top - at))) best = i;
      }
      // Only a nearly blank row parts two lines: the middle of a line of large print is inked across.
      if (best >= 0 && ink[best] <= blank) cuts.push(best + top);
    }
    if (!cuts.length) return [p];
    const edges = [p.y0, ...cuts, p.y1];
    // Each row's own ink (the cut box still spans the whole piece's width).
    return edges.slice(1).flatMap((y1, k) => linePieces(bin, { x0: p.x0, y0: edges[k], x1: p.x1, y1 }, lineH));
  };
  return linePieces(bin, band, lineH).flatMap((p) => {
    if (!tall(p)) return [p];
    const parts = inkPieces(bin, p, 0.3 * lineH, 0.25 * lineH);
    return (parts.every(tall) ? [p] : parts).flatMap(rows);
  });
}

/**
 * The ink of a cell of an unruled table (its box from the column model, in pixels): the pieces of
 * print, cut at a space (0.3 line height), whose middle lies in the box. The last digits of the
 * amount before it, one space away in a narrow column, reach into the box and would be read as its
 * first (4,978,520.17 read 114,978,520.17); the cell's own print may reach out of it.
 */
export function cellInk(bin: { width: number; height: number; data: Uint8Array }, box: { x0: number; y0: number; x1: number; y1: number }, lineH: number): InkPiece[] {
  const reach = 0.5 * lineH;
  return inkPieces(bin, { x0: box.x0 - reach, y0: box.y0, x1: box.x1 + reach, y1: box.y1 }, 0.3 * lineH, 0.25 * lineH).filter((p) => (p.x0 + p.x1) / 2 >= box.x0 && (p.x0 + p.x1) / 2 < box.x1);
}

/** A character's usual advance in ems: an ideograph one, a digit or letter about half, a mark less. */
const nominalWidth = (ch: string): number => (HANZI.test(ch) ? 1 : /[0-9A-Za-z]/.test(ch) ? 0.55 : 0.3);

/**
 * Where on the line tesseract saw a character. Its LSTM emits a character at a time step inside the
 * glyph, and the character's box runs from there to the next character's (the first one's from the
 * word's start): the left end of the box lies on the glyph, its centre often on the next one.
 */
const anchorX = (c: PlacedChar, size: number): number => Math.min(c.x0 + 0.1 * size, (c.x0 + c.x1) / 2);

/** Blank wider than this many ems between inked columns is a space; narrower, the inside of a character or word. */
const SPACE_EM = 0.3;

/**
 * The characters of a piece given extents from its ink: the piece is cut into segments at its
 * spaces, each character goes (in reading order) to the segment where tesseract saw it, and each
 * segment's characters share its width by their usual advances. Tesseract's own boxes are shifted
 * (anchorX); the ink says where the characters and the spaces between them are, so the column model
 * can cut a word only where something is printed apart.
 */
function fitChars(p: InkPiece, cs: readonly PlacedChar[], size: number): Array<{ ch: string; x0: number; y0: number; x1: number; y1: number }> {
  // A blank a character was read in is no space (a decimal point too small to stay in the binary image).
  const readIn = (a: number, b: number) => cs.some((c) => anchorX(c, size) > a && anchorX(c, size) < b);
  const segs: Array<[number, number]> = [];
  for (const [a, b] of p.runs ?? [[p.x0, p.x1]]) {
    const last = segs[segs.length - 1];
    if (last && (a - last[1] <= SPACE_EM * size || readIn(last[1], a))) last[1] = Math.max(last[1], b);
    else segs.push([a, b]);
  }
  // Monotone: a character never goes left of the one read before it.
  let at = 0;
  const segOf = cs.map((c) => {
    const x = anchorX(c, size);
    let best = at;
    for (let k = at; k < segs.length; k++) if (Math.max(segs[k][0] - x, x - segs[k][1], 0) < Math.max(segs[best][0] - x, x - segs[best][1], 0)) best = k;
    return (at = best);
  });
  // Segments no character was read over go to the characters before them (the first ones after).
  const groups: Array<{ x0: number; x1: number; from: number; to: number }> = [];
  segOf.forEach((k, i) => {
    const g = groups[groups.length - 1];
    if (g && segOf[g.from] === k) g.to = i + 1;
    else groups.push({ x0: segs[k][0], x1: segs[k][1], from: i, to: i + 1 });
  });
  groups.forEach((g, j) => {
    if (j === 0) g.x0 = p.x0;
    g.x1 = j + 1 < groups.length ? segs[segOf[groups[j + 1].from] - 1]?.[1] ?? g.x1 : p.x1;
    g.x1 = Math.max(g.x1, segs[segOf[g.from]][1]);
  });
  const out: Array<{ ch: string; x0: number; y0: number; x1: number; y1: number }> = [];
  for (const g of groups) {
    const group = cs.slice(g.from, g.to);
    const total = group.reduce((s, c) => s + nominalWidth(c.ch), 0);
    let x = g.x0;
    for (const c of group) {
      const w = ((g.x1 - g.x0) * nominalWidth(c.ch)) / total;
      out.push({ ch: c.ch, x0: x, y0: c.y0, x1: x + w, y1: c.y1 });
      x += w;
    }
  }
  return out;
}

/** Punctuation that tesseract reads into gaps and over the edges of characters. */
const MARK = /^[“”‘’"'`、，,.。:：;；·]$/;
const COLON = /^[:：;；]$/;

/** A character tesseract read, placed on the page (px), with its word's confidence and its alternatives. */
export interface PlacedChar {
  ch: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  confidence: number;
  alternatives?: string[];
}

/**
 * The words of a band: each piece of ink takes the characters read over it (the nearest piece within
 * `reach` px of the character's centre); a piece nothing was read over is left out, and so is a
 * character read where there is no ink (tesseract's marks in the gaps of a wide line).
 */
export function wordsOnInk(pieces: readonly InkPiece[], chars: readonly PlacedChar[], reach: number, size: number, inked: (c: PlacedChar) => boolean = () => true): PlacedWord[] {
  const byPiece = pieces.map(() => [] as PlacedChar[]);
  const inside = (a: PlacedChar, b: PlacedChar) =>
    Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) >= 0.6 * (a.x1 - a.x0) && Math.min(a.y1, b.y1) > Math.max(a.y0, b.y0);
  for (const c of chars) {
    // A mark that takes no width of its own, or read over a character (a quote or comma over its
    // edge), or over blank paper (in a column gap), is no character; a real one (a colon whose dots
    // are too small to be kept as ink) joins the piece beside it.
    let markReach = reach;
    if (MARK.test(c.ch) && COLON.test(c.ch)) {
      // A colon (部门：, 单位：) tesseract often boxes into the character before it: its ink is enough.
      if (!inked(c)) continue;
      markReach = Math.max(reach, 0.5 * size);
    } else if (MARK.test(c.ch)) {
      if (c.x1 - c.x0 < 0.1 * size || chars.some((o) => o !== c && !MARK.test(o.ch) && inside(c, o))) continue;
      // Its own ink: beside the characters its box overlaps.
      let a = c.x0;
      let b = c.x1;
      for (const o of chars) {
        if (o === c || MARK.test(o.ch) || Math.min(o.y1, c.y1) <= Math.max(o.y0, c.y0)) continue;
        if (o.x0 <= a && o.x1 > a) a = o.x1;
        if (o.x1 >= b && o.x0 < b) b = o.x0;
      }
      if (b - a < 1 || !inked({ ...c, x0: a, x1: b })) continue;
      markReach = Math.max(reach, 0.5 * size);
    }
    const cx = anchorX(c, size);
    const cy = (c.y0 + c.y1) / 2;
    let best = -1;
    let bestD = Infinity;
    pieces.forEach((p, k) => {
      const d = Math.hypot(Math.max(p.x0 - cx, cx - p.x1, 0), Math.max(p.y0 - cy, cy - p.y1, 0));
      if (d < bestD) {
        bestD = d;
        best = k;
      }
    });
    if (best >= 0 && bestD <= markReach) byPiece[best].push(c);
  }
  const out: PlacedWord[] = [];
  pieces.forEach((p, k) => {
    // In reading order: tesseract's boxes may put a character after the next one.
    const cs = byPiece[k];
    if (!cs.length) return;
    const chars = fitChars(p, cs, size);
    const alts = cs.every((c) => c.alternatives) ? cs.map((c) => c.alternatives!) : undefined;
    out.push({
      text: joinChars(chars, size),
      confidence: cs.reduce((s, c) => s + c.confidence, 0) / cs.length,
      x0: p.x0,
      y0: p.y0,
      x1: p.x1,
      y1: p.y1,
      chars,
      ...(alts ? { alternatives: alts } : {}),
    });
  });
  return out;
}

/**
 * Is what was read over a piece of ink unlike it? The characters' usual widths (a Chinese character
 * an em, a digit or letter about half, a mark less) should add up to about the piece's width; a
 * piece that took nothing, or only marks, or more or far fewer characters than it holds, was
 * misread in the line (tesseract places characters of a sparse line loosely) and is read alone.
 */
export function misread(piece: InkPiece, word: PlacedWord | undefined, em: number): boolean {
  const width = piece.x1 - piece.x0;
  if (piece.y1 - piece.y0 < 0.5 * em) return false; // a dash, a speck: nothing to read again
  if (!word) return width >= 0.3 * em;
  const chars = word.chars.map((c) => c.ch);
  if (chars.every((ch) => MARK.test(ch))) return true;
  const nominal = chars.reduce((w, ch) => w + (HANZI.test(ch) ? 1 : /[0-9A-Za-z]/.test(ch) ? 0.55 : 0.3), 0) * em;
  // More characters than the ink holds (tesseract inserts one: 合1计, 项顶目支出), or far fewer.
  return nominal - width > 0.45 * em || width - nominal > Math.max(0.8 * em, 0.4 * width);
}
