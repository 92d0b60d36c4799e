import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../files/atomic.js';

/** A rendered page image and the page size it maps back to (PDF points). */
export const PageImageSchema = z.object({
  page: z.number().int(),
  file: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  pageWidth: z.number(),
  pageHeight: z.number(),
});
export type PageImage = z.infer<typeof PageImageSchema>;

/** What was rendered into a folder, so a re-run renders only what is new. */
const PagesManifestSchema = z.object({ sha256: z.string(), dpi: z.number(), pages: z.array(PageImageSchema) });

const MANIFEST = 'pages.json';

/**
 * Renders the given pages of a PDF to grey JPEGs in `dir` (`p<N>.jpg`), at `dpi`. Pages already
 * rendered from the same document at the same resolution are kept as they are: the report is
 * re-run after every extract, the pages rarely change, and rendering is its slow part.
 */
export async function renderPages(bytes: Uint8Array, sha256: string, pages: number[], dir: string, dpi: number): Promise<{ images: PageImage[]; rendered: number }> {
  await mkdir(dir, { recursive: true });
  const old = await readManifest(join(dir, MANIFEST));
  const kept = old && old.sha256 === sha256 && old.dpi === dpi ? old.pages.filter((p) => existsSync(join(dir, p.file))) : [];
  const have = new Map(kept.map((p) => [p.page, p]));
  const todo = [...new Set(pages)].filter((p) => !have.has(p)).sort((a, b) => a - b);
  if (todo.length) {
    // The OCR renderer: the same pdf.js options (CJK cMaps, JBIG2/JPX decoders) and CJK fonts.
    const { openPdfForOcr, renderPageGray, encodeJpeg } = await import('../../extractors/ocr/render.js');
    const doc = await openPdfForOcr(bytes);
    try {
      for (const n of todo) {
        if (n < 1 || n > doc.numPages) continue;
        const page = await doc.getPage(n);
        const img = await renderPageGray(page, dpi);
        const file = `p${n}.jpg`;
        await writeFileAtomic(join(dir, file), encodeJpeg(img, 82));
        have.set(n, { page: n, file, width: img.width, height: img.height, pageWidth: img.pageWidth, pageHeight: img.pageHeight });
        page.cleanup();
      }
    } finally {
      await doc.destroy();
    }
  }
  const images = [...have.values()].sort((a, b) => a.page - b.page);
  await writeFileAtomic(join(dir, MANIFEST), JSON.stringify({ sha256, dpi, pages: images }, null, 1));
  return { images, rendered: todo.length };
}

async function readManifest(path: string): Promise<z.infer<typeof PagesManifestSchema> | null> {
  try {
    return PagesManifestSchema.parse(JSON.parse(await readFile(path, 'utf8')));
  } catch {
    return null;
  }
}
