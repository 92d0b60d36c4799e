import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { formatByName } from '../../extractors/registry.js';
import { DocumentReadError } from '../../extractors/pdf/errors.js';
import type { ExtractOptions } from '../pipeline/index.js';
import { emitRecord } from '../pipeline/emit.js';
import { checkSize, extractLimits } from '../pipeline/limits.js';
import type { DocumentRecord } from '../../schemas/record.js';
import type { ExtractLimits } from '../../schemas/limits.js';
import { sweepTempFiles } from '../files/atomic.js';
import { ExtractPool, harvestModuleUrl } from '../harvest/extract-pool.js';

export interface ExtractCommandOptions extends ExtractOptions {
  out: string;
  quiet?: boolean;
  /** documents extracted at once, each in its own worker thread (default 1: in this thread; the CLI's default is the number of cores) */
  jobs?: number;
}

/** How documents are read: in this thread one at a time, or in a pool of worker threads. */
interface Extractor {
  extract(file: string): Promise<DocumentRecord>;
  /** documents started ahead of the one whose result is taken next (results are taken in input order) */
  window: number;
  close(): Promise<void>;
}

export interface ExtractOutcome {
  file: string;
  ok: boolean;
  path?: string;
  /** `written`/`unchanged`/`updated`/`conflict`, or `other`: not a 决算 or 预算, so no record was written */
  status?: string;
  record?: DocumentRecord;
  error?: string;
}

/**
 * Expands directories into the files below them that a reader takes, or that the registry recognises
 * as a document format not readable yet (those are reported by name, as unreadable); keeps files as
 * given. Other files found in a folder are returned in `skipped`, to be reported by name.
 */
export async function expandInputs(inputs: string[]): Promise<string[]> {
  return (await expandInputsReporting(inputs)).files;
}

export async function expandInputsReporting(inputs: string[]): Promise<{ files: string[]; skipped: string[] }> {
  const out: string[] = [];
  const skipped: string[] = [];
  for (const input of inputs) {
    let info;
    try {
      info = await stat(input);
    } catch {
      out.push(input); // reported as unreadable by the caller, with the batch going on
      continue;
    }
    if (!info.isDirectory()) {
      out.push(input);
      continue;
    }
    const found = (await readdir(input, { recursive: true, withFileTypes: true })).map((e) => ({ e, path: join(e.parentPath ?? (e as unknown as { path: string }).path, e.name) }));
    // A link to a file counts as the file (a folder of links to a collection); links to folders are not followed.
    const isFile = async ({ e, path }: (typeof found)[number]) => e.isFile() || (e.isSymbolicLink() && (await stat(path).then((s) => s.isFile(), () => false)));
    const entries = (await Promise.all(found.map(async (f) => ((await isFile(f)) ? f.path : null)))).filter((p): p is string => p !== null).sort();
    for (const file of entries) (formatByName(file) ? out : skipped).push(file);
  }
  return { files: out, skipped };
}

/**
 * Extracts every input into a record under `out`, printing one summary line per document. A document
 * that cannot be read is reported and skipped; the others still complete.
 */
export async function runExtract(inputs: string[], opts: ExtractCommandOptions): Promise<ExtractOutcome[]> {
  const stdin = inputs.includes('-') ? await stdinToFile() : null;
  try {
    return await extractAll(
      inputs.map((i) => (i === '-' && stdin ? stdin.path : i)),
      opts,
      (file) => (file === stdin?.path ? STDIN : file),
    );
  } finally {
    if (stdin) await rm(stdin.dir, { recursive: true, force: true });
  }
}

/** `-` among the inputs: the document on standard input, named `stdin` in messages and in its record. */
const STDIN = 'stdin';

/** Standard input, read whole into a file of its own (the workers read documents by path). */
async function stdinToFile(): Promise<{ dir: string; path: string }> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const dir = await mkdtemp(join(tmpdir(), 'juesuan-stdin-'));
  const path = join(dir, STDIN);
  await writeFile(path, Buffer.concat(chunks));
  return { dir, path };
}

