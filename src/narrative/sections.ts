/**
 * The 概况 and 情况说明 parts of a document as units of running text, cut by its own section
 * structure (第一部分 … / 一、… / （一）… and numbered items 1. / （1） / 一是), with the lines a
 * layout wrapped — inside a paragraph, over a page break — joined back. Every reader's text blocks
 * (PDF text layer, OCR, converter text, HTML) come in the same way, so one pass serves them all.
 */
import type { BBox, DocumentLayout } from '../../extractors/layout.js';
import { unifyIdeographs } from '../../lib/ideographs.js';

/** A stretch of a unit's text that came from one printed line. */
export interface Piece {
  start: number;
  end: number;
  page: number;
  bbox?: BBox;
  line?: number;
}

export interface Unit {
  /** heading path: part, 一、 heading, （一） heading */
  headings: string[];
  text: string;
  pieces: Piece[];
}

const PART = /^第[一二三四五六七八九十]+部分/;
const LEVEL1 = /^[一二三四五六七八九十]+、/;
const LEVEL2 = /^[（(][一二三四五六七八九十]+[)）]/;
/** a numbered item starts a new unit but is not a heading: its first words are often the subject (1. 卫生健康支出（类）…) */
const ITEM = /^(?:\d{1,2}\s*[.．、](?!\d)|[（(]\d{1,2}[)）]|[①-⑳]|[一二三四五六七八九十]是)/;
/** the parts whose figures are the narrative's (概况, 情况说明, 决算说明, 预算(公开)说明; not the tables, the 名词解释, the 重点工作) */
const PAGE_NUMBER = /^(?:[-—–]\s*)?\d{1,3}(?:\s*[-—–])?$|^第\s*\d{1,3}\s*页(?:\s*[,，]?\s*共\s*\d{1,3}\s*页)?$/;
const NARRATIVE_PART = /概况|说明/;

/**
 * Full-width digits, point and percent sign become ASCII; radical code points become the ideographs they
 * stand for (Chromium text layers).
 */
export function narrativeText(text: string): string {
  return unifyIdeographs(text)
    // Full-width digits take a full-width thousands separator (１，２３４．５６): not a clause comma.
    .replace(/([０-９])，(?=[０-９]{3}(?![０-９]))/g, '$1,')
    .replace(/[０-９．％]/g, (c) => (c === '．' ? '.' : c === '％' ? '%' : String.fromCharCode(c.charCodeAt(0) - 0xff10 + 0x30)))
    // Justified lines letter-space their digits (1 4 1 3 . 8 4万元, 1 , 1 8 2 . 5 9万元): a run of single characters is one number.
    .replace(/(?<![\d.,])\d(?: [\d.,]){2,}(?![\d.,])/g, (m) => m.replace(/ /g, ''))
    // and a thousands separator followed by a space (1, 182.59万元)
    .replace(/(\d),\s+(?=\d{3}(?!\d))/g, '$1,');
}

export function readUnits(layout: DocumentLayout): Unit[] {
  const blocks = layout.pages.flatMap((p) => p.blocks.filter((b) => b.kind === 'text').map((b) => ({ ...(b as { text: string; bbox?: BBox; line?: number }), page: p.number })));
  const hasParts = blocks.some((b) => PART.test(narrativeText(b.text).trim()));
  const units: Unit[] = [];
  const headings: string[] = ['', '', ''];
  let inNarrative = !hasParts;
  let unit: Unit | null = null;
  let lastHeading = -1;
  const close = () => {
    if (unit && unit.text.trim() && inNarrative) units.push(unit);
    unit = null;
  };
  for (const b of blocks) {
    const text = narrativeText(b.text).trim();
    // A page number between the lines a page break cut (…增长 / 4 / 13.11%) is no part of the text.
    if (!text || PAGE_NUMBER.test(text)) continue;
    const level = PART.test(text) ? 0 : LEVEL1.test(text) ? 1 : LEVEL2.test(text) ? 2 : -1;
    if (level >= 0) {
      close();
      headings[level] = text;
      for (let l = level + 1; l < headings.length; l++) headings[l] = '';
      if (level === 0) inNarrative = NARRATIVE_PART.test(text);
      lastHeading = level;
      // A heading line may go on with the text of its section (（一）人员经费96,513.21万元，主要包括…).
      if (level === 0 || !/\d/.test(text.replace(LEVEL1, '').replace(LEVEL2, ''))) continue;
    } else if (lastHeading >= 0 && !unit && text.length <= 8 && !/[\d。，；：:,]/.test(text)) {
      // A heading wrapped onto a short second line (…决算情况 / 说明).
      headings[lastHeading] += text;
      if (lastHeading === 0) inNarrative = NARRATIVE_PART.test(headings[0]);
      continue;
    } else lastHeading = -1;
    if (ITEM.test(text)) close();
    unit ??= { headings: headings.filter(Boolean), text: '', pieces: [] };
    const start: number = unit.text.length;
    unit.text += text;
    unit.pieces.push({ start, end: unit.text.length, page: b.page, bbox: b.bbox, line: b.line });
    if (level >= 0) lastHeading = -1;
  }
  close();
  return units;
}

/** Where a span of a unit's text was printed: the first page it touches, the union of its lines' boxes. */
export function placeOf(unit: Unit, start: number, end: number): { page: number | null; bbox?: BBox; line?: number } {
  const touched = unit.pieces.filter((p) => p.end > start && p.start < end);
  if (!touched.length) return { page: null };
  const page = touched[0].page;
  const boxes = touched.filter((p) => p.page === page && p.bbox).map((p) => p.bbox!);
  const bbox = boxes.length
    ? { x0: Math.min(...boxes.map((b) => b.x0)), y0: Math.min(...boxes.map((b) => b.y0)), x1: Math.max(...boxes.map((b) => b.x1)), y1: Math.max(...boxes.map((b) => b.y1)) }
    : undefined;
  return { page, ...(bbox ? { bbox } : {}), ...(touched[0].line !== undefined ? { line: touched[0].line } : {}) };
}
