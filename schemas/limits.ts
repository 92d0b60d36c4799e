import { z } from 'zod';

/**
 * Resource limits of one extraction, with defaults safe for a 2-core, 4 GB machine. Real 决算
 * documents are far below them (the largest scanned ones are tens of MB, their text a few hundred
 * KB); the limits exist for hostile or broken inputs, which get a clear error naming the file.
 */
export const ExtractLimitsSchema = z.object({
  /** A document larger than this is not read (bytes; default 512 MiB). */
  maxInputBytes: z.number().int().positive().default(512 * 1024 * 1024),
  /** A text or HTML document larger than this is not read (bytes; default 32 MiB: text costs ~15× its size in memory). */
  maxTextBytes: z.number().int().positive().default(32 * 1024 * 1024),
  /**
   * A document still being read after this long is stopped at its next page and fails with a
   * DocumentTimeLimitError (seconds; default 15 min, as the harvest's extract worker limit).
   */
  maxDocumentSeconds: z.number().positive().default(15 * 60),
  /**
   * Pixels one document may render for OCR in all (default 2,000 M: about 230 A4 pages at 300 dpi);
   * later pages keep their text layer, with a warning. Each page is also capped (16 M pixels).
   */
  maxOcrPixels: z.number().positive().default(2e9),
  /**
   * Office and OFD documents (workbooks, Word files) are parsed whole in memory and synchronously:
   * one larger than this is not read (bytes; default 64 MiB — published ones are a few MB).
   */
  maxOfficeBytes: z.number().int().positive().default(64 * 1024 * 1024),
  /** What the parts of a zip container (.xlsx/.docx/.ofd) may unpack to in all (bytes; default 256 MiB): zip bombs. */
  maxUnzippedBytes: z.number().int().positive().default(256 * 1024 * 1024),
  /** Cells one workbook may hold (every cell SheetJS keeps: with text, a value or a style; default 2 M): a sheet that takes it over is not read. */
  maxSheetCells: z.number().int().positive().default(2_000_000),
  /**
   * Heap of one extract worker thread (`extract --jobs N` with N > 1), in MiB (default 1536: two
   * workers fit a 4 GB machine). A document that needs more fails alone; the worker is replaced.
   */
  maxWorkerHeapMb: z.number().int().positive().default(1536),
});
export type ExtractLimits = z.infer<typeof ExtractLimitsSchema>;

/** Limits of one harvest run (sources.yaml `defaults`). */
export const HarvestLimitsSchema = z.object({
  /** Links kept from one listing or detail page; the rest are dropped with a warning naming the page. */
  maxLinksPerPage: z.number().int().positive().default(5000),
  /** Items (detail pages, attachments) fetched in one run; the rest stay queued for the next run. */
  maxItemsPerRun: z.number().int().positive().default(20000),
});
export type HarvestLimits = z.infer<typeof HarvestLimitsSchema>;
