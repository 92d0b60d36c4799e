import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FACT_COLUMNS } from '../schemas/facts.js';
import { juesuan, run } from './helpers/cli.js';

const SEED = 'test/fixtures/text/hanyang-xinfang-2020.txt';
const PDF = 'test/fixtures/generated/hubei-2020-xiling-minzheng.pdf';

describe('juesuan extract / export', () => {
  const work = mkdtempSync(join(tmpdir(), 'juesuan-cli-'));
  const out = join(work, 'output');
  const bad = join(work, 'error-page.pdf');
  const empty = join(work, 'empty.pdf');
  const truncated = join(work, 'truncated.pdf');
  writeFileSync(bad, '<!DOCTYPE html><html><body>404 Not Found</body></html>');
  writeFileSync(empty, '');
  writeFileSync(truncated, readFileSync(PDF).subarray(0, 20000));

  it('extracts a batch, reports unreadable files by name, and still writes the other records', async () => {
    const r = await juesuan(['extract', SEED, bad, empty, truncated, PDF, join(work, 'missing.pdf'), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${bad}: not a PDF: an HTML page saved as .pdf`);
    expect(r.stderr).toContain(`${empty}: the file is empty`);
    expect(r.stderr).toMatch(new RegExp(`${truncated.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*truncated`));
    expect(r.stderr).toContain('missing.pdf: cannot open the file: ENOENT');
    expect(r.stdout).toMatch(/✓ .*hanyang-xinfang-2020\.txt → .*武汉市汉阳区\/信访局\/2020\.final\.json \[written\]/);
    // The tables agree; the failures are the narrative's slips (卫生健康 28.7 vs 28.71 first).
    expect(r.stdout).toMatch(/tables 7 present, 2 empty, 0 missing; cells \d+; checks \d+ passed, 5 failed; .*first failure: narrative gpb_class:210:actual "28.7 万元"/);
    expect(r.stdout).toContain('2 of 6 document(s) extracted, 4 could not be read');
    expect(existsSync(join(out, '武汉市汉阳区', '信访局', '2020.final.json'))).toBe(true);
    expect(existsSync(join(out, '宜昌市西陵区', '民政局', '2020.final.json'))).toBe(true);
  });

  it('leaves an unchanged record alone, and never overwrites a record from another source', async () => {
    const again = await juesuan(['extract', SEED, '--out', out]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('[unchanged]');

    const altered = join(work, 'hanyang-reissued.txt');
    writeFileSync(altered, readFileSync(SEED, 'utf8').replace('2010301			行政运行	284. 57	284. 57', '2010301			行政运行	284. 67	284. 57'));
    const r = await juesuan(['extract', altered, '--out', out]);
    expect(r.stdout).toContain('[conflict]');
    const files = readdirSync(join(out, '武汉市汉阳区', '信访局')).sort();
    expect(files).toHaveLength(2);
    const original = JSON.parse(readFileSync(join(out, '武汉市汉阳区', '信访局', '2020.final.json'), 'utf8'));
    expect(original.provenance.fileName).toBe(SEED);
  });

  it('reports the changed cell as failed identities with where it is', async () => {
    const dir = join(out, '武汉市汉阳区', '信访局');
    const reissued = readdirSync(dir).find((f) => f !== '2020.final.json')!;
    const record = JSON.parse(readFileSync(join(dir, reissued), 'utf8'));
    const failed = record.checks.filter((c: { status: string }) => c.status === 'fail');
    expect(failed.length).toBeGreaterThan(0);
    const tree = failed.find((c: { id: string }) => c.id === 't2:tree:20103:total');
    expect(tree).toMatchObject({ actual: '654.4', expected: '654.5', difference: '-0.1', status: 'fail' });
    expect(tree.right.find((r: { row: string }) => r.row === '2010301')).toMatchObject({ value: '284.67', table: 't2' });
    // The source value is kept as printed, never "fixed".
    const cell = record.tables.t2.rows.find((r: { code: string }) => r.code === '2010301').cells[0];
    expect(cell).toMatchObject({ text: '284. 67', value: '284.67' });
  });

  it('exports tidy facts as CSV with the documented columns', async () => {
    const csv = join(work, 'facts.csv');
    const r = await juesuan(['export', '--in', out, '--format', 'csv', '--out', csv]);
    expect(r.code).toBe(0);
    const text = readFileSync(csv, 'utf8');
    // a UTF-8 byte-order mark first, so that Excel opens the Chinese as Chinese
    expect(text.startsWith('\uFEFFdoc_id,')).toBe(true);
    const lines = text.slice(1).trimEnd().split('\n');
    expect(lines[0]).toBe(FACT_COLUMNS.join(','));
    expect(lines[0]).toBe('doc_id,region,department,year,kind,table_id,section,row_code,row_label,line_no,column_key,column_label,text,value,unit,page,source_sha256');
    // The original and the reissued source (a conflict) both give this fact: source_sha256 tells them apart.
    const rows = lines.filter((l) => l.includes(',t3,,2010301,行政运行,,basic,'));
    const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
    expect(rows.sort()).toEqual([
      `武汉市汉阳区/信访局/2020.final,武汉市汉阳区,武汉市汉阳区信访局,2020,final,t3,,2010301,行政运行,,basic,基本支出,284. 57,284.57,万元,,${sha(SEED)}`,
      `武汉市汉阳区/信访局/2020.final,武汉市汉阳区,武汉市汉阳区信访局,2020,final,t3,,2010301,行政运行,,basic,基本支出,284. 57,284.57,万元,,${sha(join(work, 'hanyang-reissued.txt'))}`,
    ].sort());
    expect(r.stderr).toMatch(/warning: 武汉市汉阳区\/信访局\/2020\.final: 2 different source documents \([0-9a-f]{12}, [0-9a-f]{12}\); the facts of each are exported, told apart by source_sha256/);
    const incomeRow = lines.find((l) => l.startsWith('武汉市汉阳区/信访局/2020.final,') && l.includes(',t1,income,,一、一般公共预算财政拨款收入,1,amount,'));
    expect(incomeRow).toContain(',707.12,707.12,万元,');
  });

  it('converts units exactly on export when asked, keeping the printed text', async () => {
    const nd = join(work, 'facts-yuan.ndjson');
    await juesuan(['export', '--in', out, '--format', 'ndjson', '--out', nd, '--unit', '元']);
    const facts = readFileSync(nd, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    const f = facts.find((x) => x.doc_id === '武汉市汉阳区/信访局/2020.final' && x.table_id === 't3' && x.row_code === '2010301' && x.column_key === 'basic');
    expect(f).toMatchObject({ text: '284. 57', value: '2845700', unit: '元' });
  });

  it('exports NDJSON with the same facts', async () => {
    const nd = join(work, 'facts.ndjson');
    await juesuan(['export', '--in', out, '--format', 'ndjson', '--out', nd]);
    const csvCount = readFileSync(join(work, 'facts.csv'), 'utf8').trimEnd().split('\n').length - 1;
    expect(readFileSync(nd, 'utf8').startsWith('{"doc_id":')).toBe(true);
    const facts = readFileSync(nd, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(facts).toHaveLength(csvCount);
    expect(Object.keys(facts[0])).toEqual([...FACT_COLUMNS]);
    const pdfFact = facts.find((f) => f.department === '宜昌市西陵区民政局' && f.table_id === 't2');
    expect(pdfFact.page).toBeGreaterThan(1);
  });

  it('writes CSV without the byte-order mark when asked, and stops quietly when the reader of its output goes away', async () => {
    const csv = join(work, 'facts-nobom.csv');
    await juesuan(['export', '--in', out, '--format', 'csv', '--out', csv, '--no-bom']);
    expect(readFileSync(csv, 'utf8').startsWith('doc_id,region,')).toBe(true);
    // `export | head -1`: EPIPE after the first line is the end of the output, not a crash
    const { stdout, stderr } = await run('sh', ['-c', `node bin/juesuan.mjs export --in '${out}' --format ndjson | head -1`]);
    expect(stdout.split('\n')[0]).toMatch(/^\{"doc_id":/);
    expect(stderr).not.toMatch(/EPIPE|Error/);
  });

  it('prints the JSON Schema of a record, the same as the one shipped in schemas/', async () => {
    const r = await juesuan(['schema', 'record']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync('schemas/record.schema.json', 'utf8'));
    const bad = await juesuan(['schema', 'table']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/'table' is invalid for argument 'name'. Allowed choices are record, facts, sources/);
  });
});
