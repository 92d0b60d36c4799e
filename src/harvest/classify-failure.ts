import type { FetchResult } from './http.js';
import { ExtractWorkerError } from './extract-pool.js';
import { isRetryable, type FailureKind } from '../../schemas/failures.js';

/** Is a failed fetch worth trying again on a later run? (Transient: 5xx, 429, timeouts, network, truncation.) */
export function classifyFetchFailure(res: Pick<FetchResult, 'errorKind' | 'status' | 'error'>): { retryable: boolean; kind: FailureKind } {
  const kind = res.errorKind ?? 'http';
  // robots.txt answering 5xx / unreachable disallows everything for now: that passes.
  return { retryable: isRetryable(kind, { status: res.status, robotsUnreachable: /unreachable/i.test(res.error ?? '') }), kind };
}

/**
 * The kind of an extraction failure. Errors thrown in the worker arrive as RemoteExtractError with
 * their class name kept, so a DocumentReadError there is still told apart from a bug.
 */
export function extractFailureKind(e: unknown): FailureKind {
  if (e instanceof ExtractWorkerError) return 'worker';
  const name = (e as Error | undefined)?.name;
  return name === 'DocumentTimeLimitError' ? 'time-limit' : name === 'DocumentReadError' ? 'unreadable' : 'internal';
}
