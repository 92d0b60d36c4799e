import { READERS, extensionOf, formatByName } from '../../extractors/registry.js';
import { isZip, zipDirectory } from '../../extractors/office/container.js';

/**
 * Check that downloaded bytes are plausibly the document the URL promises, with the formats of
 * extractors/registry.ts: an HTML page where a document was promised, a PDF without its header or
 * trailer, an office file without its container signature are refused with the reason.
 */
export function sniffDocument(bytes: Uint8Array, fileName: string, contentType?: string): { ok: true; type: string } | { ok: false; reason: string } {
  if (bytes.byteLength === 0) return { ok: false, reason: 'empty body' };
  const ext = extensionOf(fileName).slice(1);
  const ct = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const content = READERS.find((r) => r.sniff(bytes));
  if (content?.kind === 'html') return { ok: false, reason: `HTML page served instead of a .${ext || '?'} document (Content-Type: ${ct || 'none'})` };
  const named = formatByName(fileName);
  const pdfPromised = (named?.readable && named.reader.kind === 'pdf') || (!ext && ct === 'application/pdf');
  if (pdfPromised) {
    if (content?.kind !== 'pdf') return { ok: false, reason: `not a PDF: no %PDF- header (Content-Type: ${ct || 'none'})` };
    const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.byteLength - 2048))).toString('latin1');
    if (!tail.includes('%%EOF')) return { ok: false, reason: `truncated PDF: no %%EOF trailer (${bytes.byteLength} bytes)` };
    return { ok: true, type: 'pdf' };
  }
  if (content?.kind === 'pdf') return { ok: true, type: 'pdf' };
  if (named && !named.readable && !named.format.sniff(bytes)) return { ok: false, reason: `not a ${named.format.name}: unknown signature for .${ext}` };
  // An office attachment whose bytes are no office container (a truncated download, another file).
  if (named?.readable && named.reader.office && !content && isZip(bytes) && !zipDirectory(bytes)) return { ok: false, reason: `truncated or corrupt zip: no central directory (${bytes.byteLength} bytes)` };
  if (named?.readable && named.reader.office && !content) return { ok: false, reason: `not a ${named.reader.name}: unknown signature for .${ext}` };
  if (content?.office) return { ok: true, type: content.kind };
  return { ok: true, type: ext };
}
