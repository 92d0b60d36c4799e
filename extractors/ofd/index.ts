/**
 * OFD (GB/T 33190, the national fixed-layout format) → the layout model, through the PDF reader's own
 * page geometry: every TextObject's TextCodes become glyphs placed at their X/DeltaX positions, every
 * stroked PathObject piece and thin filled rectangle a ruling segment, and `layoutPage` builds grids,
 * captions and text lines exactly as for a PDF page. OFD units are millimetres; the layout is in points.
 */
import * as cheerio from 'cheerio';
import type { Element } from 'domhandler';
import type { DocumentLayout, LayoutPage } from '../layout.js';
import { DocumentReadError } from '../pdf/errors.js';
import { apply, IDENTITY, isCjk, multiply, type Glyph, type Matrix, type Segment } from '../pdf/geometry.js';
import { HeaderCarry, layoutPage } from '../pdf/page.js';
import { fillSegments, strokeSegments, type SubPath } from '../pdf/rulings.js';
import { unifyIdeographs } from '../../lib/ideographs.js';
import { partText, unzipParts } from '../office/container.js';
import type { ExtractLimits } from '../../schemas/limits.js';

const MM = 72 / 25.4;

export function readOfdLayout(bytes: Uint8Array, fileName: string, limits: ExtractLimits): DocumentLayout {
  const parts = unzipParts(bytes, fileName, (n) => /\.xml$/i.test(n), limits.maxUnzippedBytes);
  const xml = (path: string) => {
    const text = partText(parts[path.replace(/^\/+/, '')]);
    return text ? cheerio.load(text, { xml: true }) : null;
  };
  const ofd = xml('OFD.xml');
  if (!ofd) throw new DocumentReadError(fileName, 'no OFD.xml in the package: not an OFD document');
  const docRoot = ofd('ofd\\:DocBody').first().children('ofd\\:DocRoot').text().trim();
  const doc = docRoot ? xml(docRoot) : null;
  if (!doc) throw new DocumentReadError(fileName, `the OFD document root ${docRoot || '(none)'} is missing from the package`);
  const base = docRoot.replace(/^\/+/, '').replace(/[^/]*$/, '');
  const resolve = (loc: string) => (loc.startsWith('/') ? loc.slice(1) : base + loc);
  const box = (text: string | undefined) => (text ?? '').trim().split(/\s+/).map(Number);
  const defaultBox = box(doc('ofd\\:CommonData ofd\\:PageArea ofd\\:PhysicalBox').first().text());

  const warnings: string[] = [];
  const pages: LayoutPage[] = [];
  const pageRefs = doc('ofd\\:Pages').children('ofd\\:Page').toArray();
  const carry = new HeaderCarry();
  pageRefs.forEach((ref, i) => {
    const number = i + 1;
    const loc = ref.attribs.BaseLoc;
    const page = loc ? xml(resolve(loc)) : null;
    if (!page) {
      carry.reset();
      warnings.push(`page ${number}: its content ${loc ?? '(no BaseLoc)'} is missing; the page is left out`);
      return;
    }
    const glyphs: Glyph[] = [];
    const segments: Segment[] = [];
    page('ofd\\:Content')
      .children('ofd\\:Layer')
      .each((_, layer) => readObjects(page, layer, IDENTITY, glyphs, segments));
    const read = layoutPage(glyphs, segments, number, carry.lines, carry.repeated);
    carry.next(read);
    const layout = read.page;
    const pb = box(page('ofd\\:Area ofd\\:PhysicalBox').first().text());
    const size = pb.length === 4 && pb.every(Number.isFinite) ? pb : defaultBox;
    if (size.length === 4 && size.every(Number.isFinite)) {
      layout.width = Math.round(size[2] * MM * 100) / 100;
      layout.height = Math.round(size[3] * MM * 100) / 100;
    }
    pages.push(layout);
  });
  if (!pageRefs.length) warnings.push('the OFD document lists no pages');
  const info = ofd('ofd\\:DocInfo').first();
  return {
    pages,
    pageCount: pageRefs.length,
    title: info.children('ofd\\:Title').text().trim() || undefined,
    producer: info.children('ofd\\:Creator').text().trim() || undefined,
    warnings,
  };
}

const nums = (s: string | undefined) => (s ?? '').trim().split(/[\s,]+/).filter(Boolean).map(Number);

/** Page-space (points) matrix of an object: its Boundary origin, then its CTM, all in millimetres. */
function objectMatrix(el: Element, parent: Matrix): Matrix {
  const [bx = 0, by = 0] = nums(el.attribs.Boundary);
  const ctm = nums(el.attribs.CTM);
  const local: Matrix = ctm.length === 6 ? (ctm as Matrix) : [...IDENTITY];
  return multiply(parent, multiply([1, 0, 0, 1, bx, by], local));
}