async function extractAll(inputs: string[], opts: ExtractCommandOptions, nameOf: (file: string) => string): Promise<ExtractOutcome[]> {
  const { files, skipped } = await expandInputsReporting(inputs);
  const outcomes: ExtractOutcome[] = [];
  const log = (line: string) => {
    if (!opts.quiet) process.stdout.write(`${line}\n`);
  };
  for (const p of await sweepTempFiles(opts.out)) process.stderr.write(`removed ${relative(process.cwd(), p)}: a record a killed run had not finished writing\n`);
  if (skipped.length) {
    const names = skipped.map((f) => relative(process.cwd(), f));
    process.stderr.write(`skipped ${skipped.length} file(s) of a type juesuan does not read: ${names.slice(0, 10).join(', ')}${names.length > 10 ? ', …' : ''}\n`);
  }
  const limits = extractLimits(opts.limits);
  const jobs = Math.max(1, Math.min(opts.jobs ?? 1, files.length));
  const extractor = jobs > 1 ? poolExtractor(jobs, opts, limits, nameOf) : await localExtractor(opts, limits, nameOf);
  try {
    // Documents run `window` ahead; each is written and reported in input order, so the records and
    // the summary lines do not depend on which worker finished first.
    const results: Array<Promise<DocumentRecord | { error: unknown }> | undefined> = [];
    const start = (i: number) => (results[i] = extractor.extract(files[i]!).catch((error: unknown) => ({ error })));
    let next = 0;
    while (next < Math.min(files.length, extractor.window)) start(next++);
    for (const [i, file] of files.entries()) {
      const result = await results[i]!;
      results[i] = undefined;
      if (next < files.length) start(next++);
      await finish(nameOf(file), result, files.length > 1 ? `[${i + 1}/${files.length}] ` : '');
    }
  } finally {
    await extractor.close();
  }

  async function finish(file: string, result: DocumentRecord | { error: unknown }, counter: string): Promise<void> {
    try {
      if ('error' in result) throw result.error;
      const record = result;
      if (record.document.kind === 'other') {
        // Not a 决算 or 预算 (a notice, an evaluation, a listing page): said why, no record written.
        outcomes.push({ file, ok: true, status: 'other', record });
        log(`${counter}○ ${file}: not a 决算 or 预算, no record written: ${record.document.kindReason}`);
        return;
      }
      const emitted = await emitRecord(record, opts.out);
      outcomes.push({ file, ok: true, path: emitted.path, status: emitted.status, record });
      log(`${counter}✓ ${file} → ${relative(process.cwd(), emitted.path)} [${emitted.status}]  ${summaryLine(record)}`);
    } catch (err) {
      const message = isReadError(err) ? (err as Error).message : `${file}: ${(err as Error).stack ?? err}`;
      outcomes.push({ file, ok: false, error: message });
      process.stderr.write(`${counter}✗ ${message}\n`);
    }
  }
  const failed = outcomes.filter((o) => !o.ok).length;
  const other = outcomes.filter((o) => o.status === 'other').length;
  log(
    `${outcomes.length - failed} of ${outcomes.length} document(s) extracted${other ? ` (${other} not a 决算 or 预算, no record)` : ''}${failed ? `, ${failed} could not be read` : ''}; records under ${opts.out}`,
  );
  return outcomes;
}

/** A DocumentReadError, also when thrown in a worker thread (re-created there by name). */
const isReadError = (err: unknown) => err instanceof DocumentReadError || ['DocumentReadError', 'DocumentTimeLimitError'].includes((err as Error)?.name);

/** One document at a time in this thread, with one OCR engine for the whole run. */
async function localExtractor(opts: ExtractCommandOptions, limits: ExtractLimits, nameOf: (file: string) => string): Promise<Extractor> {
  // The pipeline (pdf.js and the readers) is loaded in the thread that reads: here, or in each worker.
  const { SharedOcrEngine, extractFile } = await import('../pipeline/index.js');
  const ocrEngine = new SharedOcrEngine();
  return {
    window: 1,
    async extract(file) {
      const progress = pageProgress(file, opts.quiet);
      const record = await extractFile(file, { ...opts, limits, ocrEngine, onPage: progress.onPage }, source(file, nameOf));
      progress.done();
      return record;
    },
    close: () => ocrEngine.close(),
  };
}

/**
 * `jobs` worker threads (the harvest's extract pool), each reading one document at a time from its
 * file with its own OCR engine and a bounded heap (maxWorkerHeapMb). A worker that dies fails its
 * document only and is replaced.
 */
function poolExtractor(jobs: number, opts: ExtractCommandOptions, limits: ExtractLimits, nameOf: (file: string) => string): Extractor {
  const pool = new ExtractPool(
    { module: harvestModuleUrl('pipeline-processor'), options: { ocr: opts.ocr, limits } },
    jobs,
    // the document's own time limit stops it at a page boundary; this catches a worker stuck inside one
    (limits.maxDocumentSeconds + 60) * 1000,
    { maxOldGenerationSizeMb: limits.maxWorkerHeapMb },
  );
  return {
    window: jobs * 2,
    async extract(file) {
      await checkSize(file, limits);
      return (await pool.extract(file, source(file, nameOf))) as unknown as DocumentRecord;
    },
    close: () => pool.close(),
  };
}

/** The name a document is known by, and its path (none for standard input). */
function source(file: string, nameOf: (file: string) => string): { fileName: string; sourcePath?: string } {
  const name = nameOf(file);
  return name === file ? { fileName: file, sourcePath: file } : { fileName: name };
}

/** A one-line page counter on a terminal (stderr), for long or OCR'd documents; silent elsewhere. */
function pageProgress(file: string, quiet?: boolean) {
  const tty = process.stderr.isTTY && !quiet;
  let shown = false;
  let ocrPages = 0;
  return {
    onPage(done: number, total: number, how: 'text-layer' | 'ocr') {
      if (how === 'ocr') ocrPages++;
      if (!tty || (total < 10 && ocrPages === 0)) return;
      shown = true;
      const width = 24;
      const bar = '█'.repeat(Math.round((done / total) * width)).padEnd(width, '░');
      process.stderr.write(`\r  ${bar} page ${done}/${total}${ocrPages ? ` (${ocrPages} by OCR)` : ''}  ${file.slice(-40)}`);
    },
    done() {
      if (shown) process.stderr.write('\r\x1b[2K');
    },
  };
}

export function summaryLine(record: DocumentRecord): string {
  const s = record.summary;
  const d = record.document;
  const failed = record.checks.filter((c) => c.status === 'fail');
  const firstFail = failed[0] ? `  first failure: ${failed[0].rule} (差 ${failed[0].difference})` : '';
  return (
    `${d.department} ${d.year ?? '?'} ${d.kind}: tables ${s.tablesPresent} present, ${s.tablesEmpty} empty, ${s.tablesMissing} missing; ` +
    `cells ${s.cells}; checks ${s.checksPassed} passed, ${s.checksFailed} failed; warnings ${s.warnings}${firstFail}`
  );
}
