import { availableParallelism } from 'node:os';
import { Argument, Command, Option } from 'commander';
import type { JsonSchemaName } from '../schemas/json-schema.js';
import { PACKAGE_VERSION } from './project-root.js';

// Each command imports its modules when it runs: `--help` and `--version` load only commander.

// Exit codes: 0 all good, 1 some inputs failed (the others were done), 2 usage error.
const EXIT_USAGE = 2;

const program = new Command();
program
  .name('juesuan')
  .description('Turn Chinese government 部门决算 disclosures (PDF, scans, text, HTML) into validated JSON records and tidy data')
  .version(PACKAGE_VERSION)
  // commander exits 1 on a bad option; a usage error is 2 (set before the commands, which inherit it)
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : EXIT_USAGE))
  .addHelpText(
    'after',
    `
Examples:
  juesuan extract samples/pdf samples/text --out output/
  juesuan export --in output/ --format sqlite --out facts.sqlite
  juesuan export --in output/ --format parquet --unit 万元 --out facts.parquet
  juesuan export --in output/ --format ndjson | head
  juesuan harvest sources.yaml --out output/ --json

Exit codes: 0 all good; 1 some inputs failed (the others were done); 2 usage error.`,
  );

/** `--json`: one machine-readable summary on standard output (or on stderr when the data itself goes to stdout). */
function printJson(summary: unknown, toStderr = false): void {
  const text = `${JSON.stringify(summary, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}\n`;
  (toStderr ? process.stderr : process.stdout).write(text);
}

program
  .command('extract')
  .description('extract the standard tables of each document into output/<region>/<department>/<year>.<kind>.json')
  .argument('<inputs...>', 'PDF, text or HTML files, or directories of them')
  .option('-o, --out <dir>', 'output directory', 'output')
  .addOption(new Option('--ocr <mode>', 'OCR pages without a usable text layer').choices(['never', 'auto', 'always']).default('auto'))
  .option('-q, --quiet', 'print only errors')
  .option('-j, --jobs <n>', 'documents extracted at once, each in a worker thread (default: the number of cores)', (v) => positiveInt(v, '--jobs', 1))
  .option('--json', 'print a JSON summary (one object: documents with their status, path or error) instead of the lines')
  .action(async (inputs: string[], opts: { out: string; ocr: 'never' | 'auto' | 'always'; quiet?: boolean; jobs?: number; json?: boolean }) => {
    const { runExtract } = await import('./commands/extract.js');
    const outcomes = await runExtract(inputs, { ...opts, quiet: opts.quiet || opts.json, jobs: opts.jobs ?? availableParallelism() });
    if (opts.json) {
      const documents = outcomes.map((o) => ({ file: o.file, ok: o.ok, status: o.status ?? null, path: o.path ?? null, error: o.error ?? null, ...(o.record ? { docId: o.record.docId, summary: o.record.summary } : {}) }));
      printJson({ command: 'extract', ok: outcomes.every((o) => o.ok), documents: outcomes.length, failed: outcomes.filter((o) => !o.ok).length, results: documents });
    }
    // Non-zero only when a document could not be read at all; identity failures are data, not errors.
    if (outcomes.some((o) => !o.ok)) process.exitCode = 1;
  });

program
  .command('export')
  .description('flatten all records under a directory into tidy facts (one row per non-blank cell)')
  .option('-i, --in <dir>', 'directory of records', 'output')
  .addOption(new Option('-f, --format <format>', 'output format (sqlite and datapackage need --out)').choices(['csv', 'ndjson', 'sqlite', 'xlsx', 'parquet', 'datapackage']).default('csv'))
  .option('-o, --out <file>', 'output file, a folder for datapackage (default or "-": standard output)')
  .addOption(new Option('--unit <unit>', 'convert amounts to this unit (exactly; the printed text is kept)').choices(['元', '千元', '万元', '亿元']))
  .option('--no-bom', 'CSV without the UTF-8 byte-order mark (by default it has one, so that Excel reads the Chinese)')
  .option('--json', 'print a JSON summary (rows per table, skipped files, warnings); on stderr when the data goes to stdout')
  .action(async (opts: { in: string; format: import('./commands/export.js').ExportFormat; out?: string; unit?: string; bom: boolean; json?: boolean }) => {
    const { runExport, UsageError } = await import('./commands/export.js');
    try {
      const result = await runExport({ in: opts.in, format: opts.format, out: opts.out ?? null, unit: opts.unit, bom: opts.bom });
      if (opts.json) printJson({ command: 'export', ok: result.records > 0 && result.skipped.length === 0, ...result }, result.out === null);
      if (result.records === 0) process.stderr.write(`no records found under ${opts.in}\n`);
      // some record files could not be read (the others were exported), or nothing was found
      if (result.records === 0 || result.skipped.length) process.exitCode = 1;
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      process.stderr.write(`juesuan export: ${e.message}\n`);
      process.exitCode = EXIT_USAGE;
    }
  });

