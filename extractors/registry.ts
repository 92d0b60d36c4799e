/**
 * The one list of input formats: which readers exist, which file extensions and byte signatures they
 * take, and which formats are recognised but not readable yet. The pipeline (what to read a file with),
 * `extract` (which files of a folder to take) and the harvest (which links are documents, whether the
 * downloaded bytes are what the URL promises) all ask here.
 */
import { createRequire } from 'node:module';
import type { DocumentLayout } from './layout.js';
import { DocumentReadError } from './pdf/errors.js';
import { isEncryptedPackage, isOle, isZip, oleNames, zipDirectory } from './office/container.js';
import { ExtractLimitsSchema, type ExtractLimits } from '../schemas/limits.js';

export type ReaderKind = 'pdf' | 'text' | 'html' | 'spreadsheet' | 'word' | 'ofd';

export interface ReadContext {
  fileName: string;
  /** reads a PDF (the pipeline passes its OCR options along) */
  pdf: (bytes: Uint8Array) => Promise<DocumentLayout>;
  /** limits of the extraction (office containers: unpacked size, cells) */
  limits?: ExtractLimits;
}

export interface Format {
  /** what the format is called in messages */
  name: string;
  extensions: string[];
  /** true when the bytes carry the format's signature (used before the extension: content wins) */
  sniff(bytes: Uint8Array): boolean;
  /** a link to a file of this format is a document to download (harvest) */
  attachment: boolean;
}

export interface Reader extends Format {
  kind: ReaderKind;
  /** parsed whole in memory (office containers): the maxOfficeBytes limit applies */
  office?: boolean;
  read(bytes: Uint8Array, ctx: ReadContext): Promise<DocumentLayout>;
}

const head = (b: Uint8Array, n = 1024) => Buffer.from(b.subarray(0, n)).toString('latin1');
const looksHtml = (b: Uint8Array) => /^\s*(?:<!doctype\s+html|<html|<head|<\?xml[^>]*>\s*<html)/i.test(head(b)) || /<html[\s>]/i.test(head(b));

export const READERS: Reader[] = [
  {
    kind: 'pdf',
    name: 'PDF',
    extensions: ['.pdf'],
    attachment: true,
    sniff: (b) => head(b).includes('%PDF-'),
    read: (bytes, ctx) => ctx.pdf(bytes),
  },
  {
    kind: 'html',
    name: 'HTML page',
    extensions: ['.html', '.htm', '.shtml'],
    attachment: false,
    sniff: looksHtml,
    read: async (bytes, ctx) => {
      const { readHtmlLayout } = await import('./html/index.js');
      return readHtmlLayout(decodeText(bytes, ctx.fileName));
    },
  },
  {
    kind: 'text',
    name: 'converter text',
    extensions: ['.txt', '.text'],
    attachment: false,
    // Text has no signature: taken by its extension only.
    sniff: () => false,
    read: async (bytes, ctx) => {
      const { readTextLayout } = await import('./text/index.js');
      return readTextLayout(decodeText(bytes, ctx.fileName));
    },
  },
  {
    kind: 'spreadsheet',
    name: 'Excel/WPS workbook',
    extensions: ['.xlsx', '.xlsm', '.xls', '.et'],
    attachment: true,
    office: true,
    sniff: isWorkbookBytes,
    read: async (bytes, ctx) => {
      const { readWorkbookLayout } = await import('./office/sheet.js');
      return readWorkbookLayout(bytes, ctx.fileName, ctx.limits ?? ExtractLimitsSchema.parse({}));
    },
  },
  {
    kind: 'word',
    name: 'Word/WPS document',
    extensions: ['.docx', '.doc', '.wps'],
    attachment: true,
    office: true,
    sniff: isWordBytes,
    read: async (bytes, ctx) => {
      const { readWordLayout } = await import('./office/word.js');
      return readWordLayout(bytes, ctx.fileName, ctx.limits ?? ExtractLimitsSchema.parse({}));
    },
  },
  {
    kind: 'ofd',
    name: 'OFD document',
    extensions: ['.ofd'],
    attachment: true,
    office: true,
    sniff: (b) => !!zipDirectory(b)?.has('OFD.xml'),
    read: async (bytes, ctx) => {
      const { readOfdLayout } = await import('./ofd/index.js');
      return readOfdLayout(bytes, ctx.fileName, ctx.limits ?? ExtractLimitsSchema.parse({}));
    },
  },
];

function isWorkbookBytes(b: Uint8Array): boolean {
  const dir = zipDirectory(b);
  if (dir) return dir.has('xl/workbook.xml') || dir.has('xl/workbook.bin');
  const names = oleNames(b);
  return !!names && (names.has('workbook') || names.has('book'));
}

function isWordBytes(b: Uint8Array): boolean {
  const dir = zipDirectory(b);
  if (dir) return dir.has('word/document.xml');
  return !!oleNames(b)?.has('worddocument');
}

/**
 * Formats governments publish in that no reader takes: named, never guessed. `sniff` checks the
 * container the extension promises.
 */
export const NOT_YET_READABLE: Format[] = [
  { name: 'WPS presentation', extensions: ['.dps'], attachment: true, sniff: (b) => isOle(b) || isZip(b) },
];

