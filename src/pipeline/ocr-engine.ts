import type { OcrEngine } from '../../extractors/ocr/pool.js';

/**
 * One OCR engine (a pool of tesseract.js workers) started on first need and shared by every document
 * of a run: starting workers costs seconds, and most documents never need them. The OCR stack
 * (tesseract.js, @napi-rs/canvas) is imported only then: a born-digital run never loads it.
 */
export class SharedOcrEngine {
  private engine: Promise<OcrEngine> | null = null;

  get = (): Promise<OcrEngine> => {
    this.engine ??= import('../../extractors/ocr/pool.js').then(({ createOcrEngine }) => createOcrEngine({ dpi: 200 }));
    return this.engine;
  };

  get started(): boolean {
    return this.engine !== null;
  }

  async close(): Promise<void> {
    const engine = this.engine;
    this.engine = null;
    if (engine) await (await engine).close();
  }
}