function readObjects($: cheerio.CheerioAPI, container: Element, parent: Matrix, glyphs: Glyph[], segments: Segment[]): void {
  for (const el of $(container).children().toArray()) {
    if (el.tagName === 'ofd:TextObject') readText($, el, objectMatrix(el, parent), glyphs);
    else if (el.tagName === 'ofd:PathObject') readPath($, el, objectMatrix(el, parent), segments);
    else if (el.tagName === 'ofd:PageBlock') readObjects($, el, parent, glyphs, segments);
  }
}

/** DeltaX/DeltaY: numbers, where `g n d` stands for n times d. */
function deltas(s: string | undefined): number[] {
  const t = (s ?? '').trim().split(/\s+/).filter(Boolean);
  const out: number[] = [];
  for (let i = 0; i < t.length; i++) {
    if (t[i] === 'g') {
      const n = Number(t[i + 1]);
      const d = Number(t[i + 2]);
      for (let k = 0; k < n; k++) out.push(d);
      i += 2;
    } else out.push(Number(t[i]));
  }
  return out;
}

const MM_MATRIX: Matrix = [MM, 0, 0, MM, 0, 0];

function readText($: cheerio.CheerioAPI, el: Element, m: Matrix, glyphs: Glyph[]): void {
  const page = multiply(MM_MATRIX, m);
  const sizeMm = Number(el.attribs.Size) || 3.5;
  const scale = Math.hypot(page[2], page[3]) || MM;
  const size = sizeMm * scale;
  let x = 0;
  let y = 0;
  for (const code of $(el).children('ofd\\:TextCode').toArray()) {
    if (code.attribs.X !== undefined) x = Number(code.attribs.X);
    if (code.attribs.Y !== undefined) y = Number(code.attribs.Y);
    const dx = deltas(code.attribs.DeltaX);
    const dy = deltas(code.attribs.DeltaY);
    const chars = Array.from(unifyIdeographs($(code).text()));
    chars.forEach((ch, k) => {
      const advance = dx[k] ?? (isCjk(ch) ? sizeMm : sizeMm * 0.5);
      if (ch.trim()) {
        const [x0, base] = apply(page, x, y);
        const [x1] = apply(page, x + advance, y);
        glyphs.push({ ch, x0, x1, y0: base - 0.8 * size, y1: base + 0.2 * size, base, size, spaceBefore: k > 0 && !chars[k - 1].trim(), horizontal: true });
      }
      x += advance;
      y += dy[k] ?? 0;
    });
  }
}

function readPath($: cheerio.CheerioAPI, el: Element, m: Matrix, segments: Segment[]): void {
  const stroke = el.attribs.Stroke !== 'false';
  const fill = el.attribs.Fill === 'true';
  const white = (sel: string) => /^255\s+255\s+255$/.test(($(el).children(sel).attr('Value') ?? '').trim());
  const doStroke = stroke && !white('ofd\\:StrokeColor');
  const doFill = fill && !white('ofd\\:FillColor');
  if (!doStroke && !doFill) return;
  const subs = abbreviatedPath($(el).children('ofd\\:AbbreviatedData').text(), multiply(MM_MATRIX, m));
  if (doStroke) strokeSegments(subs, segments);
  if (doFill) fillSegments(subs, segments);
}

/** OFD AbbreviatedData (S/M move, L line, Q/B curves, A arc, C close) → subpaths in page points. */
function abbreviatedPath(data: string, m: Matrix): SubPath[] {
  const t = data.trim().split(/\s+/).filter(Boolean);
  const subs: SubPath[] = [];
  let cur: SubPath | undefined;
  const start = (x: number, y: number) => {
    cur = { pts: [apply(m, x, y)], closed: false, curved: false };
    subs.push(cur);
  };
  const to = (x: number, y: number, curved: boolean) => {
    if (!cur) start(x, y);
    else {
      cur.pts.push(apply(m, x, y));
      cur.curved ||= curved;
    }
  };
  for (let i = 0; i < t.length; ) {
    const op = t[i++];
    const n = (k: number) => t.slice(i, i + k).map(Number);
    if (op === 'S' || op === 'M') {
      const [x, y] = n(2);
      i += 2;
      start(x, y);
    } else if (op === 'L') {
      const [x, y] = n(2);
      i += 2;
      to(x, y, false);
    } else if (op === 'Q') {
      const v = n(4);
      i += 4;
      to(v[2], v[3], true);
    } else if (op === 'B') {
      const v = n(6);
      i += 6;
      to(v[4], v[5], true);
    } else if (op === 'A') {
      const v = n(7);
      i += 7;
      to(v[5], v[6], true);
    } else if (op === 'C') {
      if (cur) {
        cur.closed = true;
        const [x, y] = cur.pts[0];
        cur = { pts: [[x, y]], closed: false, curved: false };
        subs.push(cur);
      }
    } else break; // unknown command: stop rather than misread the rest
  }
  return subs.filter((s) => s.pts.length > 1);
}
