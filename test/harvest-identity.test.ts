import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from '../src/harvest/sqlite.js';
import { runHarvest, type DocumentProcessor } from '../src/harvest/index.js';
import { fakeProcessor } from './helpers/fake-processor.js';
import { materialiseSources } from '../src/harvest/demo-server.js';
import { REPO_ROOT, SiteServer, startSiteServer } from './helpers/site-server.js';

/** The harvest hands the listing's title to the extractor, and files `other` documents in the ledger without a record. */
let server: SiteServer;
let out: string;
beforeAll(async () => {
  server = await startSiteServer();
  out = await mkdtemp(join(tmpdir(), 'juesuan-harvest-id-'));
});
afterAll(async () => {
  await server.stop();
  await rm(out, { recursive: true, force: true });
});

it('passes listing titles on and records other documents with their reason, writing no record', async () => {
  const seen: Array<{ fileName: string; listingTitle?: string }> = [];
  const fake = fakeProcessor();
  let first: string | undefined;
  const processor: DocumentProcessor = {
    async extract(input) {
      seen.push({ fileName: input.fileName, listingTitle: input.listingTitle });
      const record = await fake.extract(input);
      first ??= input.fileName;
      // The first document stands for a notice: kind other, with the reason the classifier gives.
      return input.fileName === first ? { ...record, document: { ...record.document, kind: 'other', kindReason: 'a 资金下达 (funds allocation) notice: "关于下达…资金的通知"' } } : record;
    },
    emit: (record, dir) => fake.emit(record, dir),
  };
  const sources = await materialiseSources(join(REPO_ROOT, 'samples', 'sources.yaml'), server.origin, out);
  const summary = await runHarvest({ sources, out, progress: 'none', rateMs: 20, fetchPolicy: { backoffBaseMs: 20, backoffMaxMs: 50, timeoutMs: 1500 }, processor });

  expect(seen.length).toBeGreaterThan(1);
  expect(seen.every((s) => typeof s.listingTitle === 'string' && s.listingTitle.length > 0)).toBe(true);
  const db = openSqlite(join(out, '.juesuan', 'ledger.sqlite'), { readonly: true });
  const rows = db.prepare(`SELECT file_name, stage, emit_status, record_path FROM documents`).all() as Array<{ file_name: string; stage: string; emit_status: string; record_path: string }>;
  db.close();
  const other = rows.find((r) => r.file_name === first)!;
  expect(other).toMatchObject({ stage: 'emitted', emit_status: 'other: a 资金下达 (funds allocation) notice: "关于下达…资金的通知"', record_path: '' });
  expect(summary.records.length).toBe(rows.length - 1);
  expect(summary.skipped).toBeGreaterThanOrEqual(1);
  for (const r of summary.records) expect(existsSync(r.path)).toBe(true);
}, 60_000);
