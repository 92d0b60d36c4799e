/**
 * Operator list → ruling segments in top-left page coordinates.
 *
 * pdf.js v5 hands vector paths over as OPS.constructPath with args [paintOp, [pathData], minMax]:
 * paintOp is the operator that ends the path (stroke, fill, eoFill, endPath for clips, …) and
 * pathData a Float32Array of DrawOPS codes in user space: moveTo x y | lineTo x y |
 * curveTo x1 y1 x2 y2 x y | quadraticCurveTo x1 y1 x y | closePath. A `re` operator arrives as
 * moveTo + 3 lineTo + closePath (or moveTo + lineTo + closePath when width or height is 0).
 *
 * Ruling lines are: stroked axis-aligned line pieces (including the edges of stroked rectangles),
 * and thin filled rectangles (< 2.5pt across). Clipping paths and white paint are ignored.
 * The CTM is tracked through save/restore/transform and form XObjects.
 */
import { OPS } from './pdfjs.js';
import { apply, IDENTITY, type Matrix, multiply, type Segment } from './geometry.js';

const DRAW_MOVE = 0;
const DRAW_LINE = 1;
const DRAW_CURVE = 2;
const DRAW_QUAD = 3;
const DRAW_CLOSE = 4;

/** Widest filled rectangle still taken for a ruling line (points). */
const THIN = 2.5;
/** Shortest piece worth keeping (points). */
const MIN_LEN = 1.5;
/** How far from axis-aligned a stroked piece may be (points). */
const SKEW = 0.6;

const STROKE_OPS = new Set<number>([
  OPS.stroke,
  OPS.closeStroke,
  OPS.fillStroke,
  OPS.eoFillStroke,
  OPS.closeFillStroke,
  OPS.closeEOFillStroke,
]);
const FILL_OPS = new Set<number>([
  OPS.fill,
  OPS.eoFill,
  OPS.fillStroke,
  OPS.eoFillStroke,
  OPS.closeFillStroke,
  OPS.closeEOFillStroke,
]);

export interface SubPath {
  pts: [number, number][];
  closed: boolean;
  curved: boolean;
}

/** Decodes pdf.js DrawOPS path data into subpaths, points mapped by `m`. */
export function decodePath(data: ArrayLike<number>, m: readonly number[]): SubPath[] {
  const subs: SubPath[] = [];
  let cur: SubPath | undefined;
  const start = (x: number, y: number) => {
    cur = { pts: [apply(m, x, y)], closed: false, curved: false };
    subs.push(cur);
  };
  for (let i = 0; i < data.length; ) {
    const op = data[i++];
    switch (op) {
      case DRAW_MOVE:
        start(data[i++], data[i++]);
        break;
      case DRAW_LINE: {
        const x = data[i++];
        const y = data[i++];
        if (!cur) start(x, y);
        else cur.pts.push(apply(m, x, y));
        break;
      }
      case DRAW_CURVE:
      case DRAW_QUAD: {
        // Control points do not matter for ruling lines: skip them, keep the end point.
        i += op === DRAW_CURVE ? 4 : 2;
        const x = data[i++];
        const y = data[i++];
        if (!cur) start(x, y);
        else {
          cur.curved = true;
          cur.pts.push(apply(m, x, y));
        }
        break;
      }
      case DRAW_CLOSE:
        if (cur) {
          cur.closed = true;
          // A new subpath after closePath starts at the same point unless a moveTo follows.
          const [x, y] = cur.pts[0];
          cur = { pts: [[x, y]], closed: false, curved: false };
          subs.push(cur);
        }
        break;
      default:
        return subs; // unknown code: stop rather than misread the rest
    }
  }
  return subs.filter((s) => s.pts.length > 1);
}

function pushPiece(out: Segment[], x0: number, y0: number, x1: number, y1: number): void {
  const dx = Math.abs(x1 - x0);
  const dy = Math.abs(y1 - y0);
  if (dy <= SKEW && dx >= MIN_LEN) out.push({ o: 'h', pos: (y0 + y1) / 2, a: Math.min(x0, x1), b: Math.max(x0, x1) });
  else if (dx <= SKEW && dy >= MIN_LEN) out.push({ o: 'v', pos: (x0 + x1) / 2, a: Math.min(y0, y1), b: Math.max(y0, y1) });
}