/** Files recognised by their bytes that are refused with a reason whatever they are called. */
const REFUSED: Array<{ sniff: (b: Uint8Array) => boolean; reason: string }> = [
  { sniff: isEncryptedPackage, reason: 'a password-protected (encrypted) Office document: not read' },
];

/** Containers recognised by their bytes alone, whatever the file is called. */
const CONTAINERS: Format[] = [
  { name: 'Office document (OLE compound file: .doc/.xls/.wps)', extensions: [], attachment: false, sniff: isOle },
  { name: 'zip archive (not .docx/.xlsx/.ofd)', extensions: [], attachment: false, sniff: isZip },
];

export const extensionOf = (fileName: string): string => /(\.[a-z0-9]+)$/i.exec(fileName.replace(/^.*[\\/]/, ''))?.[1]?.toLowerCase() ?? '';

/** Extensions of every format a harvest link may point to (PDF and the office formats). */
export const ATTACHMENT_EXTENSIONS: string[] = [...READERS, ...NOT_YET_READABLE].filter((f) => f.attachment).flatMap((f) => f.extensions);

/** What juesuan makes of a file name alone (choosing files in a folder). */
export function formatByName(fileName: string): { readable: true; reader: Reader } | { readable: false; format: Format } | null {
  const ext = extensionOf(fileName);
  const reader = READERS.find((r) => r.extensions.includes(ext));
  if (reader) return { readable: true, reader };
  const format = NOT_YET_READABLE.find((f) => f.extensions.includes(ext));
  return format ? { readable: false, format } : null;
}

const READABLE_LIST = READERS.flatMap((r) => r.extensions).join(', ');

/**
 * The reader for these bytes, by content first and then by extension; a DocumentReadError naming the
 * file and what it is otherwise. `note` says when content and name disagree (an HTML page saved as .pdf).
 */
export function chooseReader(bytes: Uint8Array, fileName: string): { reader: Reader; note?: string } {
  if (bytes.length === 0) throw new DocumentReadError(fileName, 'the file is empty (0 bytes)');
  const ext = extensionOf(fileName);
  const byName = formatByName(fileName);
  const refused = REFUSED.find((r) => r.sniff(bytes));
  if (refused) throw new DocumentReadError(fileName, refused.reason);
  const byContent = READERS.find((r) => r.sniff(bytes));
  if (byContent) {
    if (byName?.readable && byName.reader !== byContent) {
      const what = `${byContent.name === 'HTML page' ? 'an' : 'a'} ${byContent.name} saved as ${ext}`;
      if (byContent.kind === 'html') {
        const error = htmlErrorPage(bytes, fileName);
        if (error) throw new DocumentReadError(fileName, `not a ${byName.reader.name}: ${what}: ${error}`);
      }
      return { reader: byContent, note: what };
    }
    return { reader: byContent };
  }
  // An office file the content sniff did not recognise (corrupt, truncated, another file renamed): its reader says what is wrong.
  if (byName?.readable && byName.reader.office) return { reader: byName.reader };
  const other = (byName && !byName.readable && byName.format.sniff(bytes) ? byName.format : undefined) ?? CONTAINERS.find((f) => f.sniff(bytes)) ?? (byName && !byName.readable ? byName.format : undefined);
  if (other) throw new DocumentReadError(fileName, `recognised as ${other.name}${ext ? ` (${ext})` : ''}, not readable yet: juesuan reads ${READABLE_LIST}`);
  if (byName?.readable && byName.reader.kind === 'pdf') throw new DocumentReadError(fileName, 'not a PDF: it does not start with %PDF-');
  if (byName?.readable) return { reader: byName.reader };
  if (ext === '') return { reader: READERS.find((r) => r.kind === 'text')! };
  throw new DocumentReadError(fileName, `unsupported file type "${ext}" (juesuan reads ${READABLE_LIST})`);
}

/**
 * Why an HTML page is a server's error page rather than content (404/500 pages, "页面不存在"), or null.
 * Only error pages are refused: a real page saved under a wrong name is read and classified.
 */
function htmlErrorPage(bytes: Uint8Array, fileName: string): string | null {
  // cheerio (with undici) is loaded here, when a page is misnamed, not with the registry: chooseReader is synchronous.
  const cheerio = createRequire(import.meta.url)('cheerio') as typeof import('cheerio');
  const $ = cheerio.load(decodeText(bytes, fileName));
  $('script, style, noscript').remove();
  const title = $('title').first().text().replace(/\s+/g, ' ').trim();
  const text = $('body').text().replace(/\s+/g, ' ').trim();
  const ERROR = /\b(?:40[0-9]|50[0-9])\b|not\s*found|forbidden|error|页面不存在|找不到|无法访问|访问受限|出错|错误/i;
  if (ERROR.test(title) || (text.length < 300 && ERROR.test(text))) return `an error page from the server (${title || text.slice(0, 40) || 'no text'})`;
  if (text.length < 40) return `an almost empty page (${text.length} characters of text)`;
  return null;
}

/** UTF-8 (with or without BOM); files that are not valid UTF-8 are read as GB18030, the superset of GBK/GB2312. */
export function decodeText(bytes: Uint8Array, fileName: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    try {
      return new TextDecoder('gb18030', { fatal: true }).decode(bytes);
    } catch {
      throw new DocumentReadError(fileName, 'the text is neither UTF-8 nor GB18030/GBK (binary file?)');
    }
  }
}
