import iconv from 'iconv-lite';

/**
 * Decode an HTML page: charset from the Content-Type header, then `<meta charset>` /
 * `<meta http-equiv content="…charset=…">` in the first 2 KiB, then a BOM, then detection
 * (valid UTF-8, else GB18030). Every GB* label decodes as GB18030 (a superset of GBK and GB2312).
 */
export function decodeHtml(bytes: Uint8Array, contentType?: string | null): { text: string; encoding: string; source: 'header' | 'meta' | 'bom' | 'detected' } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return { text: buf.subarray(3).toString('utf8'), encoding: 'utf-8', source: 'bom' };
  }
  const fromHeader = charsetFromContentType(contentType);
  if (fromHeader) {
    const enc = normaliseCharset(fromHeader);
    if (enc) return { text: decodeAs(buf, enc), encoding: enc, source: 'header' };
  }
  const head = buf.subarray(0, 4096).toString('latin1');
  const meta =
    /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head)?.[1];
  if (meta) {
    const enc = normaliseCharset(meta);
    if (enc) return { text: decodeAs(buf, enc), encoding: enc, source: 'meta' };
  }
  const enc = isValidUtf8(buf) ? 'utf-8' : 'gb18030';
  return { text: decodeAs(buf, enc), encoding: enc, source: 'detected' };
}

export function charsetFromContentType(ct?: string | null): string | undefined {
  if (!ct) return undefined;
  return /charset\s*=\s*["']?([\w-]+)/i.exec(ct)?.[1];
}

/** Map a charset label to a decoder name; GB2312/GBK/GB18030/x-gbk → gb18030. */
export function normaliseCharset(label: string): string | undefined {
  const l = label.trim().toLowerCase();
  if (/^(gb2312|gbk|gb18030|x-gbk|cp936|ms936|windows-936|euc-cn|csgb2312|gb_2312-80)$/.test(l)) return 'gb18030';
  if (l === 'utf8' || l === 'utf-8' || l === 'unicode-1-1-utf-8') return 'utf-8';
  if (iconv.encodingExists(l)) return l;
  return undefined;
}

function decodeAs(buf: Buffer, enc: string): string {
  if (enc === 'utf-8') return buf.toString('utf8');
  return iconv.decode(buf, enc);
}

function isValidUtf8(buf: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return true;
  } catch {
    return false;
  }
}
