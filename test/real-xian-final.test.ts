/**
 * Header words on documents we did not make. The 2022 部门决算 (汇总) of 西安市卫生健康委员会 (171 pages,
 * tables on pp. 146–161 titled 公开01表…公开09表) heads its code column `科目代码` and prints 会议费/培训费
 * beside the 三公 items; every value asserted here was read by hand from `pdftotext -layout -f 146 -l 161`
 * and the rendered pages. A LibreOffice-made document (test/fixtures/header/) is the second producer.
 */
import { readFileSync } from 'node:fs';
import type { DocumentRecord, Row, Table } from '../schemas/record.js';
import { recordFacts } from '../src/export/facts.js';
import { extractDocument } from '../src/pipeline/index.js';

const read = (path: string) =>
  extractDocument({ bytes: new Uint8Array(readFileSync(path)), fileName: path.split('/').pop()!, sourcePath: path }, { ocr: 'never' });

const row = (t: Table, pred: (r: Row) => boolean): Row => {
  const found = t.rows.filter(pred);
  if (found.length !== 1) throw new Error(`${t.id}: ${found.length} rows match`);
  return found[0];
};
const byCode = (t: Table, code: string) => row(t, (r) => r.code === code);
const byLabel = (t: Table, label: string, section?: string) => row(t, (r) => r.label === label && (section === undefined || r.section === section));
/** The row's non-blank values by key. */
const values = (r: Row) => Object.fromEntries(r.cells.filter((c) => c.kind !== 'blank').map((c) => [c.key, c.value]));
const CODE_TEXT = /^\d{3}(?:\d{2}){0,2}$/;

