import { Agent, fetch } from 'undici';
import { HostPausedError, HostScheduler } from './host-scheduler.js';
import { schemeRefusal, type NetworkPolicy } from './network-policy.js';
import type { FailureKind } from '../../schemas/failures.js';

export const DEFAULT_USER_AGENT = 'juesuan-harvester/0.1 (+https://github.com/juesuan/juesuan; budget-disclosure research crawler)';

export interface FetchPolicy {
  userAgent: string;
  timeoutMs: number;
  maxBytes: number;
  /** Retries after the first attempt for transient failures. */
  retries: number;
  maxRedirects: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** A Retry-After longer than this fails the fetch instead of waiting, and pauses the host. */
  maxRetryAfterMs: number;
  /** The longest pause a Retry-After can impose on a host (across runs, via the ledger). */
  maxHostPauseMs: number;
  /**
   * Keep only the first this many bytes of a body and stop reading (the result is ok, `cut` set),
   * instead of failing over `maxBytes`. For robots.txt, of which RFC 9309 asks for 500 KiB only.
   */
  keepFirstBytes?: number;
}

export const DEFAULT_FETCH_POLICY: FetchPolicy = {
  userAgent: DEFAULT_USER_AGENT,
  timeoutMs: 30_000,
  maxBytes: 100 * 1024 * 1024,
  retries: 3,
  maxRedirects: 5,
  backoffBaseMs: 500,
  backoffMaxMs: 30_000,
  maxRetryAfterMs: 120_000,
  maxHostPauseMs: 7 * 24 * 3600_000,
};

/** The fetch failures of the ledger's vocabulary (schemas/failures.ts). */
export type FetchErrorKind = Extract<
  FailureKind,
  'timeout' | 'network' | 'http' | 'truncated' | 'too-large' | 'redirect-loop' | 'too-many-redirects' | 'robots' | 'retry-after-too-long' | 'host-paused' | 'blocked'
>;

/** One HTTP exchange (one attempt, redirects followed), as recorded in the ledger. */
export interface FetchAttempt {
  url: string;
  finalUrl: string;
  attempt: number;
  status: number | null;
  headers: Record<string, string>;
  redirects: string[];
  startedAt: number;
  finishedAt: number;
  size: number;
  error?: string;
  errorKind?: FetchErrorKind;
  /** Will the fetcher try again after this attempt. */
  willRetry: boolean;
}

export interface FetchResult extends FetchAttempt {
  ok: boolean;
  /** The body was cut at `keepFirstBytes`. */
  cut?: boolean;
  /** A long Retry-After paused the host until then (epoch ms). */
  pausedUntil?: number;
  notModified: boolean;
  body?: Uint8Array;
  attempts: number;
}

export interface FetchOptions {
  etag?: string | null;
  lastModified?: string | null;
  /** Called for every attempt (success or failure) before the next one starts. */
  onAttempt?: (a: FetchAttempt) => void;
  /** Robots check for each URL (including redirect targets). */
  allowed?: (url: string) => Promise<{ allowed: boolean; reason: string }>;
  /** The start URL of the site the request is for: the network policy keeps every hop on its domain. */
  site?: string;
  signal?: AbortSignal;
  policy?: Partial<FetchPolicy>;
}

export function hostOf(url: string): string {
  return new URL(url).host;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason);
    }, { once: true });
  });

