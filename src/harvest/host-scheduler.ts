/**
 * Per-host politeness: at most `concurrency` requests in flight per host (default 1) and at least
 * `rateMs` between request starts, and (at concurrency 1) between a response's end and the next
 * request (raised by robots Crawl-delay and by Retry-After).
 */
export interface HostPolicy {
  rateMs: number;
  concurrency: number;
}

/** The host asked for a pause (a Retry-After longer than we wait in a run): no request is sent to it. */
export class HostPausedError extends Error {
  constructor(readonly host: string, readonly until: number) {
    super(`${host} paused until ${new Date(until).toISOString()} (Retry-After)`);
    this.name = 'HostPausedError';
  }
}

interface HostState {
  policy: HostPolicy;
  active: number;
  nextAt: number;
  /** No request before this time in this run (epoch ms); see pause(). */
  pausedUntil: number;
  waiters: Array<{ resolve: () => void; reject: (e: Error) => void }>;
  timer?: NodeJS.Timeout;
}

export class HostScheduler {
  private hosts = new Map<string, HostState>();
  constructor(private defaults: HostPolicy) {}

  /** Set or tighten the policy for a host (Crawl-delay can only slow a host down). */
  configure(host: string, policy: Partial<HostPolicy>): void {
    const s = this.state(host);
    s.policy = {
      rateMs: Math.max(policy.rateMs ?? s.policy.rateMs, 0),
      concurrency: policy.concurrency ?? s.policy.concurrency,
    };
  }

  policy(host: string): HostPolicy {
    return this.state(host).policy;
  }

  /** Push the host's next allowed start at least `ms` into the future (Retry-After, backoff). */
  delay(host: string, ms: number): void {
    const s = this.state(host);
    s.nextAt = Math.max(s.nextAt, Date.now() + ms);
  }

  /**
   * Stop sending to the host until `until` (epoch ms): requests waiting for it and later ones fail
   * with HostPausedError at once instead of holding the run open for hours.
   */
  pause(host: string, until: number): void {
    const s = this.state(host);
    s.pausedUntil = Math.max(s.pausedUntil, until);
    for (const w of s.waiters.splice(0)) w.reject(new HostPausedError(host, s.pausedUntil));
  }

  pausedUntil(host: string, now = Date.now()): number | undefined {
    const until = this.hosts.get(host)?.pausedUntil ?? 0;
    return until > now ? until : undefined;
  }

  /** Run `fn` when the host allows another request. */
  async run<T>(host: string, fn: () => Promise<T>): Promise<T> {
    const until = this.pausedUntil(host);
    if (until !== undefined) throw new HostPausedError(host, until);
    await this.acquire(host);
    try {
      return await fn();
    } finally {
      this.release(host);
    }
  }

  private state(host: string): HostState {
    let s = this.hosts.get(host);
    if (!s) {
      s = { policy: { ...this.defaults }, active: 0, nextAt: 0, pausedUntil: 0, waiters: [] };
      this.hosts.set(host, s);
    }
    return s;
  }

  private acquire(host: string): Promise<void> {
    const s = this.state(host);
    return new Promise<void>((resolve, reject) => {
      s.waiters.push({ resolve, reject });
      this.pump(host);
    });
  }

  private release(host: string): void {
    const s = this.state(host);
    s.active--;
    // Spacing counts from the end of the previous response too: what the server sees is >= rateMs.
    if (s.policy.concurrency === 1) s.nextAt = Math.max(s.nextAt, Date.now() + s.policy.rateMs);
    this.pump(host);
  }

  private pump(host: string): void {
    const s = this.state(host);
    if (s.timer) return;
    while (s.waiters.length && s.active < s.policy.concurrency) {
      const now = Date.now();
      if (now < s.nextAt) {
        s.timer = setTimeout(() => {
          s.timer = undefined;
          this.pump(host);
        }, s.nextAt - now);
        return;
      }
      s.active++;
      s.nextAt = now + s.policy.rateMs;
      s.waiters.shift()!.resolve();
    }
  }
}
