/**
 * Born-digital fixture generator: writes test/fixtures/generated/NAME.pdf + NAME.truth.json for every
 * document of scripts/fixtures/docs.ts, plus manifest.json. Deterministic (seeded PRNG, fixed dates).
 * Needs the Noto CJK font: apt-get install -y fonts-noto-cjk.
 *
 *   npm run fixtures
 */
import fs from 'node:fs';
import path from 'node:path';
import { GroundTruthSchema, type GroundTruth } from '../schemas/facts.js';
import { DOCS, type FixtureDoc } from './fixtures/docs.js';
import { failures } from './fixtures/identities.js';
import { buildModel, type Model } from './fixtures/model.js';
import { CJK_FONT_PATH, Pdf } from './fixtures/pdf.js';
import { buildTables, fmt, type TableBlock } from './fixtures/tables.js';

const OUT = path.resolve('test/fixtures/generated');

const TABLE_NAMES: Record<string, { hubei: string; shanghai: string }> = {
  t1: { hubei: '收入支出决算总表', shanghai: '收入支出决算总表' },
  t2: { hubei: '收入决算表', shanghai: '收入决算表' },
  t3: { hubei: '支出决算表', shanghai: '支出决算表' },
  t4: { hubei: '财政拨款收入支出决算总表', shanghai: '财政拨款收入支出决算总表' },
  t5: { hubei: '一般公共预算财政拨款支出决算表', shanghai: '一般公共预算财政拨款支出决算表' },
  t6: { hubei: '一般公共预算财政拨款基本支出决算表', shanghai: '一般公共预算财政拨款基本支出决算表' },
  t7: { hubei: '一般公共预算财政拨款“三公”经费支出决算表', shanghai: '财政拨款“三公”经费支出决算表' },
  t8: { hubei: '政府性基金预算财政拨款收入支出决算表', shanghai: '政府性基金预算财政拨款收入支出决算表' },
  t9: { hubei: '国有资本经营预算财政拨款支出决算表', shanghai: '国有资本经营预算财政拨款收入支出决算表' },
};

const NUMS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

function pct(a: number, b: number): string {
  return b === 0 ? '0.00%' : `${((a / b) * 100).toFixed(2)}%`;
}

