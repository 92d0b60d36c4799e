import { createHash } from 'node:crypto';

/**
 * File systems limit each path segment to 255 bytes (ext4, XFS, Btrfs), not characters: 85 Chinese
 * characters are 255 bytes of UTF-8. Names that fitted before (up to 80 CJK characters) keep their
 * folder, so an earlier harvest's records are found again.
 */
export const MAX_SEGMENT_BYTES = 240;

/**
 * A folder or file name made safe for every common file system: no path separators, reserved or
 * control characters, no leading dot, at most MAX_SEGMENT_BYTES of UTF-8. A name that had to be cut
 * ends in `~` and 8 hex digits of the full name's sha256, so two long names that share their start
 * still get two folders. The full name is kept in the record itself.
 */
export function safeSegment(name: string, maxBytes = MAX_SEGMENT_BYTES): string {
  const clean = name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').replace(/^\.+/, '_') || '_';
  if (Buffer.byteLength(clean, 'utf8') <= maxBytes) return clean;
  const tag = `~${createHash('sha256').update(name).digest('hex').slice(0, 8)}`;
  let out = '';
  let bytes = 0;
  for (const ch of clean) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (bytes + n > maxBytes - tag.length) break;
    out += ch;
    bytes += n;
  }
  return out + tag;
}