program
  .command('report')
  .description('write the audit report: a static HTML site (open index.html) with every table, failed identity, narrative slip and warning, each clickable to where it is printed')
  .option('-i, --in <dir>', 'directory of records', 'output')
  .option('-o, --out <dir>', 'directory the site is written to', 'report')
  .option('--dpi <n>', 'resolution of the page images', (v) => positiveInt(v, '--dpi', 36), 110)
  .option('-q, --quiet', 'no progress lines')
  .action(async (opts: { in: string; out: string; dpi: number; quiet?: boolean }) => {
    const { runReport } = await import('./commands/report.js');
    const r = await runReport(opts);
    if (r.documents === 0) {
      process.stderr.write(`no records found under ${opts.in}\n`);
      process.exitCode = 1;
    } else if (r.skipped) process.exitCode = 1;
  });

program
  .command('schema')
  .description('print the JSON Schema (draft 2020-12) of a record, a fact row of export, or a sources.yaml')
  .addArgument(new Argument('<name>', 'which schema').choices(['record', 'facts', 'sources'] satisfies JsonSchemaName[]))
  .option('-o, --out <file>', 'write it to this file instead of standard output')
  .action(async (name: JsonSchemaName, opts: { out?: string }) => {
    const { runSchema } = await import('./commands/schema.js');
    await runSchema(name, opts.out ?? null);
  });

program
  .command('harvest')
  .description('crawl disclosure sites (sources.yaml or one listing URL) politely and incrementally, then extract every new document')
  .argument('<sources>', 'a sources.yaml file, or the URL of one listing page')
  .option('-o, --out <dir>', 'output directory (records; the ledger and content store go in <out>/.juesuan/)', 'output')
  .addOption(new Option('--ocr <mode>', 'OCR pages without a usable text layer').choices(['never', 'auto', 'always']).default('auto'))
  .addOption(new Option('--progress <mode>', 'progress display').choices(['auto', 'tty', 'plain', 'none']).default('auto'))
  .option('--rate-ms <ms>', 'minimum spacing of requests to one host (overrides sources.yaml)', (v) => positiveInt(v, '--rate-ms'))
  .option('--user-agent <ua>', 'User-Agent sent with every request')
  .option('--recheck', 're-validate already fetched attachments with conditional GET')
  .option('--retry-failed', 'also retry items that failed permanently before (404, HTML served as PDF, …)')
  .option('--max-failed-runs <n>', 'stop retrying a transiently failing item after it failed in this many runs', (v) => positiveInt(v, '--max-failed-runs'))
  .option('-j, --jobs <n>', 'documents extracted at once, each in a worker thread, while fetching stays polite (default: the number of cores)', (v) => positiveInt(v, '--jobs', 1))
  .option('--allow-private', 'allow requests to private, loopback and link-local addresses (by default only a site that is itself on one may use them)')
  .option('--json', 'print the run summary as JSON (counts, failures, records written) instead of the summary line')
  .action(async (sources: string, opts: { out: string; ocr: 'never' | 'auto' | 'always'; progress: 'auto' | 'tty' | 'plain' | 'none'; rateMs?: number; userAgent?: string; recheck?: boolean; retryFailed?: boolean; maxFailedRuns?: number; allowPrivate?: boolean; jobs?: number; json?: boolean }) => {
    const { runHarvest } = await import('./harvest/index.js');
    const summary = await runHarvest({
      sources,
      out: opts.out,
      ocr: opts.ocr,
      progress: opts.progress,
      rateMs: opts.rateMs,
      userAgent: opts.userAgent,
      recheck: opts.recheck,
      retryFailed: opts.retryFailed,
      maxFailedRuns: opts.maxFailedRuns,
      allowPrivate: opts.allowPrivate,
      extractConcurrency: opts.jobs ?? availableParallelism(),
    });
    if (opts.json) printJson({ command: 'harvest', ok: summary.failed === 0, ...summary });
    else printHarvestSummary(summary);
    if (summary.failed > 0) process.exitCode = 1;
  });

program
  .command('demo')
  .description('harvest the bundled demo site (samples/site, served on 127.0.0.1) end to end')
  .option('-o, --out <dir>', 'output directory', 'output/demo-harvest')
  .action(async (opts: { out: string }) => {
    const { runDemoHarvest } = await import('./harvest/demo-server.js');
    printHarvestSummary(await runDemoHarvest({ out: opts.out, extractConcurrency: availableParallelism() }));
  });

function positiveInt(value: string, flag: string, min = 0): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`${flag} takes a whole number, not "${value}"`);
  return n;
}

function printHarvestSummary(s: import('./harvest/index.js').HarvestSummary): void {
  process.stdout.write(
    `harvest: ${s.found} documents found, ${s.fetched} fetched, ${s.notModified} not modified, ${s.deduplicated} duplicates, ` +
      `${s.extracted} extracted, ${s.emitted} records written, ${s.failed} failed in ${(s.durationMs / 1000).toFixed(1)} s; ledger ${s.ledgerPath}\n`,
  );
  for (const f of s.failures) process.stdout.write(`  ✗ ${f.stage} ${f.url}: ${f.reason}\n`);
}

// `juesuan export | head`: the reader went away; that is the end of the output, not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

program.parseAsync(process.argv).catch((err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(`juesuan: ${err.message}\n`);
  process.exitCode = EXIT_USAGE;
});
