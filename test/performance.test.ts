/**
 * record.performance: the 绩效自评 forms and tables, on converter text (the seed), a Writer-made PDF of
 * the seed's 信访工作经费 form, and the real 2022 决算 of 西安市卫生健康委员会 (a different province's form:
 * 年初预算数 + 全年预算数（A）, a 分值 column, 偏差原因 per indicator). Every value asserted was read by
 * hand from the seed text, test/fixtures/performance/writer-hanyang-jixiao.html and
 * `pdftotext -layout -f N -l N` of the Xi'an pages (checked on the rendered page 98 for its 1000%).
 */
import { readFileSync } from 'node:fs';
import { readPdfLayout } from '../extractors/pdf/index.js';
import type { DocumentRecord } from '../schemas/record.js';
import type { Performance, PerfForm } from '../schemas/performance.js';
import { recordFacts } from '../src/export/facts.js';
import { extractDocument } from '../src/pipeline/index.js';
import { checkAgainstNarrative, readPerformance, type NarrativeFigure } from '../src/performance/index.js';

const extract = (path: string) =>
  extractDocument({ bytes: new Uint8Array(readFileSync(path)), fileName: path.split('/').pop()!, sourcePath: path }, { ocr: 'never' });

const form = (p: Performance, name: string): PerfForm => {
  const found = [...p.projects, ...p.department].filter((f) => f.name === name);
  if (found.length !== 1) throw new Error(`${found.length} forms named ${name}`);
  return found[0];
};
const texts = (f: PerfForm['funding'][number]) => [f.initial?.text ?? null, f.budget?.text ?? null, f.actual?.text ?? null, f.rate?.text ?? null, f.points?.text ?? null, f.score?.text ?? null];
const indicator = (f: PerfForm, name: string) => {
  const found = f.indicators.filter((x) => x.name === name);
  if (found.length !== 1) throw new Error(`${found.length} indicators named ${name}`);
  const x = found[0];
  return [x.level1, x.level1Points, x.level2, x.level2Points, x.target?.text ?? null, x.actual?.text ?? null, x.points?.text ?? null, x.score?.text ?? null];
};
const check = (p: Performance, rule: string) => {
  const found = p.checks.filter((c) => c.rule === rule);
  if (found.length !== 1) throw new Error(`${found.length} checks "${rule}"`);
  return found[0];
};