/** Stroked axis-aligned pieces of the subpaths (also the edges of stroked rectangles) as ruling segments. */
export function strokeSegments(subs: SubPath[], out: Segment[]): void {
  for (const s of subs) {
    const p = s.pts;
    for (let i = 1; i < p.length; i++) pushPiece(out, p[i - 1][0], p[i - 1][1], p[i][0], p[i][1]);
    if (s.closed && p.length > 2) pushPiece(out, p[p.length - 1][0], p[p.length - 1][1], p[0][0], p[0][1]);
  }
}

/** Thin filled rectangles of the subpaths as ruling segments. */
export function fillSegments(subs: SubPath[], out: Segment[]): void {
  for (const s of subs) {
    if (s.curved) continue;
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (const [x, y] of s.pts) {
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
    const w = x1 - x0;
    const h = y1 - y0;
    if (h <= THIN && w >= MIN_LEN && w > h) out.push({ o: 'h', pos: (y0 + y1) / 2, a: x0, b: x1 });
    else if (w <= THIN && h >= MIN_LEN && h > w) out.push({ o: 'v', pos: (x0 + x1) / 2, a: y0, b: y1 });
  }
}

function isWhite(arg: unknown): boolean {
  if (typeof arg === 'string') return /^#?f{6}$/i.test(arg);
  if (Array.isArray(arg) || ArrayBuffer.isView(arg)) {
    const v = Array.from(arg as ArrayLike<number>);
    return v.length >= 3 && v.slice(0, 3).every((c) => c >= 250 || (c >= 0.98 && c <= 1));
  }
  return false;
}

interface GState {
  ctm: Matrix;
  strokeWhite: boolean;
  fillWhite: boolean;
}

/**
 * @param viewportTransform page.getViewport({ scale: 1 }).transform (user space → top-left page space)
 */
export function rulingsFromOperatorList(
  opList: { fnArray: number[]; argsArray: unknown[] },
  viewportTransform: readonly number[],
): Segment[] {
  const out: Segment[] = [];
  const stack: GState[] = [];
  let st: GState = { ctm: [...IDENTITY] as Matrix, strokeWhite: false, fillWhite: false };
  const { fnArray, argsArray } = opList;
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] as unknown[] | null;
    switch (fn) {
      case OPS.save:
      case OPS.beginGroup: // the group matrix only positions the group's bbox, not its content
        stack.push({ ...st });
        break;
      case OPS.restore:
      case OPS.endGroup:
      case OPS.paintFormXObjectEnd:
        st = stack.pop() ?? st;
        break;
      case OPS.transform:
        if (args && args.length >= 6) st = { ...st, ctm: multiply(st.ctm, args as number[]) };
        break;
      case OPS.paintFormXObjectBegin: {
        stack.push({ ...st });
        const matrix = args?.[0] as number[] | null | undefined;
        if (matrix && matrix.length >= 6) st = { ...st, ctm: multiply(st.ctm, Array.from(matrix)) };
        break;
      }
      case OPS.setStrokeRGBColor:
        st = { ...st, strokeWhite: isWhite(args?.[0]) };
        break;
      case OPS.setFillRGBColor:
        st = { ...st, fillWhite: isWhite(args?.[0]) };
        break;
      case OPS.setStrokeGray:
        st = { ...st, strokeWhite: typeof args?.[0] === 'number' ? (args[0] as number) >= 0.99 : isWhite(args?.[0]) };
        break;
      case OPS.setFillGray:
        st = { ...st, fillWhite: typeof args?.[0] === 'number' ? (args[0] as number) >= 0.99 : isWhite(args?.[0]) };
        break;
      case OPS.constructPath: {
        if (!args) break;
        const paintOp = args[0] as number;
        const data = (args[1] as unknown[] | undefined)?.[0] as ArrayLike<number> | null | undefined;
        if (!data || typeof data === 'string' || !('length' in data)) break;
        const doStroke = STROKE_OPS.has(paintOp) && !st.strokeWhite;
        const doFill = FILL_OPS.has(paintOp) && !st.fillWhite;
        if (!doStroke && !doFill) break; // endPath (clips), white paint
        const subs = decodePath(data, multiply(viewportTransform, st.ctm));
        if (doStroke) strokeSegments(subs, out);
        if (doFill) fillSegments(subs, out);
        break;
      }
      default:
        break;
    }
  }
  return out;
}
