/**
 * Page preprocessing before grid finding and OCR: turn the page upright (0/90/180/270°) and take
 * out its skew (up to ±3°), keeping the map from the prepared image back to the render so that
 * every bounding box is reported in points of the original page.
 *
 * Rendering (native resolution, colour dropout of seals) happens in render.ts
 * (`renderPageForOcr`); this module works on its grayscale result.
 */
import type { BBox, LayoutPage } from '../../layout.js';
import { binarize, flattenToPaper, gridSkew, otsuThreshold } from '../grid.js';
import type { GrayImage, RenderedPage } from '../render.js';
import { detectSideways, detectUpsideDown, probeLines, type SidewaysEvidence, type UpsideDownEvidence } from './orientation.js';
import type { ProbeReader } from './orientation.js';
import { rotateQuarter, unrotateQuarterPoint, type QuarterTurns } from './rotate.js';
import { rotateGray, unrotatePoint } from './skew.js';

export { estimateSkew, rotateGray, unrotatePoint } from './skew.js';
export { rotateQuarter, unrotateQuarterPoint, type QuarterTurns } from './rotate.js';
export type { ProbeReader } from './orientation.js';

/** Largest skew detectGrids (grid.ts) searches and corrects on its own, degrees. */
const GRID_FINDER_SKEW = 1.5;

export interface PrepareOptions {
  /** Reads a line image (for the upside-down test); without it, 180° is not looked for. */
  read?: ProbeReader;
  /** Largest skew corrected, degrees (default 3). */
  maxSkew?: number;
  /** Text lines read both ways for the upside-down test (default 3). */
  probes?: number;
}

export interface PreparedPage {
  /** The upright, deskewed page (same dpi/scale as the render; width/height swapped when turned). */
  image: RenderedPage;
  /** Clockwise quarter turns applied to the render. */
  quarterTurns: QuarterTurns;
  /** Skew removed after the quarter turns, degrees (positive: content was rotated clockwise). */
  skew: number;
  /** What the orientation was decided on. */
  evidence: { sideways: SidewaysEvidence; upsideDown?: UpsideDownEvidence };
  /** Maps a pixel position of `image` to the render. */
  toRender(x: number, y: number): [number, number];
  /** The render's size in pixels and points (what bounding boxes are reported against). */
  render: { width: number; height: number; pageWidth: number; pageHeight: number; scale: number };
  /**
   * When `image` is the render itself (nothing turned or rotated): its flattened page and the skew
   * the grid finder corrects, estimated here once for both (detectGrids' `flattened` option).
   */
  flattened?: { flat: GrayImage; angle: number };
}

/** Turns and deskews a rendered page. */
export async function preparePage(render: RenderedPage, opts: PrepareOptions = {}): Promise<PreparedPage> {
  const { dpi } = render;
  const threshold = otsuThreshold(render);
  const steps: Array<(x: number, y: number) => [number, number]> = [];
  let img = { width: render.width, height: render.height, data: render.data };
  let q: QuarterTurns = 0;

  // Skew first: run statistics of the sideways test need axis-aligned ruling lines to remove.
  // (Rotations commute: the skew of a page turned by 90° is the same angle.) It is estimated as the
  // grid finder does, on the page flattened to its paper, so that a page left as it is hands both on.
  const flat = flattenToPaper(img, dpi);
  const skew = gridSkew(flat, dpi, opts.maxSkew ?? 3);
  let bin = binarize(img, threshold);
  let removed = 0;
  // A skew the grid finder corrects itself (±1.5°) is left to it: rotating twice blurs thin lines
  // and digits (2 cells of a 200 dpi scan lost). Only a larger one is taken out here.
  if (Math.abs(skew) > GRID_FINDER_SKEW) {
    removed = skew;
    const { width: W, height: H } = img;
    img = rotateGray(img, -skew);
    steps.push((x, y) => unrotatePoint(x, y, W, H, -skew));
    bin = binarize(img, threshold);
  }

  const sideways = detectSideways(bin, dpi);
  let upsideDown: UpsideDownEvidence | undefined;
  if (sideways.sideways) {
    // Turned clockwise; whether it should have been the other way is settled by the 180° test.
    q = 1;
    const { width: W, height: H } = img;
    img = rotateQuarter(img, 1);
    steps.push((x, y) => unrotateQuarterPoint(x, y, W, H, 1));
  }

  if (opts.read) {
    // `bin` is of the image before a quarter turn.
    upsideDown = await detectUpsideDown(probeLines(img, dpi, opts.probes ?? 3, threshold, q === 0 ? bin : undefined), opts.read);
    if (upsideDown.upsideDown) {
      q = ((q + 2) % 4) as QuarterTurns;
      const { width: W, height: H } = img;
      img = rotateQuarter(img, 2);
      steps.push((x, y) => unrotateQuarterPoint(x, y, W, H, 2));
    }
  }

  const turned = q % 2 === 1;
  const image: RenderedPage = {
    ...img,
    dpi,
    scale: render.scale,
    pageWidth: turned ? render.pageHeight : render.pageWidth,
    pageHeight: turned ? render.pageWidth : render.pageHeight,
  };
  const toRender = (x: number, y: number): [number, number] => {
    let p: [number, number] = [x, y];
    for (let i = steps.length - 1; i >= 0; i--) p = steps[i](p[0], p[1]);
    return p;
  };
  const flattened = steps.length === 0 ? { flat, angle: skew } : undefined;
  return { image, quarterTurns: q, skew: removed, evidence: { sideways, upsideDown }, toRender, render: { width: render.width, height: render.height, pageWidth: render.pageWidth, pageHeight: render.pageHeight, scale: render.scale }, ...(flattened ? { flattened } : {}) };
}

/** A box in points of the prepared image → the box around it in points of the original page. */
export function boxToOriginal(prep: PreparedPage, b: BBox): BBox {
  const s = prep.render.scale;
  const pts = [
    prep.toRender(b.x0 * s, b.y0 * s),
    prep.toRender(b.x1 * s, b.y0 * s),
    prep.toRender(b.x0 * s, b.y1 * s),
    prep.toRender(b.x1 * s, b.y1 * s),
  ];
  const r = (v: number) => Math.round((v / s) * 10) / 10;
  return {
    x0: r(Math.min(...pts.map((p) => p[0]))),
    y0: r(Math.min(...pts.map((p) => p[1]))),
    x1: r(Math.max(...pts.map((p) => p[0]))),
    y1: r(Math.max(...pts.map((p) => p[1]))),
  };
}

/**
 * Re-expresses a page read from the prepared image in points of the original page (blocks keep
 * the reading order of the upright page). Unchanged when nothing was turned or deskewed.
 */
export function layoutToOriginal(prep: PreparedPage, page: LayoutPage): LayoutPage {
  if (prep.quarterTurns === 0 && prep.skew === 0) return page;
  const map = (b: BBox | undefined) => (b ? boxToOriginal(prep, b) : b);
  return {
    ...page,
    width: prep.render.pageWidth,
    height: prep.render.pageHeight,
    blocks: page.blocks.map((blk) =>
      blk.kind === 'grid' ? { ...blk, bbox: map(blk.bbox), cells: blk.cells.map((c) => ({ ...c, bbox: map(c.bbox) })) } : { ...blk, bbox: map(blk.bbox) },
    ),
  };
}