function render(doc: FixtureDoc, model: Model, blocks: TableBlock[]): Pdf {
  const s = doc.spec;
  const hubei = s.family === 'hubei';
  const Y = hubei && s.spacedTitles ? `${s.year} 年度` : `${s.year}年度`;
  const [dy, dm, dd] = doc.date;
  const pdf = new Pdf(`${s.year}年度${s.department}部门决算`, new Date(Date.UTC(dy, dm - 1, dd, 9, 0, 0)));
  const unit = s.unit;
  const f = (c: number) => fmt(c, 'plain');

  // cover
  pdf.addPage();
  pdf.y = 300;
  if (hubei) pdf.centered(`${Y}${s.department}部门决算`, 22, 40);
  else {
    pdf.centered(s.department, 24, 12);
    pdf.centered(`${s.year}年度部门决算`, 24, 40);
  }
  pdf.y = 620;
  pdf.centered(`${dy} 年 ${dm} 月 ${dd} 日`, 14);

  // 目录
  pdf.addPage();
  pdf.centered('目 录', 18, 16);
  const toc: string[] = [];
  toc.push(`第一部分 ${s.department}概况`, '一、部门主要职能', '二、部门决算单位构成');
  if (hubei) toc.push('三、部门人员构成');
  toc.push(`第二部分 ${s.department}${Y}部门决算表`);
  blocks.forEach((b, i) => toc.push(`${NUMS[i]}、${TABLE_NAMES[b.id][s.family]}${hubei ? `(表 ${i + 1})` : ''}`));
  toc.push(`第三部分 ${s.department}${Y}部门决算情况说明`);
  [
    '收入支出决算总体情况说明',
    '收入决算情况说明',
    '支出决算情况说明',
    '财政拨款收入支出决算总体情况说明',
    '一般公共预算财政拨款支出决算情况说明',
    '一般公共预算财政拨款基本支出决算情况说明',
    '“三公”经费支出决算情况说明',
  ].forEach((t, i) => toc.push(`${NUMS[i]}、${t}`));
  toc.push('第四部分 名词解释');
  for (const line of toc) {
    const part = line.startsWith('第');
    pdf.textAt(line, pdf.margin + (part ? 20 : 44), pdf.y, 11);
    pdf.y += part ? 26 : 21;
  }

  // 第一部分
  pdf.addPage();
  pdf.centered(`第一部分 ${s.department}概况`, 16, 14);
  pdf.textAt('一、部门主要职能', pdf.margin, pdf.y, 12);
  pdf.y += 22;
  pdf.paragraph(doc.duty, 10.5);
  pdf.textAt('二、部门决算单位构成', pdf.margin, pdf.y, 12);
  pdf.y += 22;
  pdf.paragraph(`纳入${s.department}${Y}部门决算编制范围的单位包括：`, 10.5);
  doc.units.forEach((u, i) => pdf.paragraph(`${i + 1}. ${u}`, 10.5));
  if (hubei) {
    pdf.textAt('三、部门人员构成', pdf.margin, pdf.y, 12);
    pdf.y += 22;
    pdf.paragraph(`${s.department}${doc.staff}`, 10.5);
  }

  // 第二部分: tables
  let first = true;
  let prevLandscape = false;
  for (const b of blocks) {
    const same = s.samePage?.includes(b.id) && b.landscape === prevLandscape && pdf.bottom - pdf.y > 230;
    if (!same) pdf.addPage({ landscape: b.landscape });
    else pdf.y += 24;
    prevLandscape = b.landscape;
    if (first) {
      pdf.centered(`第二部分 ${s.department}${Y}部门决算表`, 14, 14);
      first = false;
    }
    if (!hubei && !same) pdf.y += 20;
    pdf.centered(b.title, hubei ? 14 : 15, hubei ? 6 : 14);
    const totalW = b.def.cols.reduce((a, c) => a + c.w, 0);
    const x0 = (pdf.pageW - totalW) / 2;
    pdf.leftRight(hubei ? `部门：${s.department}` : '', `单位：${unit}`, 9, x0, x0 + totalW);
    pdf.table(b.def);
    for (const n of b.notes) {
      if (pdf.y + 14 > pdf.bottom) pdf.addPage({ landscape: b.landscape });
      const lines = n.length > 90 ? [n.slice(0, 90), n.slice(90)] : [n];
      for (const l of lines) {
        pdf.textAt(l, x0, pdf.y, 8.5);
        pdf.y += 13;
      }
    }
  }

  // 第三部分: narrative with figures
  const t2tot = model.items.reduce((a, i) => a + i.fiscalIncome + Object.values(i.income).reduce((x, y) => x + y, 0), 0);
  const fiscal = model.items.reduce((a, i) => a + i.fiscalIncome, 0);
  const basic = model.items.reduce((a, i) => a + i.fb + i.nb, 0);
  const exp = model.items.reduce((a, i) => a + i.fb + i.nb + i.fp + i.np + i.ge + i.op, 0);
  const project = exp - basic - model.items.reduce((a, i) => a + i.op, 0);
  const t5 = model.items.reduce((a, i) => a + i.fb + i.fp, 0);
  const pers = [...model.econ.entries()].filter(([c]) => /^30[13]/.test(c)).reduce((a, [, v]) => a + v, 0);
  const pub = [...model.econ.values()].reduce((a, b) => a + b, 0) - pers;
  const begin = model.fiscalBegin + (model.fund?.begin ?? 0) + model.nonFiscalBegin;
  const sgB = model.sangong.budget.reduce((a, b) => a + b, 0);
  const sgA = model.sangong.actual.reduce((a, b) => a + b, 0);
  pdf.addPage();
  pdf.centered(`第三部分 ${s.department}${Y}部门决算情况说明`, 15, 14);
  const para = (h: string, t: string) => {
    if (pdf.y + 60 > pdf.bottom) pdf.addPage();
    pdf.textAt(h, pdf.margin, pdf.y, 11.5);
    pdf.y += 20;
    pdf.paragraph(t, 10.5);
  };
  para('一、收入支出决算总体情况说明', `${Y}收、支总计 ${f(t2tot + begin)} ${unit}。主要原因是部门职能调整及项目实施进度变化，各项工作经费按计划保障。`);
  para(
    '二、收入决算情况说明',
    `${Y}收入合计 ${f(t2tot)} ${unit}。其中：财政拨款收入 ${f(fiscal)} ${unit}，占本年收入 ${pct(fiscal, t2tot)}；其他各项收入 ${f(t2tot - fiscal)} ${unit}，占本年收入 ${pct(t2tot - fiscal, t2tot)}。`,
  );
  para(
    '三、支出决算情况说明',
    `${Y}支出合计 ${f(exp)} ${unit}。其中：基本支出 ${f(basic)} ${unit}，占本年支出 ${pct(basic, exp)}；项目支出 ${f(project)} ${unit}，占本年支出 ${pct(project, exp)}。`,
  );
  para('四、财政拨款收入支出决算总体情况说明', `${Y}财政拨款收入 ${f(fiscal)} ${unit}，年初财政拨款结转和结余 ${f(model.fiscalBegin + (model.fund?.begin ?? 0))} ${unit}。`);
  para('五、一般公共预算财政拨款支出决算情况说明', `${Y}一般公共预算财政拨款支出 ${f(t5)} ${unit}，占本年支出合计的 ${pct(t5, exp)}。`);
  para(
    '六、一般公共预算财政拨款基本支出决算情况说明',
    `${Y}一般公共预算财政拨款基本支出 ${f(pers + pub)} ${unit}，其中：人员经费 ${f(pers)} ${unit}，主要包括基本工资、津贴补贴、奖金、绩效工资、社会保障缴费、住房公积金、退休费等；公用经费 ${f(pub)} ${unit}，主要包括办公费、邮电费、差旅费、工会经费、福利费、其他交通费用等。`,
  );
  para(
    '七、“三公”经费支出决算情况说明',
    `${Y}“三公”经费财政拨款年初预算数为 ${f(sgB)} ${unit}，支出决算为 ${f(sgA)} ${unit}，完成年初预算的 ${pct(sgA, sgB)}。决算数小于预算数的主要原因是严格执行中央八项规定精神，厉行节约。`,
  );
  pdf.addPage();
  pdf.centered('第四部分 名词解释', 15, 14);
  for (const t of [
    '（一）财政拨款收入：指本级财政当年拨付的资金。',
    '（二）事业收入：指事业单位开展专业业务活动及其辅助活动取得的收入。',
    '（三）年初结转和结余：指以前年度尚未完成、结转到本年按有关规定继续使用的资金。',
    '（四）基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。',
    '（五）项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。',
    '（六）“三公”经费：指用财政拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。',
  ])
    pdf.paragraph(t, 10.5);
  return pdf;
}

