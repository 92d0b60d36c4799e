/**
 * Word 97-2003 (.doc) and WPS (.wps) documents — OLE compound files with a WordDocument stream — read
 * with word-extractor, which decodes the piece table into the document's text in order: paragraphs
 * end with a line break, table cells with a tab. Lines with tabs are table rows, read like converter
 * text (extractors/text: header spans inferred by the assembler, since the binary cell widths are not
 * decoded); the rest are paragraphs.
 */
import WordExtractor from 'word-extractor';
import type { DocumentLayout } from '../layout.js';
import { DocumentReadError } from '../pdf/errors.js';
import { readTextLayout } from '../text/index.js';
import { oleNames } from './container.js';

export async function readDocLayout(bytes: Uint8Array, fileName: string): Promise<DocumentLayout> {
  if (!oleNames(bytes)?.has('worddocument')) throw new DocumentReadError(fileName, 'an OLE compound file without a WordDocument stream: not a Word/WPS document (or it is corrupt)');
  let body: string;
  try {
    body = (await new WordExtractor().extract(Buffer.from(bytes))).getBody();
  } catch (err) {
    const msg = (err as Error).message ?? String(err);
    if (/encrypt|password/i.test(msg)) throw new DocumentReadError(fileName, `the document is password-protected (encrypted): not read (${msg})`);
    throw new DocumentReadError(fileName, `the Word document is corrupt or cannot be read: ${msg}`);
  }
  const layout = readTextLayout(body);
  for (const page of layout.pages) {
    page.source = 'word';
    for (const b of page.blocks) if (b.kind === 'text' && b.line) b.address = `line${b.line}`;
  }
  return layout;
}
