import { z } from 'zod';

/**
 * Why a fetch, an item or a document failed: the closed vocabulary the ledger records in
 * `error_kind` (items, documents, fetches). Whether a kind is worth another try on a later run is
 * decided here, once (FAILURE_RETRYABLE), not by matching error messages.
 */
export const FailureKindSchema = z.enum([
  // fetching
  'timeout', // no answer (or no whole body) within timeoutMs
  'network', // connection refused or reset, DNS failure
  'http', // an HTTP error status (retryable: 408, 429, 5xx)
  'truncated', // the body ended before its Content-Length, or a PDF without %%EOF
  'too-large', // over maxBytes
  'redirect-loop',
  'too-many-redirects',
  'robots', // disallowed by robots.txt (retryable when robots.txt itself was unreachable)
  'retry-after-too-long', // a Retry-After beyond the wait limit: the host is paused
  'host-paused', // not asked: the host's pause is in force
  'blocked', // refused by the network policy (scheme, private address, off-site)
  'content', // not a document: an HTML page served as a PDF, a wrong signature
  // extracting and emitting
  'unreadable', // the document itself cannot be read (DocumentReadError: encrypted, corrupt, over a limit)
  'worker', // the extract worker crashed, ran out of memory or timed out: not the document's fault
  'time-limit', // reading the document passed maxDocumentSeconds (a loaded machine, or a hostile file)
  'emit', // the record could not be written (disk full, permissions)
  'local', // something on this machine failed while handling it (disk full, a killed lease): not the source's fault
  'internal', // a bug of ours: the same input fails the same way until a new version
]);
export type FailureKind = z.infer<typeof FailureKindSchema>;

/** Worth another try on a later run, per kind (`http` and `robots` depend on the status: see isRetryable). */
const FAILURE_RETRYABLE: Record<FailureKind, boolean> = {
  timeout: true,
  network: true,
  http: false,
  truncated: true,
  'too-large': false,
  'redirect-loop': false,
  'too-many-redirects': false,
  robots: false,
  'retry-after-too-long': true,
  'host-paused': true,
  blocked: false,
  content: false,
  unreadable: false,
  worker: true,
  'time-limit': true,
  emit: true,
  local: true,
  internal: false,
};

/** Is a failure of this kind worth another try on a later run? */
export function isRetryable(kind: FailureKind, detail: { status?: number | null; robotsUnreachable?: boolean } = {}): boolean {
  if (kind === 'http') {
    const s = detail.status ?? 0;
    return s === 0 || s === 408 || s === 429 || s >= 500;
  }
  if (kind === 'robots') return detail.robotsUnreachable === true;
  return FAILURE_RETRYABLE[kind];
}