async function main(): Promise<void> {
  if (!fs.existsSync(CJK_FONT_PATH)) throw new Error(`missing ${CJK_FONT_PATH}: apt-get install -y fonts-noto-cjk`);
  fs.mkdirSync(OUT, { recursive: true });
  const manifest: unknown[] = [];
  for (const doc of DOCS) {
    const s = doc.spec;
    const model = buildModel(doc.dept);
    const blocks = buildTables(s, model);
    const pdf = render(doc, model, blocks);
    const file = `${s.id}.pdf`;
    await pdf.save(path.join(OUT, file));
    const tables: GroundTruth['tables'] = {};
    for (const id of ['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9']) {
      const b = blocks.find((x) => x.id === id);
      tables[id] = b ? { status: b.status, unit: s.unit } : { status: 'missing' };
    }
    const facts = blocks.flatMap((b) => b.facts);
    const fails = failures(facts);
    const planted = (s.perturb ?? []).some((p) => Math.abs(p.delta) > 1);
    if (fails.length && !planted) throw new Error(`${s.id}: unexpected identity failures: ${fails.join('; ')}`);
    if (planted && !fails.length) throw new Error(`${s.id}: planted discrepancy not detected`);
    const truth = {
      file,
      document: { region: s.region, department: s.department, year: s.year, kind: 'final' as const, family: s.family },
      tables,
      facts,
      expectedFailures: fails,
      notes: doc.notes ?? [],
    };
    GroundTruthSchema.parse(truth);
    fs.writeFileSync(path.join(OUT, `${s.id}.truth.json`), JSON.stringify(truth, null, 1) + '\n');
    const size = fs.statSync(path.join(OUT, file)).size;
    manifest.push({
      name: s.id,
      pdf: file,
      truth: `${s.id}.truth.json`,
      family: s.family,
      year: s.year,
      region: s.region,
      department: s.department,
      unit: s.unit,
      pages: pdf.pageCount,
      facts: facts.length,
      expectedFailures: fails.length,
      covers: doc.covers,
    });
    console.log(`${file}: ${pdf.pageCount} pages, ${(size / 1024).toFixed(0)} KB, ${facts.length} facts, ${fails.length} expected failures`);
  }
  fs.writeFileSync(path.join(OUT, 'manifest.json'), JSON.stringify({ generator: 'scripts/make-fixtures.ts', documents: manifest }, null, 1) + '\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