describe('seed text (汉阳区信访局 2020): three project forms, the 部门整体 form and the 整体 tables', () => {
  let record: DocumentRecord;
  let p: Performance;
  beforeAll(async () => {
    record = await extract('test/fixtures/text/hanyang-xinfang-2020.txt');
    p = record.performance;
  });

  it('reads each project form: name, 主管部门, 实施单位, 预算数 / 执行数 / 执行率 / 得分, 总分', () => {
    expect(p.projects.map((f) => [f.name, f.department, f.implementer, f.unit, f.indicators.length, f.total?.value])).toEqual([
      ['信访工作经费', '武汉市汉阳区信访局', '武汉市汉阳区信访局', '万元', 14, '91.04'],
      ['全区稳定工作经费', '武汉市汉阳区信访局', '武汉市汉阳区信访局', '万元', 14, '94.00'],
      ['局机关运行保障工作经费项目', '武汉市汉阳区信访局', '武汉市汉阳区信访局', '万元', 16, '99.21'],
    ]);
    expect(p.projects.map((f) => [f.funding.length, f.funding[0].label, ...texts(f.funding[0])])).toEqual([
      [1, '年度财政资金总额', null, '236', '177.44', '75.18%', null, '15.04'],
      [1, '年度财政资金总额', null, '185', '185', '100%', null, '20.00'],
      [1, '年度财政资金总额', null, '12', '11.66', '97.16%', null, '19.43'],
    ]);
    expect(p.projects[0].funding[0].actual).toMatchObject({ value: '177.44', kind: 'number', page: null, line: 592 });
  });

  it('reads every indicator with its 一级/二级 names and points, also on rows a page break shifted', () => {
    const f = form(p, '信访工作经费');
    expect(indicator(f, '涉疫信访案件办结率')).toEqual(['产出指标', '40', '数量指标', '16', '100%', '100%', null, '4']);
    // after the page break the converter drops the blank column: 重复信访化解率 | 20% | 20% | 4
    expect(indicator(f, '重复信访化解率')).toEqual(['产出指标', '40', '质量指标', '16', '20%', '20%', null, '4']);
    expect(indicator(f, '宣传效益')).toEqual(['效益指标', '30', '社会效益指标', '20', '具有', '具有', null, '10']);
    expect(indicator(f, '信访工作满意度')).toEqual(['满意度指标', '10', '服务对象满意度', '10', '≥95%', '99.43%', null, '10']);
    expect(indicator(form(p, '局机关运行保障工作经费项目'), '缴纳残保金经费成本偏差率')).toEqual(['产出指标', '40', '成本指标', '8', '< 5 %', '15.45 %', null, '1.78']);
    expect(f.deviation).toMatch(/^①本年将信访工作经费和驻京维稳工作经费合并/);
    expect(f.improvement).toMatch(/^改进措施：汉阳区信访局将持续推进重复信访问题的化解/);
  });

  it('the 部门整体 form: its 年度目标 groups, 部门整体支出总额 and 总分', () => {
    const d = p.department[0];
    expect([d.name, d.unit, ...texts(d.funding[0]), d.total?.text]).toEqual(['武汉市汉阳区信访局汉阳区信访局', '万元', null, '707.89', '707.12', '99.89%', null, '19.98', '94.98']);
    expect(d.indicators.length).toBe(45);
    expect([...new Set(d.indicators.map((x) => x.goal))]).toEqual([
      '开展市区领导干部下基层大接访活动',
      '开展信访积案攻坚、化解重点信访案件',
      '深入推进阳光信访,及时办理群众来信、来访和网上信访事项',
      '保证信访秩序平稳可控',
      '维持正常日常办公,疫情防控和信访维稳工作有序开展',
    ]);
    // "效益指 标 (10 分) | 社会效益指 标 (8分) |  | 市交办重点信访积案化解率 | 90% | 95% | 2": the names shifted left
    expect(indicator(d, '市交办重点信访积案化解率')).toEqual(['效益指标', '10', '社会效益指标', '8', '90%', '95%', null, '2']);
    expect(check(p, '武汉市汉阳区信访局汉阳区信访局: 总分 = Σ 得分').status).toBe('pass');
  });

  it('the 整体 score table and the 执行率 table in 元, as printed', () => {
    const o = p.overall!;
    expect(o.scores.length).toBe(25);
    expect(o.scores.filter((r) => r.group === '目标 2:').map((r) => [r.label, r.weight?.text, r.score?.text, r.rate?.text])).toEqual([
      ['产出指标', '9', '8', '88.89%'],
      ['效益指标', '10', '9', '90.00%'],
      ['满意度指标', '2', '2', '100.00%'],
    ]);
    expect(o.scores[o.scores.length - 1]).toMatchObject({ label: '合计', total: true, weight: { value: '100' }, score: { value: '94.98' } });
    expect(o.execution!.unit).toBe('元');
    expect(o.execution!.rows.map((r) => [r.label, ...r.cells.map((c) => c.value)])).toEqual([
      ['预算支出', '5863600.00', '1215339.78', '7078939.78', '7071155.35', '-7784.43', '99.89'],
      ['基本支出', '2483600.00', '265339.78', '2748939.78', '3330212.71', '581272.93', '121.15'],
      ['项目支出', '3380000.00', '950000.00', '4330000.00', '3740942.64', '-589057.36', '86.40'],
    ]);
  });

  it('checks 执行率 = 执行数/预算数 and 总分 = Σ 得分; a score the converter lost fails, with a note', () => {
    expect(check(p, '信访工作经费 年度财政资金总额: 执行率 = 执行数 / 预算数')).toMatchObject({ status: 'pass-rounding', actual: '75.18' });
    expect(check(p, '信访工作经费: 总分 = Σ 得分')).toMatchObject({ status: 'pass', expected: '91.04' });
    expect(check(p, '局机关运行保障工作经费项目: 总分 = Σ 得分')).toMatchObject({ status: 'pass', expected: '99.21' });
    // "成本指标 (4 分) |  | 全区稳定经费成本控制率 |  | ≥95% | 100%": no 得分 cell in the converter's text
    expect(indicator(form(p, '全区稳定工作经费'), '全区稳定经费成本控制率')).toEqual(['产出指标', '40', '成本指标', '4', '≥95%', '100%', null, null]);
    expect(check(p, '全区稳定工作经费: 总分 = Σ 得分')).toMatchObject({ status: 'fail', expected: '90', actual: '94', note: '1 indicator(s) print no 得分 here' });
    expect(check(p, '合计 得分 = Σ 汇总:').status).toBe('pass');
    expect(check(p, '基本支出: 差异 = 实际支出数 − 调整后预算数').status).toBe('pass');
    // The form's own checks fail only where the converter lost a cell.
    expect(p.checks.filter((c) => c.status === 'fail' && c.kind !== 'narrative').map((c) => c.rule)).toEqual(['全区稳定工作经费: 总分 = Σ 得分']);
  });

  it("reports the seed's slips between the 绩效 forms and the narrative (record.narrative, src/narrative/)", () => {
    const slips = p.checks.filter((c) => c.kind === 'narrative' && c.status === 'fail');
    expect(slips.map((c) => c.rule)).toEqual(["信访工作经费 执行数 (绩效自评表) = the narrative's", "局机关运行保障工作经费项目 执行数 (绩效自评表) = the narrative's"]);
    // 执行数 177.44 in the form, 177.14 in the narrative
    expect(slips[0]).toMatchObject({ expected: '177.14', actual: '177.44' });
    // "执行数为 11.66 元" where the form says 11.66 万元: the same digits under another unit
    expect(slips[1].note).toMatch(/unit/);
  });

  it('exports tidy rows: table performance, row_label project / indicator, printed units', () => {
    const facts = recordFacts(record).filter((f) => f.table_id === 'performance');
    const row = (label: string, column: string) => facts.filter((f) => f.row_label === label && f.column_key === column).map((f) => [f.text, f.value, f.unit]);
    expect(row('信访工作经费', '执行数')).toEqual([['177.44', '177.44', '万元']]);
    expect(row('信访工作经费', '执行率')).toEqual([['75.18%', '75.18', '%']]);
    expect(row('信访工作经费 / 案结事了率', '实际完成值')).toEqual([['96.45%', '96.45', '%']]);
    expect(row('信访工作经费 / 积案化解效果明显,达到预期效果', '目标值')).toEqual([["效果明显,达到预期效果", null, ""]]);
    expect(row('整体 / 预算支出', '实际支出数')).toEqual([['7,071,155.35', '7071155.35', '元']]);
    const converted = recordFacts(record, '万元').filter((f) => f.table_id === 'performance' && f.row_label === '整体 / 预算支出' && f.column_key === '实际支出数');
    expect(converted.map((f) => [f.value, f.unit])).toEqual([['707.115535', '万元']]);
  });

  it('绩效 执行数 against the narrative: 177.44 vs 177.14, and 11.66 元 against 11.66 万元', () => {
    // Entries in the shape record.narrative gives them (perf_project:<name>:budget|actual|pct), as the seed's 情况说明 prints them.
    const narrative: NarrativeFigure[] = [
      { key: 'perf_project:信访工作经费:budget', text: '236', value: '236', unit: '万元', page: null },
      { key: 'perf_project:信访工作经费:actual', text: '177.14', value: '177.14', unit: '万元', page: null },
      { key: 'perf_project:信访工作经费:pct', text: '75.2', value: '75.2', unit: '%', page: null },
      { key: 'perf_project:全区稳定工作项目:actual', text: '185', value: '185', unit: '万元', page: null },
      { key: 'perf_project:局机关运行保障工作经费:actual', text: '11.66', value: '11.66', unit: '元', page: null },
      { key: 'perf_project:不存在的项目:actual', text: '5', value: '5', unit: '万元', page: null },
    ];
    const { checks, warnings } = checkAgainstNarrative(p, narrative);
    expect(checks.map((c) => [c.left.where, c.left.column, c.actual, c.right[0].value, c.status])).toEqual([
      ['信访工作经费', '预算数', '236', '236', 'pass'],
      ['信访工作经费', '执行数', '177.44', '177.14', 'fail'],
      ['信访工作经费', '执行率', '75.18', '75.2', 'pass-rounding'],
      ['全区稳定工作经费', '执行数', '185', '185', 'pass'],
      ['局机关运行保障工作经费项目', '执行数', '11.66', '11.66', 'fail'],
    ]);
    expect(checks[4].note).toBe('the narrative prints 11.66 in 元 where the form has 11.66 万元: the same digits under another unit');
    expect(warnings).toEqual(['narrative perf_project:不存在的项目:actual (5): no 绩效自评表 of that project']);
  });

  it('pairs a narrative name printed with other dashes and brackets, and never guesses between projects named alike', () => {
    const narrative: NarrativeFigure[] = [
      // 局机关运行-保障工作经费 is the form 局机关运行保障工作经费项目: the dash is no part of the name
      { key: 'perf_project:局机关运行-保障（工作）经费:actual', text: '11.66', value: '11.66', unit: '万元', page: null },
      // two projects the narrative names 全区稳定工作, one form of that name: which one it is would be a guess
      { key: 'perf_project:全区稳定工作:budget', text: '185', value: '185', unit: '万元', page: null },
      { key: 'perf_project:全区稳定工作:actual', text: '185', value: '185', unit: '万元', page: null },
      { key: 'perf_project:全区稳定工作:budget', text: '20', value: '20', unit: '万元', page: null },
    ];
    const { checks, warnings } = checkAgainstNarrative(p, narrative);
    expect(checks.map((c) => [c.left.where, c.left.column, c.status])).toEqual([['局机关运行保障工作经费项目', '执行数', 'pass']]);
    expect(warnings).toEqual([
      'narrative perf_project:全区稳定工作:budget (185): 1 绩效自评表 fit 2 projects of that name (全区稳定工作经费): not paired',
      'narrative perf_project:全区稳定工作:actual (185): 1 绩效自评表 fit 2 projects of that name (全区稳定工作经费): not paired',
      'narrative perf_project:全区稳定工作:budget (20): 1 绩效自评表 fit 2 projects of that name (全区稳定工作经费): not paired',
    ]);
  });
});