describe('shaanxi-xian-weijianwei-2022-final.pdf (Xi\'an, 公开NN表 titles, 科目代码 header)', () => {
  let record: DocumentRecord;
  beforeAll(async () => {
    record = await read('test/fixtures/real/shaanxi-xian-weijianwei-2022-final.pdf');
  });

  it('finds the nine tables on pages 146–161', () => {
    const t = record.tables;
    expect(Object.values(t).map((x) => `${x.id}:${x.status}`)).toEqual([
      't1:present', 't2:present', 't3:present', 't4:present', 't5:present', 't6:present', 't7:present', 't8:present', 't9:empty',
    ]);
    expect([t.t1.pages, t.t2.pages, t.t3.pages, t.t5.pages, t.t6.pages, t.t7.pages]).toEqual([[146], [147, 148, 149], [150, 151, 152], [154, 155, 156], [157, 158], [161]]);
    expect(t.t7.title).toBe('财政拨款“三公”经费及会议费、培训费支出决算表');
    expect(t.t2.unit).toBe('万元');
  });

  it('knows every printed header word: no unknown column, no x_* key', () => {
    expect(record.warnings.filter((w) => w.code === 'unknown-column' || w.code === 'code-column-from-body')).toEqual([]);
    for (const table of Object.values(record.tables)) expect(table.columns.filter((c) => c.key.startsWith('x_'))).toEqual([]);
    expect(record.tables.t2.columns.map((c) => c.key)).toEqual(['total', 'fiscal', 'superior_subsidy', 'business', 'operating', 'affiliated_remittance', 'other']);
  });

  it('表1: every total row and sample items, on both sides', () => {
    const t1 = record.tables.t1;
    const printed: [string, string, string][] = [
      ['本年收入合计', 'income', '2015094.22'],
      ['本年支出合计', 'expense', '2074962.01'],
      ['总计', 'income', '2480372.70'],
      ['总计', 'expense', '2480372.70'],
      ['一、一般公共预算财政拨款收入', 'income', '296030.91'],
      ['二、政府性基金预算财政拨款收入', 'income', '509220.66'],
      ['五、事业收入', 'income', '1110972.11'],
      ['八、其他收入', 'income', '98870.55'],
      ['年初结转和结余', 'income', '465278.48'],
      ['九、卫生健康支出', 'expense', '1474833.23'],
      ['二十三、其他支出', 'expense', '568051.63'],
      ['结余分配', 'expense', '6374.88'],
      ['年末结转和结余', 'expense', '399035.80'],
    ];
    expect(printed.map(([label, section]) => [label, section, values(byLabel(t1, label, section)).amount])).toEqual(printed);
    expect(byLabel(t1, '本年支出合计', 'expense').lineNo).toBe(57);
    expect(byLabel(t1, '二、外交支出', 'expense').cells.every((c) => c.kind === 'blank')).toBe(true);
  });

  it('表2: one row per printed line, with its code, label and every value in its column', () => {
    const t2 = record.tables.t2;
    expect(values(byLabel(t2, '合计'))).toEqual({ total: '2015094.22', fiscal: '805251.56', business: '1110972.11', other: '98870.55' });
    expect(byCode(t2, '201')).toMatchObject({ label: '一般公共服务支出', page: 147 });
    expect(values(byCode(t2, '2010405'))).toEqual({ total: '56.00', fiscal: '56.00' });
    expect(byCode(t2, '2010405').label).toBe('日常经济运行调节');
    expect(values(byCode(t2, '205'))).toEqual({ total: '5624.16', fiscal: '4902.65', business: '720.50', other: '1.00' });
    // a wrapped name, its code printed beside the middle of the two lines
    expect(byCode(t2, '2080505').label).toBe('机关事业单位基本养老保险缴费支出');
    expect(values(byCode(t2, '2080505'))).toEqual({ total: '10387.06', fiscal: '6897.94', business: '3489.09', other: '0.03' });
    expect(byCode(t2, '2100202')).toMatchObject({ label: '中医(民族)医院', page: 148 });
    expect(values(byCode(t2, '2100207'))).toEqual({ total: '139319.11', fiscal: '9827.40', business: '105720.90', other: '23770.82' });
    expect(values(byCode(t2, '21099'))).toEqual({ total: '16788.88', fiscal: '277.01', other: '16511.87' });
    expect(byCode(t2, '22904').label).toBe('其他政府性基金及对应专项债务收入安排的支出');
    expect(byCode(t2, '2290402')).toMatchObject({ label: '其他地方自行试点项目收益专项债券收入安排的支出', page: 149 });
    expect(values(byCode(t2, '2290402'))).toEqual({ total: '509220.66', fiscal: '509220.66' });
    // 合计 + 7 类 + their 款 and 项 lines, no half rows
    expect(t2.rows.length).toBe(69);
    expect(t2.rows.filter((r) => r.code === null).map((r) => r.label)).toEqual(['合计']);
    expect(t2.rows.filter((r) => r.code?.length === 3).map((r) => r.code)).toEqual(['201', '205', '208', '210', '221', '229']);
  });

  it('表3: totals and items with their basic/project split', () => {
    const t3 = record.tables.t3;
    expect(values(byLabel(t3, '合计'))).toEqual({ total: '2074962.01', basic: '1168039.29', project: '906922.72' });
    expect(values(byCode(t3, '208'))).toEqual({ total: '14994.95', basic: '14994.95' });
    expect(byCode(t3, '210').label).toBe('卫生健康支出');
    expect(values(byCode(t3, '210'))).toEqual({ total: '1474833.23', basic: '1137581.62', project: '337251.61' });
    expect(values(byCode(t3, '2100101'))).toEqual({ total: '4162.30', basic: '4162.30' });
    expect(values(byCode(t3, '2100102'))).toEqual({ total: '691.83', project: '691.83' });
    expect(values(byCode(t3, '2100203'))).toEqual({ total: '26669.89', basic: '18474.09', project: '8195.80' });
    expect(values(byCode(t3, '2109999'))).toEqual({ total: '11772.60', project: '11772.60' });
    expect(byCode(t3, '2210203')).toMatchObject({ label: '购房补贴', page: 152 });
    expect(values(byCode(t3, '2290402'))).toEqual({ total: '568051.63', project: '568051.63' });
    expect(t3.rows.length).toBe(69);
  });

  it('表5, 表6, 表8: codes over 科目代码, two-column 基本支出 table split in personnel/public', () => {
    const { t5, t6, t8 } = record.tables;
    expect(values(byLabel(t5, '合计'))).toEqual({ total: '296047.75', basic: '98606.29', project: '197441.45' });
    expect(values(byCode(t5, '2100410'))).toEqual({ total: '77024.07', basic: '3845.00', project: '73179.07' });
    expect(byCode(t6, '30101')).toMatchObject({ section: 'personnel', label: '基本工资' });
    expect(values(byCode(t6, '30101'))).toEqual({ amount: '32390.68' });
    expect(byCode(t6, '30215')).toMatchObject({ section: 'public', label: '会议费' });
    expect(values(byCode(t6, '30215'))).toEqual({ amount: '23.86' });
    expect(values(byCode(t6, '31002'))).toEqual({ amount: '7.17' });
    expect(values(byLabel(t6, '人员经费合计'))).toEqual({ amount: '96513.21' });
    expect(values(byLabel(t6, '公用经费合计'))).toEqual({ amount: '2093.08' });
    expect(values(byCode(t8, '2290402'))).toEqual({ carryover_begin: '58830.98', income: '509220.66', expense_total: '568051.63', project: '568051.63' });
  });

  it('表7: 会议费 and 培训费 are columns of their own, in a 预算数 row and a 决算数 row', () => {
    const t7 = record.tables.t7;
    expect(t7.columns.map((c) => c.key)).toEqual(['total', 'overseas', 'vehicle_subtotal', 'vehicle_purchase', 'vehicle_operation', 'reception', 'meeting', 'training']);
    expect(t7.rows.map((r) => `${r.section}:${r.label}`)).toEqual(['budget:预算数', 'actual:决算数']);
    expect(values(byLabel(t7, '预算数'))).toEqual({
      total: '593.46', vehicle_subtotal: '591.60', vehicle_purchase: '136.48', vehicle_operation: '455.12', reception: '1.86', meeting: '86.81', training: '2795.78',
    });
    expect(values(byLabel(t7, '决算数'))).toEqual({
      total: '587.55', vehicle_subtotal: '587.44', vehicle_purchase: '136.48', vehicle_operation: '450.96', reception: '0.11', meeting: '86.81', training: '2795.78',
    });
  });

  it('runs the code hierarchy checks, and they pass', () => {
    const hierarchy = record.checks.filter((c) => c.kind === 'hierarchy');
    const tables = new Set(hierarchy.map((c) => c.left.table));
    expect([...tables].sort()).toEqual(['t2', 't3', 't5', 't6', 't8']);
    expect(hierarchy.length).toBeGreaterThan(200);
    expect(hierarchy.find((c) => c.id === 't2:tree:210:total')).toMatchObject({ status: 'pass', actual: '1473762.54' });
    expect(record.checks.filter((c) => c.status === 'fail' && c.kind !== 'narrative').map((c) => c.rule)).toEqual([]);
  });

  it('exports no classification code as an amount', () => {
    // the nine tables' facts (绩效 scores such as 100 are printed without decimals)
    const facts = recordFacts(record).filter((f) => f.table_id !== 'performance');
    expect(facts.length).toBeGreaterThan(600);
    // every amount of this document prints two decimals: a bare 3/5/7-digit text can only be a code
    expect(facts.filter((f) => CODE_TEXT.test(f.text))).toEqual([]);
    expect(facts.filter((f) => f.row_code && f.text === f.row_code)).toEqual([]);
    expect(facts.find((f) => f.table_id === 't2' && f.row_code === '2010405' && f.column_key === 'total')).toMatchObject({ value: '56.00', unit: '万元', row_label: '日常经济运行调节' });
  });

  it('reads its 88 绩效自评表 of projects and the 部门整体 form (pp. 30–141) into record.performance', () => {
    const p = record.performance;
    expect([p.projects.length, p.department.length]).toEqual([88, 1]);
    // every narrative project is paired with its form: the narrative prefixes a project with its unit
    // (matched by the form's 实施单位), prints other dashes and brackets (…传染病-艾滋病 / …传染病——艾滋病,
    // （疾控中心） / -(疾控中心)), drops or adds a word (水电费 / 水电费用项目, 中医药康复服务能力提升 /
    // 中医药康复能力提升项目), and names two projects alike (56. and 57. 西安急救中心疫情防控经费)
    expect(p.warnings).toEqual([]);
    const matched = p.checks.filter((c) => c.kind === 'narrative');
    expect(matched.length).toBe(263);
    const pair = (narrativeKey: string) => matched.filter((c) => c.right[0].row === narrativeKey).map((c) => [c.left.where, c.left.column, c.status]);
    expect(matched.some((c) => c.rule.startsWith('2022年病媒生物防制 执行数') && c.status !== 'fail')).toBe(true);
    expect(pair('perf_project:西安市中医医院中医药康复服务能力提升:actual')).toEqual([['中医药康复能力提升项目', '执行数', 'pass']]);
    expect(pair('perf_project:西安市疾病预防控制中心2022中央重大传染病-艾滋病:actual')).toEqual([['2022中央重大传染病——艾滋病', '执行数', 'pass']]);
    expect(pair('perf_project:西安市疾病预防控制中心新冠疫情防控:budget')).toEqual([['新冠疫情防控', '预算数', 'pass']]);
    expect(pair('perf_project:西安急救中心疫情防控经费:budget')).toEqual([['西安急救中心疫情防控经费', '预算数', 'pass'], ['疫情防控经费', '预算数', 'pass']]);
    // what still fails is the source's: the narrative's 3215.02 (141.2%) against the form's 2174.20, its 35%
    // for 21143.98/21143.98, and the 医用光学仪器 / 第一医院 公共卫生事业发展资金 forms that print the 迁建
    // project's 7614.74 and 1000% (pp. 138, 140)
    expect(matched.filter((c) => c.status === 'fail').map((c) => `${c.left.where} ${c.left.column} ${c.actual}|${c.right[0].value}`).filter((s) => !s.includes('执行率 1000|'))).toEqual([
      '医疗耗材和试剂项目 执行率 83.5|83.47',
      '疾控新址实验设备采购 执行数 2174.2|3215.02',
      '疾控新址实验设备采购 执行率 95.49|141.2',
      '西安市第三医院二期扩建项目 执行率 100|35',
      '医用光学仪器 预算数 7614.74|512',
      '医用光学仪器 执行数 7614.74|512',
      '公共卫生事业发展资金 预算数 7614.74|400',
      '公共卫生事业发展资金 执行数 7614.74|400',
    ]);
    // every form has its 资金 row, indicators and a 总分
    expect(p.projects.filter((f) => !f.funding[0]?.budget?.value || f.indicators.length < 5 || !f.total?.value).map((f) => f.name)).toEqual([]);
    expect(p.department[0].pages).toEqual([30, 31]);
    // each slip found is the source's: 1000% printed for 400/400 (p. 98) among them
    expect(p.checks.some((c) => c.kind === 'rate' && c.status === 'fail' && c.actual === '1000' && c.left.page === 98)).toBe(true);
  });
});

