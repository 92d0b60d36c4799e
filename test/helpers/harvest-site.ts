/**
 * The demo site on loopback for a harvest test file: started before its tests, reset before each,
 * stopped after; temp output folders removed at the end.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from '../../src/harvest/sqlite.js';
import { runHarvest, type HarvestOptions } from '../../src/harvest/index.js';
import { fakeProcessor } from './fake-processor.js';
import { materialiseSources } from '../../src/harvest/demo-server.js';
import { REPO_ROOT, SiteServer, startSiteServer } from './site-server.js';

export function useDemoSite(defaults: Partial<HarvestOptions> & { rateMs: number; timeoutMs: number }) {
  let server: SiteServer | undefined;
  const dirs: string[] = [];
  beforeAll(async () => {
    server = await startSiteServer();
  });
  afterAll(async () => {
    await server?.stop();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });
  beforeEach(() => server!.reset());

  const site = {
    get server(): SiteServer {
      return server!;
    },
    async tempOut(): Promise<string> {
      const d = await mkdtemp(join(tmpdir(), 'juesuan-harvest-'));
      dirs.push(d);
      return d;
    },
    /** Harvest samples/sources.yaml (the demo site) into `out` with the fake processor, unless `extra` says otherwise. */
    async harvest(out: string, extra: Partial<HarvestOptions> = {}) {
      const sources = await materialiseSources(join(REPO_ROOT, 'samples', 'sources.yaml'), server!.origin, out);
      const { timeoutMs, ...rest } = defaults;
      return runHarvest({ sources, out, progress: 'none', fetchPolicy: { backoffBaseMs: 20, backoffMaxMs: 50, timeoutMs }, processor: fakeProcessor(), ...rest, ...extra });
    },
    /** The run's ledger, read-only. */
    db: (out: string) => openSqlite(join(out, '.juesuan', 'ledger.sqlite'), { readonly: true }),
  };
  return site;
}
