/** Check that downloaded bytes are plausibly the document the URL promises. */
export function sniffDocument(bytes: Uint8Array, fileName: string, contentType?: string): { ok: true; type: string } | { ok: false; reason: string } {
  if (bytes.byteLength === 0) return { ok: false, reason: 'empty body' };
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const ct = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const looksHtml = /^\s*(<!doctype\s+html|<html|<head|<body|<\?xml[^>]*>\s*<html|<meta|<script|<title)/i.test(head) || /<html[\s>]/i.test(head);
  if (looksHtml) return { ok: false, reason: `HTML page served instead of a .${ext || '?'} document (Content-Type: ${ct || 'none'})` };
  const isPdf = head.includes('%PDF-');
  if (ext === 'pdf' || (!ext && ct === 'application/pdf')) {
    if (!isPdf) return { ok: false, reason: `not a PDF: no %PDF- header (Content-Type: ${ct || 'none'})` };
    const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.byteLength - 2048))).toString('latin1');
    if (!tail.includes('%%EOF')) return { ok: false, reason: `truncated PDF: no %%EOF trailer (${bytes.byteLength} bytes)` };
    return { ok: true, type: 'pdf' };
  }
  const b = bytes;
  const ole = b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;
  const zip = b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
  if (['doc', 'xls', 'wps', 'et'].includes(ext) && !ole && !zip && !head.startsWith('{\\rtf') && !isPdf) {
    return { ok: false, reason: `not an office document: unknown signature for .${ext}` };
  }
  if (['docx', 'xlsx'].includes(ext) && !zip) return { ok: false, reason: `not an OOXML (.${ext}) file: no zip signature` };
  return { ok: true, type: isPdf ? 'pdf' : ext };
}
