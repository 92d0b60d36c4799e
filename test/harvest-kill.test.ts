import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from '../src/harvest/sqlite.js';
import { REPO_ROOT, SiteServer, startSiteServer } from './helpers/site-server.js';

let server: SiteServer;
let out: string;
beforeAll(async () => {
  server = await startSiteServer();
  out = await mkdtemp(join(tmpdir(), 'juesuan-kill-'));
});
afterAll(async () => {
  await server.stop();
  await rm(out, { recursive: true, force: true });
});

/** Run the harvest in a child process (real extractor); kill -9 it when `killWhen` matches its log. */
function child(sources: string, killWhen?: RegExp): Promise<{ code: number | null; signal: string | null; log: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'test/helpers/harvest-main.ts'), sources, '--out', out, '--progress', 'plain', '--rate-ms', '40'], {
      cwd: REPO_ROOT,
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    const onData = (d: Buffer) => {
      log += d.toString();
      if (killWhen && killWhen.test(log) && p.exitCode === null && !p.killed) p.kill('SIGKILL');
    };
    p.stdout.on('data', onData);
    p.stderr.on('data', onData);
    p.on('exit', (code, signal) => resolve({ code, signal, log }));
  });
}

async function files(dir: string): Promise<string[]> {
  const r: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) r.push(join(e.parentPath, e.name));
  return r;
}

it('kill -9 mid-harvest, then the same command again: nothing lost, nothing duplicated, no partial files', async () => {
  // The 2024 documents only (3 distinct PDFs, one under two URLs), to keep the real extractor's time short.
  const sources = join(out, 'sources.yaml');
  await writeFile(sources, `sites:\n  - start: ${server.origin}/czyjs/index.html\n    titleWords: [决算]\n    excludeWords: [通知]\n    years: [2024]\n`);
  // Slow attachments so the kill lands while fetches and extractions are in flight.
  for (const p of ['/czyjs/att/shanghai-2024-pudong-wenlv.pdf', '/czyjs/att/P020250601_copy.pdf']) server.fault(p, { delayMs: 400 });
  const first = await child(sources, / extracted /);
  expect(first.signal).toBe('SIGKILL');
  const mid = openSqlite(join(out, '.juesuan', 'ledger.sqlite'), { readonly: true });
  const before = mid.prepare(`SELECT count(*) n FROM documents WHERE stage='emitted'`).get() as { n: number };
  mid.close();
  expect(before.n).toBeLessThan(3);

  const second = await child(sources);
  expect(second.code).toBe(0);

  const l = openSqlite(join(out, '.juesuan', 'ledger.sqlite'), { readonly: true });
  expect(l.prepare(`SELECT stage, count(*) n FROM documents GROUP BY stage`).all()).toEqual([{ stage: 'emitted', n: 3 }]);
  expect(l.prepare(`SELECT count(*) n FROM items WHERE state NOT IN ('done','failed')`).get()).toEqual({ n: 0 });
  expect(l.prepare(`SELECT count(*) n FROM items WHERE state='failed' AND error NOT LIKE 'disallowed by robots%'`).get()).toEqual({ n: 0 });
  // Each document was stored once and fetched once to completion.
  const okFetches = l.prepare(`SELECT url, count(*) n FROM fetches WHERE kind='attachment' AND outcome='ok' GROUP BY url HAVING n > 1`).all();
  expect(okFetches).toEqual([]);
  l.close();

  const all = await files(out);
  expect(all.filter((f) => f.endsWith('.tmp') || f.includes('/store/tmp/'))).toEqual([]);
  const records = all.filter((f) => f.endsWith('.json') && !f.includes('/.juesuan/'));
  expect(records).toHaveLength(3);
  const shas = await Promise.all(records.map(async (f) => JSON.parse(await readFile(f, 'utf8')).provenance.sha256));
  expect(new Set(shas).size).toBe(3);
}, 60_000);