describe('writer-hanyang-jixiao.pdf (LibreOffice Writer: ruled form with row spans over a page break)', () => {
  let p: Performance;
  beforeAll(async () => {
    p = (await extract('test/fixtures/performance/writer-hanyang-jixiao.pdf')).performance;
  });

  it('reads the form through the PDF grid model, with pages and boxes', () => {
    const f = form(p, '信访工作经费');
    expect([f.title, f.department, f.implementer, f.unit, f.pages, ...texts(f.funding[0]), f.total?.text]).toEqual([
      '2020年度信访工作经费项目自评表', '武汉市汉阳区信访局', '武汉市汉阳区信访局', '万元', [2, 3], null, '236', '177.44', '75.18%', null, '15.04', '91.04',
    ]);
    expect(f.funding[0].actual?.page).toBe(2);
    expect(f.funding[0].actual?.bbox).toBeDefined();
    expect(f.indicators.length).toBe(14);
    expect(indicator(f, '重复信访化解率')).toEqual(['产出指标', '40', '质量指标', '16', '20%', '20%', null, '4']);
    // the page break cuts 满意度指标 (10分) / 服务对象满意度 (10分) in two: joined again
    expect(indicator(f, '信访工作满意度')).toEqual(['满意度指标', '10', '服务对象满意度', '10', '≥95%', '99.43%', null, '10']);
    expect(f.deviation).toBe('本年将信访工作经费和驻京维稳工作经费合并，故预算执行率较低。');
  });

  it('the score and 执行率 tables, and every check passes', () => {
    expect(p.overall!.scores.map((r) => r.label)).toEqual(['目标4:', '产出指标', '效益指标', '汇总:', '预算执行情况', '产出指标', '效益指标', '满意度指标', '合计']);
    expect(p.overall!.execution!.unit).toBe('元');
    expect(p.overall!.execution!.rows[1].cells.find((c) => c.role === 'rate')?.text).toBe('121.15%');
    expect(p.checks.length).toBeGreaterThan(20);
    expect(p.checks.filter((c) => c.status === 'fail')).toEqual([]);
  });
});

