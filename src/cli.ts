import { Command, Option } from 'commander';
import { runExtract } from './commands/extract.js';
import { runExport } from './commands/export.js';
import { EXTRACTOR_VERSION } from './pipeline/index.js';

const program = new Command();
program
  .name('juesuan')
  .description('Turn Chinese government 部门决算 disclosures (PDF, scans, text, HTML) into validated JSON records and tidy data')
  .version(EXTRACTOR_VERSION);

program
  .command('extract')
  .description('extract the standard tables of each document into output/<region>/<department>/<year>.<kind>.json')
  .argument('<inputs...>', 'PDF, text or HTML files, or directories of them')
  .option('-o, --out <dir>', 'output directory', 'output')
  .addOption(new Option('--ocr <mode>', 'OCR pages without a usable text layer').choices(['never', 'auto', 'always']).default('auto'))
  .option('-q, --quiet', 'print only errors')
  .action(async (inputs: string[], opts: { out: string; ocr: 'never' | 'auto' | 'always'; quiet?: boolean }) => {
    const outcomes = await runExtract(inputs, opts);
    // Non-zero only when a document could not be read at all; identity failures are data, not errors.
    if (outcomes.some((o) => !o.ok)) process.exitCode = 1;
  });

program
  .command('export')
  .description('flatten all records under a directory into tidy facts (one row per non-blank cell)')
  .option('-i, --in <dir>', 'directory of records', 'output')
  .addOption(new Option('-f, --format <format>', 'output format').choices(['csv', 'ndjson']).default('csv'))
  .option('-o, --out <file>', 'output file (default: standard output)')
  .action(async (opts: { in: string; format: 'csv' | 'ndjson'; out?: string }) => {
    const result = await runExport({ in: opts.in, format: opts.format, out: opts.out ?? null });
    if (result.records === 0) {
      process.stderr.write(`no records found under ${opts.in}\n`);
      process.exitCode = 1;
    }
  });

program.parseAsync(process.argv).catch((err: Error) => {
  process.stderr.write(`juesuan: ${err.message}\n`);
  process.exitCode = 2;
});
