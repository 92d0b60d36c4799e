/**
 * Words of a line reading from tesseract's hOCR (with `hocr_char_boxes=1`): each word's box and
 * confidence, each character's box and confidence. A line reading asks tesseract for hOCR only —
 * its per-character choices are needed anyway (choicesFromHocr) — instead of the JSON `blocks`
 * as well, whose building, parsing and copying from the worker cost about as much as a short line's
 * recognition.
 */
import type { BBox } from '../layout.js';

/** A word as tesseract.js's JSON `blocks` give it (the fields the line reader uses). */
export interface HocrWord {
  text: string;
  /** 0..100 */
  confidence: number;
  bbox: BBox;
  symbols: Array<{ text: string; confidence: number; bbox: BBox }>;
}

const HTML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };
export const unescapeHtml = (t: string): string => t.replace(/&(amp|lt|gt|quot|apos|#39);/g, (_, e: string) => HTML_ENTITIES[e]);

const box = (s: string): BBox => {
  const [x0, y0, x1, y1] = s.trim().split(/\s+/).map(Number);
  return { x0, y0, x1, y1 };
};

const WORD = /<span class='ocrx_word' id='[^']*' title='bbox ([\d ]+); x_wconf ([\d.]+)'>/g;
// A character's own box and confidence: the cinfo spans with a title (the choice lists have an id).
const CHAR = /<span class='ocrx_cinfo' title='x_bboxes ([\d ]+); x_conf ([\d.]+)'>([^<]*)<\/span>/g;

/**
 * The words of an hOCR line reading, in reading order. Confidences are whole numbers as in the JSON
 * output (tesseract.js truncates them there), so that both give the same readings.
 */
export function wordsFromHocr(hocr: string): HocrWord[] {
  const starts = [...hocr.matchAll(WORD)];
  return starts.map((m, i) => {
    const body = hocr.slice(m.index! + m[0].length, i + 1 < starts.length ? starts[i + 1].index : hocr.length);
    const symbols = [...body.matchAll(CHAR)].map((c) => ({ text: unescapeHtml(c[3]), confidence: Math.trunc(Number(c[2])), bbox: box(c[1]) }));
    return { text: symbols.map((s) => s.text).join(''), confidence: Math.trunc(Number(m[2])), bbox: box(m[1]), symbols };
  });
}
