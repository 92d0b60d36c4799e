/**
 * Line readings come from tesseract's hOCR alone (extractors/ocr/hocr.ts): on the line images of a
 * real scan, the words, boxes and confidences parsed from hOCR are those of the JSON blocks, and
 * every character gets its list of alternatives.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { wordsFromHocr } from '../extractors/ocr/hocr.js';
import { choicesFromHocr, createTesseractWorker, readRenderedPage, recognizeLine, type LineMode, type OcrWorker } from '../extractors/ocr/recognize.js';
import { encodePgm, openPdfForOcr, renderPageGray, type GrayImage } from '../extractors/ocr/render.js';

describe('line readings from hOCR', () => {
  let ow: OcrWorker;
  const lines: Array<{ img: GrayImage; mode: LineMode }> = [];
  beforeAll(async () => {
    ow = await createTesseractWorker();
    const doc = await openPdfForOcr(readFileSync(path.join(process.cwd(), 'test/fixtures/scanned/hubei-jiaoyu-p5-200dpi.pdf')));
    const img = await renderPageGray(await doc.getPage(1), 200);
    await doc.destroy();
    // The page's own line images, as the page reader hands them to tesseract.
    await readRenderedPage(img, 1, async (im, mode) => {
      if (mode !== 'block' && lines.length < 40) lines.push({ img: im, mode });
      return { text: '', confidence: 0 };
    });
  });
  afterAll(async () => {
    await ow?.worker.terminate();
  });

  it('gives the words, boxes and confidences of the JSON blocks, and alternatives for every character', async () => {
    expect(lines.length).toBe(40);
    let withAlternatives = 0;
    for (const { img, mode } of lines) {
      const reading = await recognizeLine(ow, img, mode); // sets the line parameters on the worker
      const res = await ow.worker.recognize(Buffer.from(encodePgm(img)), {}, { text: false, blocks: true, hocr: true });
      const json = (res.data.blocks ?? [])
        .flatMap((b) => b.paragraphs.flatMap((p) => p.lines))
        .flatMap((l) => l.words)
        .map((w) => ({ text: w.text, confidence: w.confidence, bbox: w.bbox, symbols: w.symbols.map((s) => ({ text: s.text, confidence: s.confidence, bbox: s.bbox })) }));
      expect(wordsFromHocr(res.data.hocr!)).toEqual(json);
      const chars = json.flatMap((w) => w.symbols).filter((s) => s.text.trim()).length;
      expect(choicesFromHocr(res.data.hocr!)).toHaveLength(chars);
      if (reading.alternatives) withAlternatives++;
    }
    // Every line reading with text keeps its per-character alternatives (identity repair needs them).
    expect(withAlternatives).toBeGreaterThan(30);
  });
});
