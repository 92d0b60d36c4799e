/**
 * The OCR adapter of the column model (extractors/ocr/unruled.ts) on synthetic ink: where words are
 * comes from the ink, what they say from tesseract's characters placed over it.
 */
import { bandLines, cellInk, inkPieces, misread, staggeredLinePieces, wordsOnInk, type PlacedChar } from '../extractors/ocr/unruled.js';

/** A binary image (1 = ink) with filled rectangles. */
function image(width: number, height: number, rects: Array<[number, number, number, number]>) {
  const data = new Uint8Array(width * height);
  for (const [x0, y0, x1, y1] of rects) for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data[y * width + x] = 1;
  return { width, height, data };
}

const ch = (c: string, x0: number, x1: number, y0 = 10, y1 = 30, confidence = 0.9): PlacedChar => ({ ch: c, x0, x1, y0, y1, confidence });

describe('inkPieces', () => {
  it('joins the glyphs of a word and cuts at gaps wider than the gap given', () => {
    // Three glyphs 4 px apart, then a 30 px gap, then two glyphs.
    const bin = image(200, 40, [[10, 10, 30, 30], [34, 10, 54, 30], [58, 12, 78, 30], [108, 14, 120, 30], [124, 14, 136, 30]]);
    const pieces = inkPieces(bin, { x0: 0, y0: 0, x1: 200, y1: 40 }, 14, 5);
    expect(pieces.map((p) => [p.x0, p.x1])).toEqual([[10, 78], [108, 136]]);
  });

  it('keeps lines one above the other apart', () => {
    const bin = image(100, 80, [[10, 5, 40, 25], [10, 50, 40, 70]]);
    expect(inkPieces(bin, { x0: 0, y0: 0, x1: 100, y1: 80 }, 14, 5)).toHaveLength(2);
  });
});

describe('staggeredLinePieces', () => {
  // A header band of staggered lines, line height 20 px, characters 16 px high and 2 px apart:
  //  - 对附属单位 over 补助支出, one heading wrapped over two lines 2 px apart (x 10–100);
  //  - 上缴上级支 (the first line of a wrapped heading) and, 8 px to its right and half a line lower,
  //    the one-line heading 经营支出 (x 130–220 and 226–298);
  //  - the second line 出 of the wrapped heading under its first character (x 130–146).
  const chars = (x0: number, n: number, y0: number): Array<[number, number, number, number]> =>
    Array.from({ length: n }, (_, k) => [x0 + k * 18, y0, x0 + k * 18 + 16, y0 + 16] as [number, number, number, number]);
  const bin = image(320, 60, [...chars(10, 5, 4), ...chars(10, 4, 22), ...chars(130, 5, 4), ...chars(226, 4, 14), ...chars(130, 1, 22)]);
  const pieces = staggeredLinePieces(bin, { x0: 0, y0: 0, x1: 320, y1: 60 }, 20);
  const boxes = pieces.map((p) => [p.x0, p.y0, p.x1, p.y1]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);

  it('gives each line of a wrapped heading its own piece', () => {
    expect(boxes).toContainEqual([10, 4, 98, 20]);
    expect(boxes).toContainEqual([10, 22, 80, 38]);
  });

  it('cuts a heading set half a line lower off the line it runs into', () => {
    expect(boxes).toContainEqual([130, 4, 218, 20]);
    expect(boxes).toContainEqual([226, 14, 296, 30]);
    expect(boxes).toContainEqual([130, 22, 146, 38]);
    expect(pieces).toHaveLength(5);
  });

  it('keeps a line of large print whole (a title twice the line height, its characters set apart)', () => {
    // Characters 36 px high, 10 px apart, each a frame and a bar across its middle (no blank row).
    const glyph = (x: number): Array<[number, number, number, number]> => [[x, 2, x + 36, 5], [x, 36, x + 36, 39], [x, 2, x + 3, 39], [x + 33, 2, x + 36, 39], [x, 19, x + 36, 22]];
    const title = image(320, 44, [0, 1, 2, 3, 4].flatMap((k) => glyph(10 + k * 46)));
    expect(staggeredLinePieces(title, { x0: 0, y0: 0, x1: 320, y1: 44 }, 20).map((p) => [p.x0, p.y0, p.x1, p.y1])).toEqual([[10, 2, 230, 39]]);
  });

  it('leaves a band of one line as the pieces of a line', () => {
    const line = image(320, 30, [...chars(10, 5, 4), ...chars(130, 5, 4)]);
    expect(staggeredLinePieces(line, { x0: 0, y0: 0, x1: 320, y1: 30 }, 20)).toEqual(inkPieces(line, { x0: 0, y0: 0, x1: 320, y1: 30 }, 14, 5));
  });
});

