import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { ContentStore, sha256Hex } from '../harvest/store.js';
import type { DocumentRecord } from '../../schemas/record.js';

/** Where a record's source document was found, or why it was not. */
export type SourceLookup = { ok: true; path: string; bytes: Uint8Array } | { ok: false; reason: string };

/**
 * Finds the document a record was extracted from, so the report can show its pages: the record's
 * `sourcePath` (as given on the command line: absolute, or relative to where extract ran, which we
 * try as the current directory and the records' folder), then a harvest's content store
 * (`<dir>/.juesuan/store`) in the record's folder or any folder above it up to `inDir`. A file is
 * used only if its sha256 is the record's: a source edited since would put the boxes on the wrong text.
 */
export async function locateSource(record: DocumentRecord, recordPath: string, inDir: string): Promise<SourceLookup> {
  const sha = record.provenance.sha256;
  const candidates: string[] = [];
  const sp = record.provenance.sourcePath;
  if (sp) candidates.push(isAbsolute(sp) ? sp : resolve(sp), ...(isAbsolute(sp) ? [] : [resolve(inDir, sp)]));
  const root = resolve(inDir);
  for (let d = resolve(dirname(recordPath)); ; d = dirname(d)) {
    candidates.push(new ContentStore(join(d, '.juesuan', 'store')).pathOf(sha));
    const rel = relative(root, d);
    if (!rel || rel.startsWith('..') || dirname(d) === d) break;
  }
  let mismatch: string | null = null;
  for (const c of [...new Set(candidates)]) {
    if (!existsSync(c)) continue;
    const bytes = new Uint8Array(await readFile(c));
    if (sha256Hex(bytes) === sha) return { ok: true, path: c, bytes };
    mismatch ??= c;
  }
  if (mismatch) return { ok: false, reason: `${mismatch} has changed since it was extracted (sha256 differs)` };
  return { ok: false, reason: `source not found (${sp ?? 'no source path'}; no content store with ${sha.slice(0, 12)}…)` };
}