describe('LibreOffice-made 决算 tables: 科目代码, a code column without header words, 会议费/培训费', () => {
  let record: DocumentRecord;
  beforeAll(async () => {
    record = await read('test/fixtures/header/libreoffice-kemu-daima.pdf');
  });

  it('reads 科目代码 as the code column (表2)', () => {
    const t2 = record.tables.t2;
    expect(record.provenance.producer).toMatch(/LibreOffice/);
    expect(t2.columns.map((c) => c.key)).toEqual(['total', 'fiscal', 'business', 'other']);
    expect(t2.rows.map((r) => r.code)).toEqual([null, '207', '20701', '2070101', '2070109', '208', '20805', '2080505', '2080506']);
    expect(byCode(t2, '2070109').label).toBe('群众文化');
    expect(values(byCode(t2, '2070109'))).toEqual({ total: '260.30', fiscal: '200.10', business: '55.20', other: '5.00' });
    expect(values(byLabel(t2, '合计'))).toEqual({ total: '1240.50', fiscal: '1180.30', business: '55.20', other: '5.00' });
    expect(byCode(t2, '2080505').label).toBe('机关事业单位基本养老保险缴费支出');
  });

  it('tells a code column by its body when no header word names it (表5), and says so', () => {
    const t5 = record.tables.t5;
    expect(t5.columns.map((c) => c.key)).toEqual(['total', 'basic', 'project']);
    expect(t5.rows.map((r) => r.code)).toEqual([null, '207', '20701', '2070101', '2070109', '208', '20805', '2080505', '2080506']);
    expect(values(byCode(t5, '2070101'))).toEqual({ total: '842.10', basic: '842.10' });
    expect(record.warnings.filter((w) => w.code === 'code-column-from-body').map((w) => w.table)).toEqual(['t5']);
    expect(record.warnings.filter((w) => w.code === 'unknown-column')).toEqual([]);
  });

  it('reads 会议费/培训费 and the 预算数/决算数 rows of 表7', () => {
    const t7 = record.tables.t7;
    expect(values(byLabel(t7, '预算数'))).toEqual({ total: '12.00', vehicle_subtotal: '9.00', vehicle_operation: '9.00', reception: '3.00', meeting: '4.50', training: '6.20' });
    expect(values(byLabel(t7, '决算数'))).toEqual({ total: '10.80', vehicle_subtotal: '8.60', vehicle_operation: '8.60', reception: '2.20', meeting: '3.90', training: '5.75' });
    expect(t7.rows.map((r) => r.section)).toEqual(['budget', 'actual']);
  });

  it('checks the hierarchy and exports no code as an amount', () => {
    const hierarchy = record.checks.filter((c) => c.kind === 'hierarchy');
    expect(new Set(hierarchy.map((c) => c.left.table))).toEqual(new Set(['t2', 't5']));
    expect(record.checks.filter((c) => c.status === 'fail' && c.kind !== 'narrative')).toEqual([]);
    expect(recordFacts(record).filter((f) => CODE_TEXT.test(f.text))).toEqual([]);
  });

});
