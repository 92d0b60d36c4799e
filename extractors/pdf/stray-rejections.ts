/**
 * pdf.js rejects some internal promises nobody awaits when a damaged PDF's cross-reference table
 * points at garbage (XRefEntryException "Bad (uncompressed) XRef entry", FormatError … raised while
 * it prefetches objects for a page already read). Node ≥ 15 ends the process on an unhandled
 * rejection, so one bad file in a batch of thousands would take the batch down (the fuzz test found
 * it). The document itself still gets its record or its DocumentReadError through the awaited calls;
 * these stray rejections carry nothing more, so they are dropped. Anything else keeps Node's default
 * behaviour: it is rethrown as an uncaught exception.
 */
const PDFJS_EXCEPTIONS = new Set([
  'XRefEntryException',
  'XRefParseException',
  'FormatError',
  'UnknownErrorException',
  'InvalidPDFException',
  'MissingPDFException',
  'PasswordException',
  'ResponseException',
  'AbortException',
  'MissingDataException',
]);

let installed = false;
let dropped = 0;

/** Stray pdf.js rejections dropped so far in this process (for tests and diagnostics). */
export function droppedPdfjsRejections(): number {
  return dropped;
}

export function guardStrayPdfjsRejections(): void {
  if (installed) return;
  installed = true;
  process.on('unhandledRejection', (reason) => {
    const name = (reason as { name?: unknown } | null)?.name;
    if (typeof name === 'string' && PDFJS_EXCEPTIONS.has(name)) {
      dropped++;
      return;
    }
    // Not pdf.js's: what Node would have done without this handler.
    process.nextTick(() => {
      throw reason;
    });
  });
}
