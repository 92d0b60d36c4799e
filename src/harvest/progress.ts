export interface HarvestCounters {
  pages: number;
  found: number;
  fetched: number;
  notModified: number;
  deduplicated: number;
  extracted: number;
  emitted: number;
  failed: number;
  skipped: number;
  /** Failed items and documents put back in the queue at the start of this run. */
  retried: number;
  /** Items left for a later run because their host asked for a pause (Retry-After). */
  deferred: number;
}

export type ProgressMode = 'auto' | 'tty' | 'plain' | 'none';

/** Progress on a terminal (one redrawn status line) or as plain log lines (CI, files). */
export class ProgressReporter {
  readonly counters: HarvestCounters = { pages: 0, found: 0, fetched: 0, notModified: 0, deduplicated: 0, extracted: 0, emitted: 0, failed: 0, skipped: 0, retried: 0, deferred: 0 };
  private mode: 'tty' | 'plain' | 'none';
  private timer?: NodeJS.Timeout;
  private lastLine = '';

  constructor(mode: ProgressMode = 'auto', private out: NodeJS.WriteStream = process.stderr) {
    this.mode = mode === 'auto' ? (out.isTTY ? 'tty' : 'plain') : mode;
    if (this.mode === 'tty') {
      this.timer = setInterval(() => this.draw(), 200);
      this.timer.unref();
    }
  }

  bump(key: keyof HarvestCounters, n = 1): void {
    this.counters[key] += n;
  }

  /** An event worth a log line (plain mode prints it; tty mode prints errors above the status line). */
  log(event: string, detail: string, level: 'info' | 'warn' = 'info'): void {
    if (this.mode === 'plain') {
      this.out.write(`${new Date().toISOString()} ${event} ${detail}\n`);
    } else if (this.mode === 'tty' && level === 'warn') {
      this.out.write(`\r\x1b[K${event} ${detail}\n`);
      this.draw(true);
    }
  }

  statusLine(): string {
    const c = this.counters;
    return `documents found ${c.found} · fetched ${c.fetched} (${c.notModified} unchanged, ${c.deduplicated} dup) · extracted ${c.extracted} · emitted ${c.emitted} · failed ${c.failed} · pages ${c.pages}`;
  }

  private draw(force = false): void {
    const line = this.statusLine();
    if (!force && line === this.lastLine) return;
    this.lastLine = line;
    this.out.write(`\r\x1b[K${line}`);
  }

  finish(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.mode === 'tty') this.out.write(`\r\x1b[K${this.statusLine()}\n`);
    else if (this.mode === 'plain') this.out.write(`${new Date().toISOString()} done ${this.statusLine()}\n`);
  }
}
