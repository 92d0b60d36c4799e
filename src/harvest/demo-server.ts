/**
 * Harvest the bundled demo site end to end: start the local site server on 127.0.0.1, harvest
 * `samples/sources.yaml` ({demo} → the server's origin) into `--out` (default output/), stop.
 *
 *   node --import tsx src/harvest/demo-server.ts [--out output/] [--serve]
 *
 * `--serve` only serves the site (prints its URL) until interrupted.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { REPO_ROOT, startSiteServer, type SiteServerOptions } from './demo-site.js';
import { runHarvest, type HarvestOptions, type HarvestSummary } from './index.js';

export { startSiteServer };

/** Write a copy of a sources file with `{demo}` replaced by the origin; returns its path. */
export async function materialiseSources(sourcesPath: string, origin: string, outDir: string): Promise<string> {
  const text = (await readFile(sourcesPath, 'utf8')).replaceAll('{demo}', origin);
  await mkdir(join(outDir, '.juesuan'), { recursive: true });
  const p = join(outDir, '.juesuan', 'demo-sources.yaml');
  await writeFile(p, text);
  return p;
}

/** Fixed default port so that a second demo harvest sees the same URLs (and fetches only what changed). */
export const DEMO_PORT = 47823;

async function startDemoServer(o: SiteServerOptions = {}) {
  try {
    return await startSiteServer({ port: DEMO_PORT, ...o });
  } catch {
    return startSiteServer({ ...o, port: 0 });
  }
}

export async function runDemoHarvest(opts: Partial<HarvestOptions> & { out: string; server?: SiteServerOptions }): Promise<HarvestSummary> {
  const server = await startDemoServer(opts.server);
  try {
    const sources = await materialiseSources(opts.sources ?? join(REPO_ROOT, 'samples', 'sources.yaml'), server.origin, resolve(opts.out));
    return await runHarvest({ ...opts, sources, out: opts.out });
  } finally {
    await server.stop();
  }
}

const isMain = process.argv[1] && resolve(process.argv[1]).replace(/\.[cm]?[jt]s$/, '') === resolve(new URL(import.meta.url).pathname).replace(/\.[cm]?[jt]s$/, '');
if (isMain) {
  const args = process.argv.slice(2);
  const outIdx = args.indexOf('--out');
  const out = outIdx >= 0 ? args[outIdx + 1]! : 'output/';
  if (args.includes('--serve')) {
    const s = await startDemoServer();
    console.log(`demo site: ${s.url('/czyjs/index.html')}`);
  } else {
    const summary = await runDemoHarvest({ out });
    const { failures, records, ...counts } = summary;
    console.log(JSON.stringify({ ...counts, records: records.map((r) => `${r.path} (${r.status})`), failures }, null, 2));
  }
}
