/**
 * Harvest benchmark: a generated local site of N documents (default 200, 20 per listing page, each
 * a distinct PDF) served on 127.0.0.1, harvested end to end into a temp dir.
 * Reports documents/min and peak memory (RSS). Callable from scripts/bench.ts via `benchHarvest()`.
 *
 *   node --import tsx scripts/bench-harvest.ts [--docs 200] [--fake] [--extract-concurrency 1] [--json]
 *
 * `--fake` replaces the extractor with a trivial one: measures the crawl machinery alone.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runHarvest } from '../src/harvest/index.js';
import { fakeProcessor } from '../test/helpers/fake-processor.js';
import { startSiteServer } from '../test/helpers/site-server.js';

export interface HarvestBenchResult {
  docs: number;
  emitted: number;
  failed: number;
  seconds: number;
  docsPerMin: number;
  peakRssMB: number;
  extractor: 'real' | 'fake';
}

export async function benchHarvest(opts: { docs?: number; fake?: boolean; extractConcurrency?: number } = {}): Promise<HarvestBenchResult> {
  const docs = opts.docs ?? 200;
  const server = await startSiteServer({ bench: { docs, perPage: 20 } });
  const out = await mkdtemp(join(tmpdir(), 'juesuan-bench-harvest-'));
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  try {
    const sources = join(out, 'sources.yaml');
    await writeFile(sources, `defaults:\n  rateMs: 0\nsites:\n  - start: ${server.origin}/bench/index.html\n    maxPages: 1000\n`);
    const t0 = performance.now();
    const s = await runHarvest({
      sources,
      out,
      progress: 'none',
      processor: opts.fake ? fakeProcessor() : undefined,
      extractConcurrency: opts.extractConcurrency,
      ocr: 'never',
    });
    const seconds = (performance.now() - t0) / 1000;
    peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
    return {
      docs,
      emitted: s.emitted,
      failed: s.failed,
      seconds: Math.round(seconds * 100) / 100,
      docsPerMin: Math.round((s.emitted / seconds) * 60 * 10) / 10,
      peakRssMB: Math.round(peak / 1024 / 1024),
      extractor: opts.fake ? 'fake' : 'real',
    };
  } finally {
    clearInterval(sampler);
    await server.stop();
    await rm(out, { recursive: true, force: true });
  }
}

const isMain = process.argv[1] && resolve(process.argv[1]).replace(/\.ts$/, '') === resolve(new URL(import.meta.url).pathname).replace(/\.ts$/, '');
if (isMain) {
  const args = process.argv.slice(2);
  const num = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : undefined;
  };
  const r = await benchHarvest({ docs: num('--docs'), fake: args.includes('--fake'), extractConcurrency: num('--extract-concurrency') });
  if (args.includes('--json')) console.log(JSON.stringify(r));
  else
    console.log(
      `harvest: ${r.emitted}/${r.docs} documents (${r.extractor} extractor) in ${r.seconds}s = ${r.docsPerMin} documents/min; peak RSS ${r.peakRssMB} MB; failed ${r.failed}`,
    );
}
