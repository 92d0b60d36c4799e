import { z } from 'zod';
import { GroundTruthSchema } from './facts.js';

/**
 * Ground truth of one scan of the scan corpus (scripts/make-scan-corpus.ts): the facts of the source
 * pages it contains, plus how the scan was made. The `facts` are in GroundTruthSchema's shape, so
 * src/evaluate/accuracy.ts compares them as for any fixture.
 */
export const SCAN_DEGRADATIONS = [
  'grey',
  'rgb-jpeg',
  'bilevel-g4',
  'skew',
  'noise-blur',
  'uneven-light',
  'grey-thin-lines',
  'red-seal',
  'landscape',
  'no-outer-border',
  'three-line',
  'unruled',
] as const;
export const ScanDegradationSchema = z.enum(SCAN_DEGRADATIONS);
export type ScanDegradation = z.infer<typeof ScanDegradationSchema>;

/** Who produced the born-digital page that was scanned. */
export const ScanProducerSchema = z.enum(['pdfkit', 'libreoffice-writer', 'libreoffice-calc', 'onlyoffice', 'other']);

/** Where the truth of the source page comes from. */
export const TruthOriginSchema = z.enum([
  /** a generated fixture's own truth (every cell known by construction) */
  'generated-truth',
  /** the born-digital extraction of a real document whose values are hand-checked in a test */
  'hand-checked-extraction',
  /** the cells written into the HTML the page was made from (taken from a generated fixture's truth) */
  'html-source',
  /** a producer fixture's own truth (test/fixtures/producers) */
  'producer-truth',
]);

export const ScanInfoSchema = z.object({
  degradation: ScanDegradationSchema,
  /** born-digital PDF that was rasterised (repository path); for `html`, the fixture the table came from */
  source: z.string(),
  /** the page was laid out by LibreOffice from HTML of this table of `source`, ruled in this style */
  html: z.object({ table: z.string(), style: z.enum(['ruled', 'grey-thin', 'no-outer', 'three-line']) }).optional(),
  /** its pages, in scan order */
  sourcePages: z.array(z.number().int().positive()),
  /** pages of the scan that are images (all of them here) */
  scannedPages: z.array(z.number().int().positive()),
  producer: ScanProducerSchema,
  truthFrom: TruthOriginSchema,
  dpi: z.number().int().positive(),
  /** the rasteriser */
  raster: z.enum(['pdftoppm', 'ghostscript']),
  /** image encoding inside the PDF */
  encoding: z.enum(['jpeg', 'flate', 'ccitt-g4']),
  /** the commands that made the image, in order, for the README */
  steps: z.array(z.string()),
});

export const ScanTruthSchema = GroundTruthSchema.extend({ scan: ScanInfoSchema });
export type ScanTruth = z.infer<typeof ScanTruthSchema>;
