/** Progress: one redrawn status line on a terminal, plain log lines elsewhere. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProgressReporter } from '../src/harvest/progress.js';
import { runHarvest } from '../src/harvest/index.js';
import { fakeProcessor } from './helpers/fake-processor.js';
import { materialiseSources } from '../src/harvest/demo-server.js';
import { REPO_ROOT, startSiteServer } from './helpers/site-server.js';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  const stream = { isTTY, write: (s: string) => (writes.push(s), true) } as unknown as NodeJS.WriteStream;
  return { stream, writes };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ProgressReporter', () => {
  it('tty: a single updating line with found / fetched / extracted / failed counts', async () => {
    const { stream, writes } = fakeStream(true);
    const p = new ProgressReporter('auto', stream); // auto → tty on a terminal
    p.bump('found', 3);
    p.bump('fetched', 1);
    await sleep(260);
    p.bump('fetched', 1);
    p.bump('extracted', 1);
    p.log('page', 'an info event is not printed on a terminal');
    await sleep(260);
    await sleep(260); // nothing changed: no redraw
    p.bump('failed');
    p.log('failed', 'fetch http://x/a.pdf: HTTP 500', 'warn');
    p.finish();

    // Every redraw returns to the start of the line and clears it; no newline until the end.
    const draws = writes.filter((w) => w.startsWith('\r\x1b[K') && !w.includes('\n'));
    expect(draws.length).toBeGreaterThanOrEqual(2);
    expect(draws[0]).toMatch(/documents found 3 · fetched 1 .*· extracted 0 · .*failed 0/);
    expect(draws).toContainEqual(expect.stringMatching(/found 3 · fetched 2 .*· extracted 1 · .*failed 0/));
    expect(new Set(draws).size).toBe(draws.length); // an unchanged line is not redrawn
    expect(writes.join('')).not.toContain('an info event');
    // A warning is printed on its own line above the status line, which is then redrawn.
    const warnAt = writes.findIndex((w) => w.includes('HTTP 500'));
    expect(writes[warnAt]).toBe('\r\x1b[Kfailed fetch http://x/a.pdf: HTTP 500\n');
    expect(writes[warnAt + 1]).toMatch(/^\r\x1b\[Kdocuments found 3 .*failed 1/);
    // finish: the final status line, ended by a newline.
    expect(writes.at(-1)).toMatch(/^\r\x1b\[Kdocuments found 3 · fetched 2 .*extracted 1 .*failed 1 .*\n$/);
    expect(writes.join('').split('\n').filter(Boolean)).toHaveLength(2); // the warning and the final line
  });

  it('plain: timestamped log lines, no control characters, a summary at the end', async () => {
    const { stream, writes } = fakeStream(false);
    const p = new ProgressReporter('auto', stream); // auto → plain when not a terminal
    p.bump('found', 2);
    p.log('fetched', 'http://x/a.pdf sha256=abc 1234B');
    p.bump('fetched');
    p.log('failed', 'fetch http://x/b.pdf: HTTP 404', 'warn');
    p.bump('failed');
    await sleep(250);
    p.finish();
    expect(writes.every((w) => w.endsWith('\n') && !w.includes('\r') && !w.includes('\x1b'))).toBe(true);
    expect(writes).toEqual([
      expect.stringMatching(/^\d{4}-\d\d-\d\dT\S+Z fetched http:\/\/x\/a\.pdf sha256=abc 1234B\n$/),
      expect.stringMatching(/^\S+Z failed fetch http:\/\/x\/b\.pdf: HTTP 404\n$/),
      expect.stringMatching(/^\S+Z done documents found 2 · fetched 1 .*extracted 0 .*failed 1/),
    ]);
  });

  it('none: silent', () => {
    const { stream, writes } = fakeStream(true);
    const p = new ProgressReporter('none', stream);
    p.bump('found');
    p.log('failed', 'x', 'warn');
    p.finish();
    expect(writes).toEqual([]);
  });
});

it("a harvest with progress: 'tty' draws one status line that counts up", async () => {
  const server = await startSiteServer();
  const out = await mkdtemp(join(tmpdir(), 'juesuan-progress-'));
  try {
    const { stream, writes } = fakeStream(true);
    const sources = await materialiseSources(join(REPO_ROOT, 'samples', 'sources.yaml'), server.origin, out);
    const s = await runHarvest({ sources, out, progress: 'tty', stream, rateMs: 120, processor: fakeProcessor() });
    const text = writes.join('');
    expect(text.split('\n').filter(Boolean)).toHaveLength(1); // no failures: only the final line ends with a newline
    const lines = text.split('\r\x1b[K').filter(Boolean);
    expect(lines.length).toBeGreaterThan(3);
    const fetched = lines.map((l) => Number(/fetched (\d+)/.exec(l)![1]));
    expect(fetched).toEqual([...fetched].sort((a, b) => a - b)); // counts only go up
    expect(lines.at(-1)).toBe(`documents found ${s.found} · fetched ${s.fetched} (0 unchanged, 1 dup) · extracted 7 · emitted 7 · failed 0 · pages ${s.pages}\n`);
  } finally {
    await server.stop();
    await rm(out, { recursive: true, force: true });
  }
}, 30_000);