describe('cellInk', () => {
  it('leaves out the end of the amount before a cell that reaches into its box, keeps its own print whole', () => {
    // Digits 10 px wide, 3 px apart, line height 20: "…11" ending at x = 100, a space of 13 px, then
    // the cell's own amount from x = 113; the column model's box starts at x = 96 (inside the "11").
    const digits = (x0: number, n: number): Array<[number, number, number, number]> => Array.from({ length: n }, (_, k) => [x0 + k * 13, 5, x0 + k * 13 + 10, 21] as [number, number, number, number]);
    const bin = image(300, 30, [...digits(61, 3), ...digits(113, 6)]);
    const ink = cellInk(bin, { x0: 96, y0: 0, x1: 190, y1: 30 }, 20);
    expect(ink.map((p) => [p.x0, p.x1])).toEqual([[113, 188]]);
  });
});

describe('wordsOnInk', () => {
  const pieces = [{ x0: 10, y0: 10, x1: 78, y1: 30 }, { x0: 108, y0: 14, x1: 136, y1: 30 }];

  it('gives each piece the characters read over it, in order', () => {
    const words = wordsOnInk(pieces, [ch('支', 12, 28), ch('出', 36, 52), ch('额', 60, 76), ch('1', 108, 120), ch('2', 124, 136)], 5, 20);
    expect(words.map((w) => w.text)).toEqual(['支出额', '12']);
  });

  it('drops a mark read over blank paper or over a character, keeps a decimal point between digits', () => {
    const blank = () => false;
    const words = wordsOnInk(
      pieces,
      [ch('“', 85, 95), ch('支', 12, 28), ch('、', 20, 26), ch('出', 36, 52), ch('额', 60, 76), ch('1', 108, 119), ch('.', 121, 123), ch('2', 125, 136)],
      5,
      20,
      (c) => (c.x0 > 80 && c.x1 < 100 ? blank() : true),
    );
    expect(words.map((w) => w.text)).toEqual(['支出额', '1.2']);
  });

  it('leaves out a piece nothing was read over', () => {
    expect(wordsOnInk(pieces, [ch('支', 12, 28)], 5, 20).map((w) => w.text)).toEqual(['支']);
  });
});

describe('misread', () => {
  const em = 20;
  it('accepts characters that fill their piece and flags those that do not', () => {
    const piece = { x0: 0, y0: 0, x1: 60, y1: 20 };
    const word = (text: string) => wordsOnInk([piece], [...text].map((c, k) => ch(c, (k * 60) / text.length, ((k + 1) * 60) / text.length, 0, 20)), 5, em)[0];
    expect(misread(piece, word('支出额'), em)).toBe(false);
    expect(misread(piece, word('支'), em)).toBe(true); // three characters' ink read as one
    expect(misread({ x0: 0, y0: 0, x1: 20, y1: 20 }, word('“'), em)).toBe(true);
    expect(misread(piece, undefined, em)).toBe(true);
    expect(misread({ x0: 0, y0: 0, x1: 60, y1: 3 }, undefined, em)).toBe(false); // a dash: nothing to read
  });
});

describe('bandLines', () => {
  it('makes column-model words in points, runs cut at gaps wider than half an em, a title its own size', () => {
    const scale = 2;
    const w = (text: string, x0: number, x1: number, y0 = 10, y1 = 30) => ({ text, confidence: 0.9, x0, x1, y0, y1, chars: [...text].map((c) => ({ ch: c, x0, x1, y0, y1 })) });
    const [line] = bandLines([w('科目', 10, 50), w('名称', 54, 94), w('1.00', 300, 340, 14, 30)], 20, scale);
    expect(line.line.words.map((x) => [x.text, x.bbox.x0, x.size])).toEqual([['科目名称', 5, 10], ['1.00', 150, 10]]);
    const [title] = bandLines([w('决算表', 10, 130, 0, 40)], 20, scale);
    expect(title.line.words[0].size).toBe(20);
  });
});