describe('shaanxi-xian-weijianwei-2022-final.pdf (Xi\'an forms: 年初预算数, 分值, 偏差原因 per indicator)', () => {
  let p: Performance;
  beforeAll(async () => {
    const layout = await readPdfLayout(new Uint8Array(readFileSync('test/fixtures/real/shaanxi-xian-weijianwei-2022-final.pdf')), { fileName: 'x.pdf', pages: [30, 31, 55, 74, 98] });
    p = readPerformance(layout.pages);
  });

  it('project forms: funding rows and indicators under their own header words', () => {
    expect(p.projects.map((f) => f.name)).toEqual(['2022年病媒生物防制', '安保服务项目', '公共卫生事业发展资金']);
    const f = form(p, '2022年病媒生物防制');
    expect([f.department, f.implementer, f.unit, f.funding.map((r) => r.label)]).toEqual(['西安市卫生健康委员会', '西安市卫生健康委员会', '万元', ["年度资金总额", "其中:当年财政拨款"]]);
    expect(texts(f.funding[0])).toEqual(['240', '229.19', '229.19', '100.00%', '10', '10.00']);
    expect(indicator(f, '指标1:全年项目经费支出')).toEqual(['产出指标', '50', '成本指标', null, '240万元', '229.19万元', '12.5', '12.5']);
    expect([f.total?.text, f.totalPoints?.text]).toEqual(['100', '100']);
    expect(check(p, '2022年病媒生物防制: 总分 = Σ 得分').status).toBe('pass');
  });

  it('finds the source\'s slips: 1000% for 400/400, and 分值 that add to 96 under a printed 100', () => {
    expect(check(p, '公共卫生事业发展资金 年度资金总额: 执行率 = 执行数 / 预算数')).toMatchObject({ status: 'fail', actual: '1000', expected: '100' });
    expect(indicator(form(p, '公共卫生事业发展资金'), '购置超声内镜系统设备数量')).toEqual(['产出指标', '50', '数量指标', null, '1套', '1套', '15', '15']);
    expect(check(p, '安保服务项目: 总分 = Σ 得分')).toMatchObject({ status: 'pass', actual: '95.6' });
    expect(check(p, '安保服务项目: 分值 total = Σ 分值')).toMatchObject({ status: 'fail', actual: '100', expected: '96' });
  });

  it('the 部门整体 form: task rows under 全年预算数/全年执行数 总额, 金额合计 and 总分', () => {
    const d = p.department[0];
    expect([d.name, d.funding.length, d.indicators.length]).toEqual(['西安市卫生健康委员会', 18, 20]);
    const total = d.funding[d.funding.length - 1];
    expect([total.label, ...texts(total)]).toEqual(['金额合计', null, '2,495,142.55', '2074962.01', '83.16%', '10', '10']);
    expect(indicator(d, '指标8:引进高层次人次')).toEqual(['产出指标', '50', '数量指标', null, '≥800人', '744人', '2', '1.5']);
    expect(check(p, '西安市卫生健康委员会: 总分 = Σ 得分')).toMatchObject({ status: 'pass', actual: '99.5' });
  });
});
