/**
 * Renders PDF pages to grayscale pixel buffers for OCR (pdfjs-dist + @napi-rs/canvas).
 *
 * Scanned 决算 PDFs embed their pages as JPEG (DCT), JBIG2 or CCITT images. pdfjs decodes DCT and
 * CCITT in JavaScript; JBIG2 and JPEG 2000 need its wasm decoders, which it only finds through the
 * `wasmUrl` option (pdfjs-dist v5), so documents opened here always get it.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/types/src/display/api.js';
import { directImageGray } from './direct-image.js';
import { rgbaToGrayDropout } from './preprocess/colour.js';
import { nativeDpi, placedImages, renderDpi, type RenderDpiLimits } from './preprocess/resolution.js';

const require = createRequire(import.meta.url);

/** 8-bit grayscale image, row-major, one byte per pixel (0 = black, 255 = white). */
export interface GrayImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A rendered page: the pixels plus what is needed to map pixels back to PDF points. */
export interface RenderedPage extends GrayImage {
  dpi: number;
  /** Pixels per PDF point (dpi / 72). */
  scale: number;
  /** Page size in PDF points (after /Rotate). */
  pageWidth: number;
  pageHeight: number;
}

let pdfjsDir: string | undefined;
/** The installed pdfjs-dist package folder (with cmaps/, standard_fonts/, wasm/). */
export function pdfjsDistDir(): string {
  pdfjsDir ??= path.dirname(require.resolve('pdfjs-dist/package.json'));
  return pdfjsDir;
}

/** getDocument options every OCR-side load uses: CJK cMaps, standard fonts and the wasm decoders. */
export function pdfjsLoadOptions(): { cMapUrl: string; cMapPacked: true; standardFontDataUrl: string; wasmUrl: string; verbosity: 0 } {
  const dir = pdfjsDistDir();
  return {
    cMapUrl: path.join(dir, 'cmaps') + path.sep,
    cMapPacked: true,
    standardFontDataUrl: path.join(dir, 'standard_fonts') + path.sep,
    wasmUrl: path.join(dir, 'wasm') + path.sep,
    verbosity: 0,
  };
}

/**
 * Opens a PDF for rendering. Stand-in until the born-digital reader's `openPdf` exists; it passes
 * the same cMap options plus `wasmUrl` (needed for JBIG2 scans).
 */
export async function openPdfForOcr(data: Uint8Array): Promise<PDFDocumentProxy> {
  const { getDocument } = await import('../pdf/pdfjs.js');
  // pdfjs takes ownership of (and may detach) the buffer: give it a copy.
  const task = getDocument({ data: new Uint8Array(data), ...pdfjsLoadOptions(), isEvalSupported: false });
  return (await task.promise) as unknown as PDFDocumentProxy;
}

const CJK_FONT_CANDIDATES = [
  '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/truetype/arphic/uming.ttc',
];
/** Names non-embedded Chinese fonts go by in government PDFs; all are mapped onto the CJK font. */
const CJK_ALIASES = ['SimSun', '宋体', 'SimHei', '黑体', 'FangSong', '仿宋', 'FangSong_GB2312', 'KaiTi', '楷体', 'KaiTi_GB2312', 'STSong', 'Microsoft YaHei', '微软雅黑', 'NSimSun'];
let cjkFont: string | null | undefined;

/**
 * Registers a CJK font with @napi-rs/canvas, so that pages whose Chinese fonts are not embedded
 * still draw their text (Debian: fonts-noto-cjk). Returns the family name, or null if none is
 * installed (embedded fonts still render: pdfjs draws them as paths).
 */
export function ensureCjkFont(): string | null {
  if (cjkFont !== undefined) return cjkFont;
  cjkFont = null;
  for (const file of CJK_FONT_CANDIDATES) {
    if (!existsSync(file)) continue;
    const key = GlobalFonts.registerFromPath(file, 'JuesuanCJK');
    if (key) {
      cjkFont = 'JuesuanCJK';
      for (const alias of CJK_ALIASES) GlobalFonts.setAlias?.('JuesuanCJK', alias);
      break;
    }
  }
  return cjkFont;
}

/** Rows read back from the canvas at a time: bounds the RGBA copy to a strip, not the page. */
const STRIP_ROWS = 256;

/**
 * Draws one page at `dpi` (white background) and converts it to 8-bit grayscale strip by strip
 * with `toGray(rgba, n, out)`.
 */
async function renderPage(page: PDFPageProxy, dpi: number, toGray: (rgba: ArrayLike<number>, n: number, out: Uint8Array) => void): Promise<RenderedPage> {
  ensureCjkFont();
  const scale = dpi / 72;
  const viewport = page.getViewport({ scale });
  const { width, height } = canvasSize(page, scale);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  await page.render({ canvas: canvas as unknown as HTMLCanvasElement, canvasContext: ctx as unknown as CanvasRenderingContext2D, viewport, background: 'rgb(255,255,255)' } as never).promise;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y += STRIP_ROWS) {
    const rows = Math.min(STRIP_ROWS, height - y);
    const rgba = ctx.getImageData(0, y, width, rows).data;
    toGray(rgba, width * rows, data.subarray(y * width, (y + rows) * width));
  }
  return rendered(page, dpi, data);
}

