/**
 * Stand-alone harvest entry (the CLI proper is `juesuan harvest`):
 *   node --import tsx test/helpers/harvest-main.ts <sources.yaml|URL> --out <dir> [--db <path>] [--progress plain] [--rate-ms N] [--retry-failed] [--fake]
 * `--retry-failed` retries every failed item (404s and HTML-as-PDF included), not only transient failures.
 * `--fake` uses a trivial processor instead of the extractor (tests of the crawl machinery).
 */
import { runHarvest, type DocumentProcessor, type HarvestOptions } from '../../src/harvest/index.js';
import { fakeProcessor } from './fake-processor.js';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const BOOLEAN_FLAGS = ['--fake', '--retry-failed'];
const sources = args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1]!.startsWith('--') && !BOOLEAN_FLAGS.includes(args[i - 1]!)));
if (!sources || !flag('--out')) {
  console.error('usage: main.ts <sources.yaml|URL> --out <dir> [--db path] [--progress auto|tty|plain|none] [--rate-ms N] [--retry-failed] [--fake]');
  process.exit(2);
}
const processor: DocumentProcessor | undefined = args.includes('--fake') ? fakeProcessor({ delayMs: Number(flag('--fake-delay') ?? 0) }) : undefined;
const opts: HarvestOptions = {
  sources,
  out: flag('--out')!,
  dbPath: flag('--db'),
  progress: (flag('--progress') as HarvestOptions['progress']) ?? 'auto',
  rateMs: flag('--rate-ms') !== undefined ? Number(flag('--rate-ms')) : undefined,
  processor,
  retryFailed: args.includes('--retry-failed'),
};
const summary = await runHarvest(opts);
console.log(JSON.stringify({ ...summary, records: summary.records.length, failures: summary.failures }));
