/**
 * The one error the PDF reader raises for a document it cannot read. Its message always names the
 * file and says, in plain words, what is wrong with it (empty, not a PDF, truncated, encrypted…).
 */
export class DocumentReadError extends Error {
  constructor(
    public fileName: string,
    public reason: string,
  ) {
    super(`${fileName}: ${reason}`);
    this.name = 'DocumentReadError';
  }
}

/** A document that took longer than its time limit: not its own fault alone, so worth another try later. */
export class DocumentTimeLimitError extends DocumentReadError {
  constructor(fileName: string, reason: string) {
    super(fileName, reason);
    this.name = 'DocumentTimeLimitError';
  }
}

/** pdf.js exceptions are not real subclasses we can import safely; they are told apart by `name`. */
interface PdfjsErrorLike {
  name?: string;
  message?: string;
  code?: number;
}

/** Turns whatever pdf.js threw into a DocumentReadError with a reason a person can act on. */
export function mapPdfjsError(err: unknown, fileName: string): DocumentReadError {
  if (err instanceof DocumentReadError) return err;
  const e = (err ?? {}) as PdfjsErrorLike;
  const msg = typeof e.message === 'string' ? e.message : String(err);
  switch (e.name) {
    case 'PasswordException':
      return new DocumentReadError(
        fileName,
        e.code === 2
          ? 'the PDF is encrypted and the password given is wrong'
          : 'the PDF is encrypted (password protected); it cannot be read without the password',
      );
    case 'InvalidPDFException':
      return new DocumentReadError(fileName, `not a valid PDF (corrupt or truncated): ${msg}`);
    case 'ResponseException':
    case 'MissingPDFException':
      return new DocumentReadError(fileName, `the PDF data could not be loaded: ${msg}`);
    case 'FormatError':
      return new DocumentReadError(fileName, `the PDF is malformed: ${msg}`);
    case 'UnknownErrorException':
      return new DocumentReadError(fileName, `pdf.js failed to read the PDF: ${msg}`);
    default:
      return new DocumentReadError(fileName, `the PDF could not be read (${e.name ?? 'error'}: ${msg})`);
  }
}
