import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DocumentRecord } from '../../schemas/record.js';
import { writeFileAtomic } from '../files/atomic.js';
import { safeSegment } from '../files/names.js';

export interface EmitResult {
  path: string;
  /**
   * written: new record; unchanged: the same record was already there; updated: the same source
   * re-extracted (by a newer extractor); conflict: a *different* source already holds this
   * department/year, so the new record was written beside it under its sha256 and nothing was replaced.
   */
  status: 'written' | 'unchanged' | 'updated' | 'conflict';
}

/**
 * A department's own office ((本级)) and one budget unit (单位预算) are other accounts than the
 * department's (汇总) ones: they get their own record name, so neither is taken for a conflicting copy.
 */
export function scopeSuffix(scope: DocumentRecord['document']['scope']): string {
  return scope === 'own' || scope === 'unit' ? `.${scope}` : '';
}

/** output/<region>/<department>/<year>.<kind>[.own|.unit].json */
export function recordPath(record: DocumentRecord, outDir: string): string {
  const d = record.document;
  return join(outDir, safeSegment(d.region), safeSegment(d.departmentShort), `${d.year ?? 'unknown-year'}.${d.kind}${scopeSuffix(d.scope)}.json`);
}

/** Writes a record atomically (temp file + rename); never silently replaces another source's record. */
export async function emitRecord(record: DocumentRecord, outDir: string): Promise<EmitResult> {
  const path = recordPath(record, outDir);
  const body = `${JSON.stringify(record, null, 2)}\n`;
  const existing = await readExisting(path);
  if (existing === null) {
    await writeFileAtomic(path, body);
    return { path, status: 'written' };
  }
  if (existing.provenance?.sha256 === record.provenance.sha256) {
    if (sameContent(existing, record)) return { path, status: 'unchanged' };
    await writeFileAtomic(path, body);
    return { path, status: 'updated' };
  }
  const beside = path.replace(/\.json$/, `.${record.provenance.sha256.slice(0, 12)}.json`);
  const already = await readExisting(beside);
  if (already && sameContent(already, record)) return { path: beside, status: 'unchanged' };
  await writeFileAtomic(beside, body);
  return { path: beside, status: 'conflict' };
}

async function readExisting(path: string): Promise<DocumentRecord | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as DocumentRecord;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    // An unreadable file is kept as it is; the new record goes beside it.
    return { provenance: { sha256: 'unreadable' } } as unknown as DocumentRecord;
  }
}

/** Equal apart from when they were extracted. */
function sameContent(a: DocumentRecord, b: DocumentRecord): boolean {
  const strip = (r: DocumentRecord) => JSON.stringify({ ...r, provenance: { ...r.provenance, extractedAt: '' } });
  return strip(a) === strip(b);
}