/** Pixel size of the canvas a page is drawn on at `scale` pixels per point. */
function canvasSize(page: PDFPageProxy, scale: number): { width: number; height: number } {
  const viewport = page.getViewport({ scale });
  return { width: Math.ceil(viewport.width), height: Math.ceil(viewport.height) };
}

/** A page's grey pixels at `dpi` with what maps them back to points. */
function rendered(page: PDFPageProxy, dpi: number, data: Uint8Array): RenderedPage {
  const scale = dpi / 72;
  const base = page.getViewport({ scale: 1 });
  return { ...canvasSize(page, scale), data, dpi, scale, pageWidth: base.width, pageHeight: base.height };
}

/** Renders one page at `dpi` to 8-bit grayscale (white background). */
export async function renderPageGray(page: PDFPageProxy, dpi = 200): Promise<RenderedPage> {
  return renderPage(page, dpi, (rgba, n, out) => out.set(rgbaToGray(rgba, n)));
}

export interface OcrRenderOptions {
  /**
   * 'native' (default): render at the resolution of the page's scan image (see
   * preprocess/resolution.ts); 'fixed': always at `dpi`.
   */
  resolution?: 'native' | 'fixed';
  /** Resolution for pages without a scan image, or for every page with resolution 'fixed' (default 300). */
  dpi?: number;
  limits?: RenderDpiLimits;
  /** Drop red and blue seals and stamps to paper (default true). */
  dropout?: boolean;
}

/** A page rendered for OCR, with the native resolution of its scan image when it has one. */
export interface OcrRender extends RenderedPage {
  nativeDpi?: number;
}

/**
 * Renders a page for OCR: at its scan's own resolution (one image pixel = one render pixel when
 * the limits allow), in colour, with red/blue seals dropped while converting to grayscale.
 */
export async function renderPageForOcr(page: PDFPageProxy, opts: OcrRenderOptions = {}): Promise<OcrRender> {
  const fallback = opts.dpi ?? 300;
  const base = page.getViewport({ scale: 1 });
  let native: number | undefined;
  let direct: ((dpi: number) => Promise<Uint8Array | undefined>) | undefined;
  const dropout = opts.dropout ?? true;
  const toGray = dropout ? (rgba: ArrayLike<number>, n: number, out: Uint8Array) => void rgbaToGrayDropout(rgba, n, out) : (rgba: ArrayLike<number>, n: number, out: Uint8Array) => out.set(rgbaToGray(rgba, n));
  if ((opts.resolution ?? 'native') === 'native') {
    const { OPS } = await import('../pdf/pdfjs.js');
    const ops = await page.getOperatorList();
    const codes = OPS as unknown as Record<string, number>;
    const placed = placedImages(ops, codes);
    native = nativeDpi(placed, base.width * base.height);
    direct = (dpi) => directImageGray(page, ops, codes, placed, dpi / 72, canvasSize(page, dpi / 72), toGray);
  }
  const dpi = opts.resolution === 'fixed' ? fallback : renderDpi(native, fallback, base.width, base.height, opts.limits);
  const pixels = await direct?.(dpi);
  const img = pixels ? rendered(page, dpi, pixels) : await renderPage(page, dpi, toGray);
  return native !== undefined ? { ...img, nativeDpi: native } : img;
}

/** ITU-R BT.601 luma of RGBA pixels (alpha composited over white). */
export function rgbaToGray(rgba: ArrayLike<number>, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    const a = rgba[j + 3];
    const y = (rgba[j] * 299 + rgba[j + 1] * 587 + rgba[j + 2] * 114) / 1000;
    out[i] = a === 255 ? Math.round(y) : Math.round((y * a + 255 * (255 - a)) / 255);
  }
  return out;
}

/** Encodes a grayscale image as binary PGM (P5): cheap, and Leptonica (tesseract) reads it. */
export function encodePgm(img: GrayImage): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${img.width} ${img.height}\n255\n`);
  const out = new Uint8Array(header.length + img.data.length);
  out.set(header, 0);
  out.set(img.data, header.length);
  return out;
}

/** A grayscale image on a canvas, ready to encode. */
function grayCanvas(img: GrayImage) {
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  const id = ctx.createImageData(img.width, img.height);
  for (let i = 0, j = 0; i < img.data.length; i++, j += 4) {
    id.data[j] = id.data[j + 1] = id.data[j + 2] = img.data[i];
    id.data[j + 3] = 255;
  }
  ctx.putImageData(id, 0, 0);
  return canvas;
}

/** Encodes a grayscale image as PNG (for debugging and fixtures). */
export async function encodePng(img: GrayImage): Promise<Buffer> {
  return grayCanvas(img).encode('png');
}

/** Encodes a grayscale image as JPEG (scanned fixtures). */
export function encodeJpeg(img: GrayImage, quality: number): Buffer {
  return grayCanvas(img).encodeSync('jpeg', quality);
}
