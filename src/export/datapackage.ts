import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeAtomicPath } from '../files/atomic.js';
import type { DocumentRecord } from '../../schemas/record.js';
import { csvLine, isAmountUnit } from './facts.js';
import { datasetTable, type ColumnType, type DatasetColumn, type DatasetRow } from './dataset.js';

/**
 * A Frictionless Fiscal Data Package (fiscal-data-package 0.3): a folder with `datapackage.json` and
 * the resources `facts.csv` and `checks.csv`. The fiscal model maps the facts: measure `amount` (the
 * money amounts, all in one unit, so that one `factor` holds), phase approved (预算) / executed (决算),
 * direction revenue / expenditure, the functional and economic classification codes and labels,
 * fiscal period = year, administrative classification = department.
 */

const FIELD_TYPE: Record<ColumnType, string> = { text: 'string', integer: 'integer', decimal: 'number', boolean: 'boolean' };
const YUAN_FACTOR: Record<string, number> = { 元: 1, 千元: 1000, 万元: 10000, 亿元: 100000000 };

const EXTRA: DatasetColumn[] = [
  { name: 'amount', type: 'decimal', description: 'value when it is money in the package unit, else empty (the fiscal measure)' },
  { name: 'phase', type: 'text', description: 'approved (a 预算, or a 决算 table’s 预算数) or executed (决算数)' },
  { name: 'direction', type: 'text', description: 'revenue, expenditure, or empty (balances, narrative, performance)' },
  { name: 'functional_code', type: 'text', description: '支出功能分类 code (t2, t3, t5, t8, t9 rows)' },
  { name: 'functional_label', type: 'text', description: 'its label' },
  { name: 'economic_code', type: 'text', description: '支出经济分类 code (t6 rows)' },
  { name: 'economic_label', type: 'text', description: 'its label' },
];

/** Revenue or expenditure, by the table and its section or column; '' where neither (carry-overs, narrative). */
function direction(f: DatasetRow): string {
  const t = f.table_id;
  if (t === 't2') return 'revenue';
  if (t === 't1' || t === 't4') return f.section === 'income' ? 'revenue' : f.section === 'expense' ? 'expenditure' : '';
  if (t === 't8' || t === 't9') return f.column_key === 'income' ? 'revenue' : String(f.column_key).startsWith('carryover') ? '' : 'expenditure';
  return ['t3', 't5', 't6', 't7', 'p1'].includes(String(t)) ? 'expenditure' : '';
}

function fiscalColumns(f: DatasetRow, unit: string): DatasetRow {
  const code = String(f.row_code ?? '');
  const classified = code !== '' && /^\d+$/.test(code);
  const economic = classified && f.table_id === 't6';
  const functional = classified && ['t2', 't3', 't5', 't8', 't9'].includes(String(f.table_id));
  return {
    amount: f.unit === unit ? f.value : null,
    phase: f.kind === 'budget' || f.section === 'budget' ? 'approved' : 'executed',
    direction: direction(f),
    functional_code: functional ? code : null,
    functional_label: functional ? f.row_label : null,
    economic_code: economic ? code : null,
    economic_label: economic ? f.row_label : null,
  };
}

const field = (c: DatasetColumn) => ({ name: c.name, type: FIELD_TYPE[c.type], description: c.description, ...(c.type === 'decimal' ? { decimalChar: '.', bareNumber: true } : {}) });
const cell = (v: unknown) => (typeof v === 'bigint' ? v.toString() : v);

