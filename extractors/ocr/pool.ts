/**
 * A pool of tesseract.js workers for OCR'ing pages.
 *
 *   const ocr = await createOcrEngine({ workers: 2, recycleAfter: 20 });
 *   const page: LayoutPage = await ocr.readPage(pdfPage, pageNumber);
 *   await ocr.close();
 *
 * Each page is rendered at its scan's own resolution (red/blue seals dropped on request; render.ts),
 * turned upright and deskewed (preprocess/), read, and its boxes mapped back to the original page.
 * One page's line images are spread over all workers. tesseract's wasm heap only grows, so a
 * worker is terminated and replaced (lazily, when next needed) after it has worked on
 * `recycleAfter` pages.
 */
import os from 'node:os';
import type { PDFPageProxy } from 'pdfjs-dist/types/src/display/api.js';
import type { LayoutPage } from '../layout.js';
import { createTesseractWorker, readRenderedPage, recognizeLine, type ChiSimModel, type LineMode, type LineReading, type OcrWorker } from './recognize.js';
import { layoutToOriginal, preparePage } from './preprocess/index.js';
import { renderPageForOcr, type GrayImage, type RenderedPage } from './render.js';

export interface OcrEngineOptions {
  /** Number of tesseract workers (default: os.availableParallelism()). */
  workers?: number;
  /** Replace a worker after it has worked on this many pages (default 25). */
  recycleAfter?: number;
  /**
   * 'native' (default): each page at the resolution of its scan image, within [150, 400] dpi and a
   * pixel cap; 'fixed': every page at `dpi`.
   */
  resolution?: 'native' | 'fixed';
  /** Render resolution of pages without a scan image, or of all pages with resolution 'fixed' (default 300). */
  dpi?: number;
  /**
   * Drop red and blue seals and stamps before reading (default true): a seal's ring would be read
   * as ruling lines and its ink over cells as text. It also drops red letterheads (红头), so the
   * issuer of a notice is taken from its other lines (src/identity); applying dropout to table
   * regions only would need the grid finder to take two images.
   */
  dropout?: boolean;
  model?: ChiSimModel;
}

export interface OcrEngine {
  /** Renders and OCRs one PDF page. */
  readPage(page: PDFPageProxy, pageNumber: number): Promise<LayoutPage>;
  /** OCRs an already rendered page image (turned upright and deskewed first). */
  readImage(image: RenderedPage, pageNumber: number): Promise<LayoutPage>;
  /** Reads one line image (PSM 7). */
  readLine(image: GrayImage, mode?: LineMode): Promise<LineReading>;
  /** Workers started so far (including replaced ones), for tests and stats. */
  readonly stats: { workersStarted: number; workersRecycled: number; pages: number; lines: number };
  close(): Promise<void>;
}

interface Slot {
  ow?: OcrWorker;
  starting?: Promise<OcrWorker>;
  busy: boolean;
  pages: number;
  /** Page ids this worker touched since it was last counted. */
  touched: Set<number>;
}

export async function createOcrEngine(opts: OcrEngineOptions = {}): Promise<OcrEngine> {
  const n = Math.max(1, opts.workers ?? os.availableParallelism());
  const recycleAfter = Math.max(1, opts.recycleAfter ?? 25);
  const dpi = opts.dpi ?? 300;
  const slots: Slot[] = Array.from({ length: n }, () => ({ busy: false, pages: 0, touched: new Set<number>() }));
  const waiters: Array<(s: Slot) => void> = [];
  const stats = { workersStarted: 0, workersRecycled: 0, pages: 0, lines: 0 };
  let closed = false;
  let pageSeq = 0;

  const ensureWorker = async (slot: Slot): Promise<OcrWorker> => {
    if (slot.ow && slot.pages >= recycleAfter) {
      const old = slot.ow;
      slot.ow = undefined;
      slot.pages = 0;
      stats.workersRecycled++;
      await old.worker.terminate();
    }
    if (slot.ow) return slot.ow;
    slot.starting ??= createTesseractWorker(opts.model).then((ow) => {
      stats.workersStarted++;
      slot.ow = ow;
      slot.starting = undefined;
      return ow;
    });
    return slot.starting;
  };

  // Start the workers now (in parallel) so errors (missing language data) surface at creation.
  await Promise.all(slots.map((s) => ensureWorker(s)));

  const acquire = (): Promise<Slot> => {
    if (closed) return Promise.reject(new Error('OCR engine is closed'));
    const free = slots.find((s) => !s.busy && s.ow) ?? slots.find((s) => !s.busy);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    return new Promise((resolve) => waiters.push(resolve));
  };
  const release = (slot: Slot) => {
    const next = waiters.shift();
    if (next) next(slot);
    else slot.busy = false;
  };

  const runLine = (page: number) => async (img: GrayImage, mode: LineMode): Promise<LineReading> => {
    const slot = await acquire();
    try {
      const ow = await ensureWorker(slot);
      slot.touched.add(page);
      stats.lines++;
      return await recognizeLine(ow, img, mode);
    } finally {
      release(slot);
    }
  };

  const finishPage = (page: number) => {
    stats.pages++;
    for (const s of slots) if (s.touched.delete(page)) s.pages++;
  };

  const readImage = async (image: RenderedPage, pageNumber: number): Promise<LayoutPage> => {
    const id = ++pageSeq;
    try {
      const run = runLine(id);
      const prep = await preparePage(image, { read: (img) => run(img, 'text') });
      return layoutToOriginal(prep, await readRenderedPage(prep.image, pageNumber, run, { flattened: prep.flattened }));
    } finally {
      finishPage(id);
    }
  };

  return {
    stats,
    readImage,
    async readPage(page, pageNumber) {
      const image = await renderPageForOcr(page, { resolution: opts.resolution, dpi, dropout: opts.dropout ?? true });
      return readImage(image, pageNumber);
    },
    readLine: (img, mode = 'text') => runLine(0)(img, mode),
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all(
        slots.map(async (s) => {
          const ow = s.ow ?? (s.starting ? await s.starting.catch(() => undefined) : undefined);
          s.ow = undefined;
          if (ow) await ow.worker.terminate();
        }),
      );
    },
  };
}
