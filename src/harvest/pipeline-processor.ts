import type { DocumentProcessor } from './index.js';

/**
 * The real extractor (src/pipeline) as a worker-loadable processor module: the extract worker
 * imports a module like this one and calls `createProcessor(options)` (options must be cloneable).
 */
export async function createProcessor(options: { ocr?: 'never' | 'auto' | 'always' } = {}): Promise<DocumentProcessor> {
  const p = await import('../pipeline/index.js');
  return {
    extract: (input) => p.extractDocument(input, options.ocr ? { ocr: options.ocr } : {}),
    emit: (record, outDir) => p.emitRecord(record as Parameters<typeof p.emitRecord>[0], outDir),
  };
}
