import type { DocumentProcessor } from './types.js';

export async function defaultProcessor(ocr?: 'never' | 'auto' | 'always'): Promise<DocumentProcessor> {
  const p = await import('../pipeline/index.js');
  return {
    extract: (input) => p.extractDocument(input, ocr ? { ocr } : {}),
    emit: (record, outDir) => p.emitRecord(record as Parameters<typeof p.emitRecord>[0], outDir),
  };
}

export async function emitOnlyProcessor(): Promise<DocumentProcessor> {
  const { emitRecord } = await import('../pipeline/emit.js');
  return {
    extract: () => Promise.reject(new Error('extraction runs in the extract worker')),
    emit: (record, outDir) => emitRecord(record as Parameters<typeof emitRecord>[0], outDir),
  };
}

