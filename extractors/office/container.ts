/**
 * The two containers office documents come in — zip (OOXML .xlsx/.docx, OFD) and OLE compound files
 * (.xls/.doc/.wps/.et, and encrypted OOXML) — opened with limits: names are read from the directory
 * only (cheap enough for sniffing), parts are inflated only when their declared sizes fit the limit.
 */
import CFB from 'cfb';
import { unzipSync } from 'fflate';
import { DocumentReadError } from '../pdf/errors.js';

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);
export const isOle = (b: Uint8Array): boolean => startsWith(b, OLE);
export const isZip = (b: Uint8Array): boolean => startsWith(b, ZIP);

const zipCache = new WeakMap<Uint8Array, Map<string, number> | null>();
const oleCache = new WeakMap<Uint8Array, Set<string> | null>();

/** Entry names of a zip and their declared unpacked sizes; null when the bytes are no readable zip. */
export function zipDirectory(bytes: Uint8Array): Map<string, number> | null {
  if (!isZip(bytes)) return null;
  if (zipCache.has(bytes)) return zipCache.get(bytes)!;
  let dir: Map<string, number> | null = new Map();
  try {
    unzipSync(bytes, {
      filter: (f) => {
        dir!.set(f.name, f.originalSize);
        return false;
      },
    });
  } catch {
    dir = null;
  }
  zipCache.set(bytes, dir);
  return dir;
}

/** Stream and storage names (lower case, without path) of an OLE compound file; null when it cannot be read. */
export function oleNames(bytes: Uint8Array): Set<string> | null {
  if (!isOle(bytes)) return null;
  if (oleCache.has(bytes)) return oleCache.get(bytes)!;
  let names: Set<string> | null;
  try {
    names = new Set(CFB.read(bytes, { type: 'buffer' }).FileIndex.map((e) => e.name.toLowerCase()));
  } catch {
    names = null;
  }
  oleCache.set(bytes, names);
  return names;
}

/** An OOXML package saved with a password: an OLE file holding EncryptionInfo and EncryptedPackage. */
export function isEncryptedPackage(bytes: Uint8Array): boolean {
  const names = oleNames(bytes);
  return !!names && names.has('encryptioninfo') && names.has('encryptedpackage');
}

/**
 * Unpacks the zip entries `want` selects, refusing (DocumentReadError) a corrupt zip or entries that
 * would unpack to more than `maxBytes` in all.
 */
export function unzipParts(bytes: Uint8Array, fileName: string, want: (name: string) => boolean, maxBytes: number): Record<string, Uint8Array> {
  const dir = zipDirectory(bytes);
  if (!dir) throw new DocumentReadError(fileName, 'the zip container is corrupt or truncated (no readable central directory)');
  checkUnzippedSize([...dir].filter(([n]) => want(n)).reduce((s, [, size]) => s + size, 0), fileName, maxBytes);
  try {
    return unzipSync(bytes, { filter: (f) => want(f.name) });
  } catch (err) {
    throw new DocumentReadError(fileName, `the zip container is corrupt: ${(err as Error).message}`);
  }
}

export function checkUnzippedSize(total: number, fileName: string, maxBytes: number): void {
  if (total > maxBytes) {
    throw new DocumentReadError(fileName, `its parts unpack to ${(total / 1024 / 1024).toFixed(1)} MiB, over the limit of ${(maxBytes / 1024 / 1024).toFixed(0)} MiB (maxUnzippedBytes): not read`);
  }
}

/** Text of a zip part (UTF-8, BOM dropped). */
export function partText(part: Uint8Array | undefined): string {
  return part ? new TextDecoder('utf-8').decode(part).replace(/^\uFEFF/, '') : '';
}
