import { readFile, stat } from 'node:fs/promises';
import { DocumentReadError } from '../../extractors/pdf/errors.js';
import type { Reader } from '../../extractors/registry.js';
import { ExtractLimitsSchema, type ExtractLimits } from '../../schemas/limits.js';

/** A file over the input limit is refused before it is read into memory. */
export async function checkSize(file: string, limits: ExtractLimits): Promise<void> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (err) {
    throw cannotOpen(file, err);
  }
  refuseOversize(file, size, limits);
}

/** The bytes of an input file, after its size is checked; a DocumentReadError naming the file when it cannot be read. */
export async function readInputFile(file: string, limits: ExtractLimits): Promise<Uint8Array> {
  await checkSize(file, limits);
  try {
    return new Uint8Array(await readFile(file));
  } catch (err) {
    throw cannotOpen(file, err);
  }
}

const cannotOpen = (file: string, err: unknown) => new DocumentReadError(file, `cannot open the file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);

export function extractLimits(partial: Partial<ExtractLimits> = {}): ExtractLimits {
  return ExtractLimitsSchema.parse(partial);
}

const mib = (n: number) => (n < 10 * 1024 ? `${n} bytes` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`);

/**
 * Throws a DocumentReadError when a document of `size` bytes is over the limits: any document
 * over maxInputBytes; a text or HTML one (when its reader is known) over maxTextBytes.
 */
export function refuseOversize(fileName: string, size: number, limits: ExtractLimits, reader?: Reader): void {
  if (size > limits.maxInputBytes) throw new DocumentReadError(fileName, `${mib(size)} is over the input limit of ${mib(limits.maxInputBytes)} (maxInputBytes): not read`);
  if (reader && (reader.kind === 'text' || reader.kind === 'html') && size > limits.maxTextBytes) {
    throw new DocumentReadError(fileName, `a ${reader.name} document of ${mib(size)} is over the text limit of ${mib(limits.maxTextBytes)} (maxTextBytes): not read`);
  }
  if (reader && reader.office && size > limits.maxOfficeBytes) {
    throw new DocumentReadError(fileName, `a ${reader.name} of ${mib(size)} is over the office-document limit of ${mib(limits.maxOfficeBytes)} (maxOfficeBytes): not read`);
  }
}
