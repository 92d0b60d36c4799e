/**
 * pdf.js text items → per-character glyphs in top-left page coordinates.
 *
 * A text item is a run that pdf.js merged from one or more show-text operations; it can cover
 * several table cells ("2,106.66 1,503.52") or be letter-spaced ("因 公 出 国 （ 境 ） 费"). pdf.js
 * only gives the item's origin and total advance width, so each character's position is estimated:
 * CJK/full-width characters count one em, others half an em, and whatever the item's width leaves
 * over is given to its spaces (pdf.js inserts spaces for gaps, so their width is the real gap).
 */
import type { TextContent, TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { type Glyph, isCjk, multiply } from './geometry.js';
import { unifyIdeographs } from '../../lib/ideographs.js';

/** Natural advance of a character in ems, for distributing an item's width over its characters. */
function emWidth(ch: string): number {
  if (isCjk(ch)) return 1;
  if (/\s/.test(ch)) return 0.3;
  if (/[ilI.,:;'|!]/.test(ch)) return 0.3;
  if (/[mwMW]/.test(ch)) return 0.8;
  return 0.5;
}

function isTextItem(item: unknown): item is TextItem {
  return typeof (item as TextItem).str === 'string' && Array.isArray((item as TextItem).transform);
}

/**
 * @param viewportTransform page.getViewport({ scale: 1 }).transform: maps PDF user space to the
 * top-left-origin page space (it also handles /Rotate and a non-zero MediaBox origin).
 */
export function glyphsFromTextContent(content: TextContent, viewportTransform: readonly number[]): Glyph[] {
  const out: Glyph[] = [];
  for (const item of content.items) {
    if (!isTextItem(item) || !item.str || !item.str.trim()) continue;
    const style = content.styles[item.fontName];
    let ascent = style?.ascent ?? 0.8;
    let descent = style?.descent ?? -0.2;
    if (!(ascent > 0.3 && ascent < 1.5)) ascent = 0.8;
    if (!(descent < 0 && descent > -0.6)) descent = -0.2;
    const m = multiply(viewportTransform, item.transform);
    const runLen = Math.hypot(m[0], m[1]);
    const size = Math.hypot(m[2], m[3]);
    if (!(runLen > 0) || !(size > 0)) continue;
    // Direction of the text run and the glyphs' "up" direction on the page.
    const dx = m[0] / runLen;
    const dy = m[1] / runLen;
    const ux = m[2] / size; // text-space "up" (0, 1) mapped to the page (y grows downwards)
    const uy = m[3] / size;
    const horizontal = Math.abs(dy) < 0.05 && dx > 0;
    // radical code points (⾏, ⻋) are read as the ideographs the page shows (行, 车)
    const chars = Array.from(unifyIdeographs(item.str));
    // item.width is in user space; scale it to page space along the run direction.
    const widthScale = Math.hypot(viewportTransform[0], viewportTransform[1]) || 1;
    const total = Math.abs(item.width) * widthScale || chars.length * size * 0.5;
    // Estimate per-character advances.
    let natural = 0;
    let spaceNatural = 0;
    for (const ch of chars) {
      const w = emWidth(ch) * size;
      if (/\s/.test(ch)) spaceNatural += w;
      else natural += w;
    }
    let scaleChars = 1;
    let scaleSpaces = 1;
    if (spaceNatural > 0 && total >= natural) {
      scaleSpaces = (total - natural) / spaceNatural;
    } else {
      scaleChars = scaleSpaces = total / (natural + spaceNatural || 1);
    }
    const ox = m[4];
    const oy = m[5];
    let offset = 0;
    let pendingSpace = false;
    for (const ch of chars) {
      const isSpace = /\s/.test(ch);
      const w = emWidth(ch) * size * (isSpace ? scaleSpaces : scaleChars);
      if (isSpace) {
        pendingSpace = true;
        offset += w;
        continue;
      }
      // Corners of the character box: along the run [offset, offset+w], up [descent, ascent].
      const xs: number[] = [];
      const ys: number[] = [];
      for (const along of [offset, offset + w]) {
        for (const up of [descent * size, ascent * size]) {
          xs.push(ox + dx * along + ux * up);
          ys.push(oy + dy * along + uy * up);
        }
      }
      out.push({
        ch,
        x0: Math.min(...xs),
        x1: Math.max(...xs),
        y0: Math.min(...ys),
        y1: Math.max(...ys),
        base: horizontal ? oy : (Math.min(...ys) + Math.max(...ys)) / 2,
        size,
        spaceBefore: pendingSpace,
        horizontal,
      });
      pendingSpace = false;
      offset += w;
    }
  }
  return out;
}