/** Retry-After: delta-seconds or HTTP-date; returns ms or undefined. */
export function parseRetryAfter(v: string | null | undefined, now = Date.now()): number | undefined {
  if (!v) return undefined;
  const s = v.trim();
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

export function backoffMs(attempt: number, p: Pick<FetchPolicy, 'backoffBaseMs' | 'backoffMaxMs'>, rand = Math.random): number {
  const exp = Math.min(p.backoffMaxMs, p.backoffBaseMs * 2 ** (attempt - 1));
  return Math.round(exp / 2 + rand() * (exp / 2)); // "equal jitter"
}

class FetchFailure extends Error {
  constructor(public kind: FetchErrorKind, message: string, public retryable: boolean, public status: number | null = null) {
    super(message);
  }
}

/** HTTP GET with per-host politeness, manual redirects, timeouts, a size cap, conditional GET and retries. */
export class Fetcher {
  readonly policy: FetchPolicy;
  private dispatcher?: Agent;
  /** `network`: where requests may go (checked on every hop, and on the resolved address at connect). */
  constructor(readonly scheduler: HostScheduler, policy: Partial<FetchPolicy> = {}, private network?: NetworkPolicy) {
    this.policy = { ...DEFAULT_FETCH_POLICY, ...policy };
    if (network) this.dispatcher = new Agent({ connect: { lookup: network.guardedLookup } });
  }

  async close(): Promise<void> {
    await this.dispatcher?.close();
  }

  /** Why a request to `url` is refused (scheme, address, off-site), or undefined. */
  private refusal(url: string, site?: string): string | undefined {
    return this.network ? this.network.refusal(url, site) : schemeRefusal(new URL(url));
  }

  async fetch(url: string, opts: FetchOptions = {}): Promise<FetchResult> {
    const p = { ...this.policy, ...opts.policy };
    let attempt = 0;
    for (;;) {
      attempt++;
      const a = await this.attempt(url, attempt, p, opts);
      const failure = a.failure;
      let waitMs = 0;
      if (failure) {
        a.result.willRetry = failure.retryable && attempt <= p.retries;
        if (a.result.willRetry) {
          const ra = a.retryAfterMs;
          if (ra !== undefined && ra > p.maxRetryAfterMs) {
            // Too long to wait in this run: pause the host instead (the harvest records it in the ledger).
            const pauseMs = Math.min(ra, p.maxHostPauseMs);
            a.result.willRetry = false;
            a.result.errorKind = 'retry-after-too-long';
            a.result.pausedUntil = Date.now() + pauseMs;
            a.result.error = `${a.result.error}; Retry-After ${Math.round(ra / 1000)}s exceeds the ${Math.round(p.maxRetryAfterMs / 1000)}s wait limit: host paused for ${Math.round(pauseMs / 1000)}s`;
            this.scheduler.pause(hostOf(a.result.finalUrl), a.result.pausedUntil);
          } else {
            waitMs = ra ?? backoffMs(attempt, p);
          }
        }
      }
      // A paused host was not asked: there is no exchange to record.
      if (a.result.errorKind !== 'host-paused') opts.onAttempt?.(stripBody(a.result));
      if (!failure || !a.result.willRetry) return { ...a.result, attempts: attempt };
      this.scheduler.delay(hostOf(a.result.finalUrl), waitMs);
      await sleep(waitMs, opts.signal);
    }
  }

  private async attempt(
    url: string,
    attempt: number,
    p: FetchPolicy,
    opts: FetchOptions,
  ): Promise<{ result: FetchResult; failure?: FetchFailure; retryAfterMs?: number }> {
    const startedAt = Date.now();
    const redirects: string[] = [];
    let current = url;
    let status: number | null = null;
    let headers: Record<string, string> = {};
    let size = 0;
    const base = (): FetchResult => ({
      url, finalUrl: current, attempt, status, headers, redirects, startedAt, finishedAt: Date.now(), size,
      ok: false, notModified: false, attempts: attempt, willRetry: false,
    });
    try {
      for (let hop = 0; ; hop++) {
        const refused = this.refusal(current, opts.site);
        if (refused) throw new FetchFailure('blocked', hop ? `redirect to ${current} refused: ${refused}` : `refused: ${refused}`, false);
        if (opts.allowed) {
          const d = await opts.allowed(current);
          if (!d.allowed) throw new FetchFailure('robots', `disallowed by robots.txt: ${d.reason}`, false);
        }
        const sameAsOriginal = current === url;
        const res = await this.scheduler.run(hostOf(current), () => this.once(current, p, sameAsOriginal ? opts : {}));
        status = res.status;
        headers = res.headers;
        if (res.status >= 300 && res.status < 400 && res.status !== 304 && res.headers['location']) {
          const next = new URL(res.headers['location'], current).toString();
          redirects.push(next);
          if (next === url || redirects.slice(0, -1).includes(next)) {
            throw new FetchFailure('redirect-loop', `redirect loop: ${[url, ...redirects].join(' -> ')}`, false, res.status);
          }
          if (hop + 1 > p.maxRedirects) throw new FetchFailure('too-many-redirects', `more than ${p.maxRedirects} redirects`, false, res.status);
          current = next;
          continue;
        }
        if (res.status === 304) return { result: { ...base(), ok: true, notModified: true } };
        if (res.status >= 200 && res.status < 300) {
          size = res.body!.byteLength;
          return { result: { ...base(), ok: true, body: res.body, ...(res.cut ? { cut: true } : {}) } };
        }
        const retryable = res.status === 429 || res.status === 408 || (res.status >= 500 && res.status !== 501);
        const ra = res.status === 429 || res.status === 503 ? parseRetryAfter(res.headers['retry-after']) : undefined;
        return {
          result: { ...base(), error: `HTTP ${res.status}${ra !== undefined ? ` (Retry-After ${Math.round(ra / 1000)}s)` : ''}`, errorKind: 'http' },
          failure: new FetchFailure('http', `HTTP ${res.status}`, retryable, res.status),
          retryAfterMs: ra,
        };
      }
    } catch (e) {
      if (e instanceof HostPausedError) {
        const r = { ...base(), error: e.message, errorKind: 'host-paused' as const, pausedUntil: e.until };
        return { result: r, failure: new FetchFailure('host-paused', e.message, false) };
      }
      const f = e instanceof FetchFailure ? e : new FetchFailure('network', String((e as Error)?.message ?? e), true);
      if (e instanceof BodyError) {
        f.kind = e.kind;
        f.message = e.message;
        f.retryable = e.kind !== 'too-large';
        size = e.received;
        if (e.status) status = e.status;
        if (e.headers) headers = e.headers;
      }
      return { result: { ...base(), error: f.message, errorKind: f.kind }, failure: f };
    }
  }

  /** One request, no redirect following; reads the body under the size cap and the timeout. */
  private async once(url: string, p: FetchPolicy, opts: FetchOptions): Promise<{ status: number; headers: Record<string, string>; body?: Uint8Array; cut?: boolean }> {
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(new BodyError('timeout', `timeout after ${p.timeoutMs} ms`, 0)), p.timeoutMs);
    const onOuterAbort = () => ac.abort(opts.signal?.reason);
    opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
    const reqHeaders: Record<string, string> = { 'user-agent': p.userAgent, accept: '*/*' };
    if (opts.etag) reqHeaders['if-none-match'] = opts.etag;
    if (opts.lastModified) reqHeaders['if-modified-since'] = opts.lastModified;
    let status = 0;
    let headers: Record<string, string> = {};
    let received = 0;
    try {
      const res = await fetch(url, { headers: reqHeaders, redirect: 'manual', signal: ac.signal, ...(this.dispatcher ? { dispatcher: this.dispatcher } : {}) });
      status = res.status;
      headers = Object.fromEntries(res.headers.entries());
      if (status < 200 || status >= 300) {
        await res.body?.cancel().catch(() => {});
        return { status, headers };
      }
      const declared = headers['content-length'] !== undefined ? Number(headers['content-length']) : undefined;
      const encoded = !!headers['content-encoding'] && headers['content-encoding'] !== 'identity';
      const keep = p.keepFirstBytes;
      if (keep === undefined && declared !== undefined && !encoded && declared > p.maxBytes) {
        await res.body?.cancel().catch(() => {});
        throw new BodyError('too-large', `Content-Length ${declared} exceeds size cap ${p.maxBytes}`, 0, status, headers);
      }
      const chunks: Uint8Array[] = [];
      if (res.body) {
        const reader = res.body.getReader();
        for (;;) {
          let r: ReadableStreamReadResult<Uint8Array>;
          try {
            r = await reader.read();
          } catch (e) {
            if (ac.signal.aborted && ac.signal.reason instanceof BodyError) throw ac.signal.reason;
            const what = declared !== undefined ? `${received} of ${declared} bytes` : `${received} bytes`;
            throw new BodyError('truncated', `truncated download: connection closed after ${what} (${(e as Error).message})`, received, status, headers);
          }
          if (r.done) break;
          if (keep !== undefined && received + r.value.byteLength > keep) {
            chunks.push(r.value.subarray(0, keep - received));
            await reader.cancel().catch(() => {});
            return { status, headers, body: concat(chunks, keep), cut: true };
          }
          received += r.value.byteLength;
          if (received > p.maxBytes) {
            await reader.cancel().catch(() => {});
            throw new BodyError('too-large', `body exceeds size cap ${p.maxBytes} bytes`, received, status, headers);
          }
          chunks.push(r.value);
        }
      }
      if (declared !== undefined && !encoded && received < declared) {
        throw new BodyError('truncated', `truncated download: ${received} of ${declared} bytes`, received, status, headers);
      }
      return { status, headers, body: concat(chunks, received) };
    } catch (e) {
      if (e instanceof BodyError) throw e;
      if (ac.signal.aborted && ac.signal.reason instanceof BodyError) {
        const r = ac.signal.reason;
        throw new BodyError(r.kind, r.message, received, status || undefined, headers);
      }
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      if (cause?.code === 'EJUESUAN_PRIVATE_ADDRESS') throw new FetchFailure('blocked', `refused: ${cause.message}`, false);
      throw new FetchFailure('network', `network error: ${(e as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}`, true);
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onOuterAbort);
    }
  }
}

class BodyError extends Error {
  constructor(public kind: FetchErrorKind, message: string, public received: number, public status?: number, public headers?: Record<string, string>) {
    super(message);
  }
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.byteLength;
  }
  return out;
}

function stripBody(r: FetchResult): FetchAttempt {
  const { body: _b, ok: _o, notModified: _n, attempts: _a, ...rest } = r;
  return rest;
}
