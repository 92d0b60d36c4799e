import type { DocumentProcessor } from './types.js';
import type { ExtractLimits } from '../../schemas/limits.js';

/**
 * The real extractor (src/pipeline) as a worker-loadable processor module: the extract worker
 * imports a module like this one and calls `createProcessor(options)` (options must be cloneable).
 * One OCR engine serves every document the worker extracts, started on the first page that needs it.
 */
export async function createProcessor(options: { ocr?: 'never' | 'auto' | 'always'; limits?: Partial<ExtractLimits> } = {}): Promise<DocumentProcessor> {
  const p = await import('../pipeline/index.js');
  const ocrEngine = new p.SharedOcrEngine();
  return {
    extract: (input) => p.extractDocument(input, { ocrEngine, ...(options.ocr ? { ocr: options.ocr } : {}), ...(options.limits ? { limits: options.limits } : {}) }),
    emit: (record, outDir) => p.emitRecord(record as Parameters<typeof p.emitRecord>[0], outDir),
  };
}