/** Writes the package folder atomically (a failed export leaves the old folder). `unit` defaults to 元. */
export async function writeDatapackage(records: DocumentRecord[], out: string, unit = '元'): Promise<Record<string, number>> {
  if (!isAmountUnit(unit)) throw new Error(`--unit ${unit} is no money unit`);
  const facts = datasetTable('facts');
  const checks = datasetTable('checks');
  const factColumns = [...facts.columns, ...EXTRA];
  const counts: Record<string, number> = { facts: 0, checks: 0 };
  const years = new Set<number>();
  await writeAtomicPath(out, async (tmp) => {
    await mkdir(tmp);
    const lines = [csvLine(factColumns.map((c) => c.name))];
    for (const r of records) {
      for (const f of facts.rows(r, unit)) {
        const row = { ...f, ...fiscalColumns(f, unit) };
        lines.push(csvLine(factColumns.map((c) => cell(row[c.name]))));
        counts.facts++;
      }
      if (r.document.year !== null) years.add(r.document.year);
    }
    await writeFile(join(tmp, 'facts.csv'), `${lines.join('\n')}\n`);
    const checkLines = [csvLine(checks.columns.map((c) => c.name))];
    for (const r of records) {
      for (const c of checks.rows(r)) {
        checkLines.push(csvLine(checks.columns.map((col) => cell(c[col.name]))));
        counts.checks++;
      }
    }
    await writeFile(join(tmp, 'checks.csv'), `${checkLines.join('\n')}\n`);
    const sorted = [...years].sort();
    const descriptor = {
      profile: 'fiscal-data-package',
      // the profile set FDP 0.3 recommends
      profiles: { fiscal: '*', tabular: '*' },
      name: 'juesuan-facts',
      title: '部门决算/预算 tidy facts (juesuan)',
      countryCode: 'CN',
      granularity: 'aggregated',
      ...(sorted.length ? { fiscalPeriod: { start: `${sorted[0]}-01-01`, end: `${sorted.at(-1)}-12-31` } } : {}),
      resources: [
        { name: 'facts', path: 'facts.csv', profile: 'tabular-data-resource', format: 'csv', mediatype: 'text/csv', encoding: 'utf-8', schema: { fields: factColumns.map(field), missingValues: [''] } },
        { name: 'checks', path: 'checks.csv', profile: 'tabular-data-resource', format: 'csv', mediatype: 'text/csv', encoding: 'utf-8', schema: { fields: checks.columns.map(field), missingValues: [''], primaryKey: checks.primaryKey } },
      ],
      model: {
        measures: { amount: { source: 'amount', resource: 'facts', currency: 'CNY', factor: YUAN_FACTOR[unit] } },
        dimensions: {
          'functional-classification': {
            dimensionType: 'classification',
            classificationType: 'functional',
            attributes: { code: { source: 'functional_code', resource: 'facts' }, label: { source: 'functional_label', resource: 'facts', labelfor: 'code' } },
            primaryKey: 'code',
          },
          'economic-classification': {
            dimensionType: 'classification',
            classificationType: 'economic',
            attributes: { code: { source: 'economic_code', resource: 'facts' }, label: { source: 'economic_label', resource: 'facts', labelfor: 'code' } },
            primaryKey: 'code',
          },
          'administrative-classification': {
            dimensionType: 'classification',
            classificationType: 'administrative',
            attributes: { region: { source: 'region', resource: 'facts' }, department: { source: 'department', resource: 'facts' } },
            primaryKey: ['region', 'department'],
          },
          date: { dimensionType: 'datetime', attributes: { year: { source: 'year', resource: 'facts' } }, primaryKey: 'year' },
          phase: { dimensionType: 'other', attributes: { phase: { source: 'phase', resource: 'facts' } }, primaryKey: 'phase' },
          direction: { dimensionType: 'other', attributes: { direction: { source: 'direction', resource: 'facts' } }, primaryKey: 'direction' },
          item: {
            dimensionType: 'fact',
            attributes: {
              doc_id: { source: 'doc_id', resource: 'facts' },
              table_id: { source: 'table_id', resource: 'facts' },
              section: { source: 'section', resource: 'facts' },
              row_code: { source: 'row_code', resource: 'facts' },
              row_label: { source: 'row_label', resource: 'facts' },
              column_key: { source: 'column_key', resource: 'facts' },
            },
            primaryKey: ['doc_id', 'table_id', 'section', 'row_code', 'row_label', 'column_key'],
          },
        },
      },
    };
    await writeFile(join(tmp, 'datapackage.json'), `${JSON.stringify(descriptor, null, 2)}\n`);
  });
  return counts;
}
