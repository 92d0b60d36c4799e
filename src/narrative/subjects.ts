/**
 * The words a 决算 narrative names its figures with, and the section words that tell generic ones
 * (基本支出, 预算, 决算) apart. The one place to add a new wording: every phrasing of a subject is one
 * alternative of its pattern (收入支出总计 / 收、支总计 / 收支总计 / 收入总计、支出总计 …).
 */

/** What a section of the 情况说明 is about, from its heading words. */
export type SectionClass =
  | 'overall' | 'income' | 'expense' | 'fiscal' | 'gpb' | 'gpb_basic' | 'three_public' | 'gov_fund' | 'soe'
  | 'agency' | 'procurement' | 'assets' | 'performance' | 'staff' | 'units' | 'other';

const SECTION_WORDS: [RegExp, SectionClass][] = [
  [/三公/, 'three_public'],
  [/机关运行经费/, 'agency'],
  [/政府采购/, 'procurement'],
  [/国有资产|资产占用|资产占有/, 'assets'],
  [/绩效/, 'performance'],
  [/政府性基金/, 'gov_fund'],
  [/国有资本经营/, 'soe'],
  // a bare （一）基本支出 under 支出决算/支出预算 is the whole expense's basic part, not the 一般公共预算 one
  [/拨款基本支出|基本支出(?:决算|预算)?情况/, 'gpb_basic'],
  [/一般公共预算(?:财政)?拨款支出|财政拨款支出决算/, 'gpb'],
  [/财政拨款收入支出/, 'fiscal'],
  [/收入支出(?:决算|预算)总体|收支(?:决算|预算)?总体/, 'overall'],
  [/收入决算|收入预算/, 'income'],
  [/支出决算|支出预算/, 'expense'],
  [/人员(?:构成|情况|信息|编制)/, 'staff'],
  [/单位构成|决算单位|预算单位|机构设置/, 'units'],
];

/** The class of the deepest heading that names one (（一）机关运行经费 under 十一、其他重要事项 is 'agency'). */
export function sectionClass(headings: readonly string[]): SectionClass {
  for (let i = headings.length - 1; i >= 0; i--) {
    // a heading's own words end at its first stop (（一）基本支出：2026年本单位基本支出预算数… is about 基本支出)
    const h = headings[i].replace(/^[^、)）]*[、)）]/, '').split(/[：:。，,；;]/)[0];
    for (const [re, cls] of SECTION_WORDS) if (re.test(h)) return cls;
  }
  return 'other';
}

/** What a figure says about its subject, from the words between the subject and the number. */
export type Role = 'value' | 'budget' | 'budget_full' | 'actual' | 'completion' | 'share' | 'change' | 'change_pct' | 'budget_diff' | 'count' | 'prior';

export interface Subject {
  re: RegExp;
  /** key base; a function for subjects whose key depends on the match or the section */
  key: string | ((m: RegExpExecArray, section: SectionClass) => string | null);
  /** amounts (万元/元), counts (人, 辆, 个, 台（套）) or both */
  accepts: 'amount' | 'count' | 'both';
  /** only in these sections */
  sections?: SectionClass[];
  /** keys of roles that do not follow the default `${base}_${role}` */
  roles?: Partial<Record<Role, string>>;
  /** a part of the sentence's main subject (其中：行政 5 人): key is `${parent}:${word}` */
  part?: boolean;
}

const GPB_SECTIONS: SectionClass[] = ['gpb', 'gpb_basic'];
/** staff counts are stated under 人员情况, in the 概况's running text, or beside the 单位构成 / 机构设置 */
const STAFF_SECTIONS: SectionClass[] = ['staff', 'units', 'other'];
/** 100 万元 is the key set's equipment_over_1m; another threshold keeps its figure apart (equipment_over_500k) */
const equipmentKey = (wan: string) => (Number(wan) === 100 ? 'equipment_over_1m' : `equipment_over_${Number(wan) * 10}k`);
const FUND_PREFIX: Partial<Record<SectionClass, string>> = { gov_fund: 'gov_fund_', soe: 'soe_' };
const BASIC: Subject['key'] = (_m, s) => (GPB_SECTIONS.includes(s) ? 'gpb_basic' : s === 'gov_fund' || s === 'soe' ? null : 'expense_basic');
const PROJECT: Subject['key'] = (_m, s) => (GPB_SECTIONS.includes(s) ? 'gpb_project' : s === 'gov_fund' || s === 'soe' || s === 'performance' ? null : 'expense_project');

export const SUBJECTS: Subject[] = [
  { re: /财政拨款(?:收入支出|收、支|收支|收入总计、支出|收入|支出)总计/g, key: 'fiscal_total', accepts: 'amount' },
  // 收入总计 / 支出总计 alone (收入总计X万元，支出总计X万元) are the same total
  { re: /(?:收入、?支出|收、支|收支|收入总计、支出)(?:决算|预算)?总计|(?<!资金|拨款|专户管理)(?:收入|支出)(?:预算)?总计/g, key: 'income_expense_total', accepts: 'amount' },
  // a budget's 收入预算 / 支出预算 X 万元 are its totals
  { re: /(?:本年)?收入合计|(?<=^|[年度门位级\s，,：:。；])收入预算(?:合计)?(?=\s*(?:为|是)?\s*\d)/g, key: 'income_total', accepts: 'amount' },
  { re: /(?:本年)?支出合计|(?<=^|[年度门位级\s，,：:。；])支出预算(?:合计)?(?=\s*(?:为|是)?\s*\d)/g, key: 'expense_total', accepts: 'amount' },
  { re: /财政拨款收入/g, key: (_m, s) => (s === 'fiscal' ? 'fiscal_income' : s === 'income' || s === 'overall' ? 'income_fiscal' : null), accepts: 'amount' },
  { re: /年初财政拨款结转和结余/g, key: 'fiscal_carryover_begin', accepts: 'amount' },
  { re: /年末财政拨款结转和结余/g, key: 'fiscal_carryover_end', accepts: 'amount' },
  { re: /年初结转和结余|上年结转(?:和)?(?:结余)?(?=\s*(?:资金)?\s*\d)/g, key: (_m, s) => `${FUND_PREFIX[s] ?? ''}carryover_begin`, accepts: 'amount' },
  // a budget's 本年收入 beside its 收入预算合计 (which takes in 上年结转)
  { re: /本年收入(?=\s*\d)/g, key: 'income_current', accepts: 'amount' },
  { re: /年末结转和结余/g, key: (_m, s) => `${FUND_PREFIX[s] ?? ''}carryover_end`, accepts: 'amount' },
  // 政府性基金 / 国有资本经营 sections: 收入决算, 支出决算 of that fund
  { re: /(?:本年)?收入(?:决算)?(?=\s*(?:数|为)?\s*\d)/g, key: (_m, s) => (FUND_PREFIX[s] ? `${FUND_PREFIX[s]}income` : null), accepts: 'amount', sections: ['gov_fund', 'soe'] },
  { re: /(?:本年)?支出(?:决算)?(?=\s*(?:数|为)?\s*\d)/g, key: (_m, s) => (FUND_PREFIX[s] ? `${FUND_PREFIX[s]}expense` : null), accepts: 'amount', sections: ['gov_fund', 'soe'] },
  { re: /政府性基金(?:预算)?(?:财政)?(?:拨款)?收入|政府性基金预算(?:财政)?(?:拨款)?(?=\s*\d)/g, key: 'gov_fund_income', accepts: 'amount' },
  { re: /国有资本经营(?:预算)?(?:财政)?(?:拨款)?收入|国有资本经营预算(?:财政)?(?:拨款)?(?=\s*\d)/g, key: 'soe_income', accepts: 'amount' },
  { re: /财政专户管理资金(?:收入)?/g, key: 'income_special_account', accepts: 'amount' },
  // a budget's 一般公共预算拨款（收入） beside its 收入预算
  { re: /一般公共预算(?:财政)?拨款收入|一般公共预算收入(?:预算)?|一般公共预算(?:财政)?拨款(?=\s*\d)/g, key: 'income_gpb', accepts: 'amount', sections: ['income', 'overall'] },
  { re: /上级补助收入/g, key: 'income_superior', accepts: 'amount' },
  { re: /事业收入/g, key: 'income_business', accepts: 'amount' },
  { re: /经营收入/g, key: 'income_operating', accepts: 'amount' },
  { re: /附属单位上缴收入/g, key: 'income_affiliated', accepts: 'amount' },
  { re: /其他(?:资金)?收入/g, key: 'income_other', accepts: 'amount' },
  { re: /(?:一般公共预算)?财政拨款基本支出/g, key: 'gpb_basic', accepts: 'amount' },
  { re: /基本支出/g, key: BASIC, accepts: 'amount' },
  { re: /项目(?:支出)?及其他支出/g, key: (_m, s) => (GPB_SECTIONS.includes(s) ? null : 'expense_project_other'), accepts: 'amount' },
  { re: /项目支出/g, key: PROJECT, accepts: 'amount' },
  { re: /上缴上级支出/g, key: 'expense_remit_superior', accepts: 'amount' },
  { re: /经营支出/g, key: 'expense_operating', accepts: 'amount' },
  { re: /对附属单位补助支出/g, key: 'expense_subsidy_affiliated', accepts: 'amount' },
  {
    re: /一般公共预算(?:财政)?拨款支出(?:决算)?|财政拨款支出(?:决算)?/g, key: 'gpb_expense', accepts: 'amount', sections: ['gpb', 'overall', 'expense', 'fiscal'],
    roles: { budget: 'gpb_budget_initial', budget_full: 'gpb_budget_full', completion: 'gpb_completion_pct' },
  },
  { re: /人员经费/g, key: 'gpb_basic_personnel', accepts: 'amount', sections: ['gpb_basic', 'gpb'] },
  { re: /(?<!日常)公用经费/g, key: 'gpb_basic_public', accepts: 'amount', sections: ['gpb_basic', 'gpb'] },
  {
    re: /(?:一般公共预算)?(?:财政拨款)?(?:安排(?:的)?)?[“"]三公[”"]经费(?:财政拨款)?(?:支出)?/g, key: 'three_public', accepts: 'amount',
    roles: { value: 'three_public_actual', actual: 'three_public_actual', budget: 'three_public_budget', budget_full: 'three_public_budget' },
  },
  { re: /因公出国[（(]境[)）]费(?:用)?(?:支出)?/g, key: 'three_public_abroad', accepts: 'amount', sections: ['three_public'] },
  { re: /公务用车购置[及和]运行(?:维护)?费(?:用)?(?:支出)?/g, key: 'three_public_vehicle', accepts: 'amount', sections: ['three_public'] },
  { re: /公务用车购置(?!及)(?:费)?(?:支出)?|购置公务用车/g, key: 'three_public_vehicle_purchase', accepts: 'amount', sections: ['three_public'] },
  { re: /公务(?:用)?车运行(?:维护)?费(?:支出)?/g, key: 'three_public_vehicle_operation', accepts: 'amount', sections: ['three_public'] },
  { re: /国内公务接待(?:费)?(?:支出)?/g, key: 'three_public_reception_domestic', accepts: 'amount', sections: ['three_public'] },
  { re: /(?:国外|外事)(?:公务)?接待(?:费)?(?:支出)?/g, key: 'three_public_reception_foreign', accepts: 'amount', sections: ['three_public'] },
  { re: /公务接待(?:费)?(?:支出)?/g, key: 'three_public_reception', accepts: 'amount', sections: ['three_public'] },
  { re: /培训费(?:支出)?/g, key: 'training', accepts: 'amount', sections: ['three_public'] },
  { re: /会议费(?:支出)?/g, key: 'meeting', accepts: 'amount', sections: ['three_public'] },
  { re: /机关运行经费(?:支出)?/g, key: 'agency_operation', accepts: 'amount' },
  // 决算 支出/金额, 预算 预算 (政府采购货物预算, 货物类采购预算)
  { re: /政府采购(?:支出)?(?:预算)?(?:总额|金额)/g, key: 'procurement_total', accepts: 'amount', sections: ['procurement'] },
  { re: /(?:政府采购)?货物类?(?:采购)?(?:支出|金额|预算)/g, key: 'procurement_goods', accepts: 'amount', sections: ['procurement'] },
  { re: /(?:政府采购)?工程类?(?:采购)?(?:支出|金额|预算)/g, key: 'procurement_works', accepts: 'amount', sections: ['procurement'] },
  { re: /(?:政府采购)?服务类?(?:采购)?(?:支出|金额|预算)/g, key: 'procurement_services', accepts: 'amount', sections: ['procurement'] },
  { re: /(?:授予|面向)中小企业(?:预留)?[^，。；]{0,12}?金额/g, key: 'procurement_sme', accepts: 'amount', sections: ['procurement'] },
  { re: /(?:授予|面向)小微企业(?:预留)?[^，。；]{0,12}?金额/g, key: 'procurement_small_micro', accepts: 'amount', sections: ['procurement'] },
  { re: /由(?:中小|小微)企业供应商中标或成交的[^，。；]{0,6}?金额|其他政府采购项目/g, key: () => null, accepts: 'amount', sections: ['procurement'] },
  { re: /(?:当年|本年)?购置(?:车辆|公务用车)/g, key: 'vehicles_purchased', accepts: 'count', sections: ['assets'] },
  // a budget's 拟新增配置公务用车 N 辆 are planned, not held
  { re: /(?:拟)?新增(?:配置|配备)?(?:车辆|公务用车)/g, key: 'vehicles_new', accepts: 'count', sections: ['assets'] },
  { re: /(?:共有|实有)(?:公务用车|车辆)|车辆/g, key: 'vehicles', accepts: 'count', sections: ['assets'] },
  // 单价 / 单位价值 100 万元以上设备; another threshold (单价50万元以上通用设备) is another figure
  { re: /(?:购置|新增(?:配备|配置)?)(?:单价|单位价值)\s*(\d+)\s*万元(?:[（(]含[)）])?以上(?:的)?(?:专用|通用)?设备/g, key: (m) => `${equipmentKey(m[1])}_purchased`, accepts: 'count', sections: ['assets'] },
  { re: /(?:单价|单位价值)\s*(\d+)\s*万元(?:[（(]含[)）])?以上(?:的)?(?:专用|通用)?设备/g, key: (m) => equipmentKey(m[1]), accepts: 'count', sections: ['assets'] },
  { re: /(?:在职)?实有人(?:数|员)|在职人员|在职实有人数/g, key: 'staff_active', accepts: 'count', sections: STAFF_SECTIONS },
  { re: /离退休人员/g, key: 'staff_retired', accepts: 'count', sections: STAFF_SECTIONS },
  { re: /人员编制|编制人数/g, key: 'staff_quota', accepts: 'count', sections: STAFF_SECTIONS },
  { re: /行政编制|事业编制|行政(?:人员)?|事业(?:人员)?|(?<!离)退休(?:人员)?|离休(?:人员)?|遗属/g, key: (m) => m[0].replace(/人员$/, ''), accepts: 'count', sections: STAFF_SECTIONS, part: true },
  { re: /(?:其中[：:，,]?)?((?:(?!共有|其中)[\u4e00-\u9fa5]){2,12}?用车)/g, key: (m) => m[1].replace(/^其中/, ''), accepts: 'count', sections: ['assets'], part: true },
  { re: /(?:编制范围的)?单位共/g, key: 'units_count', accepts: 'count', sections: ['units'] },
  { re: /(?:下属|所属)?(?:二级|下属|所属|行政|事业)(?:预算)?单位(?!共)/g, key: 'units_subordinate', accepts: 'count', sections: ['units'] },
  {
    re: /(?:部门|单位)?整体支出(?:绩效)?(?:自评)?/g, key: 'perf_overall', accepts: 'amount', sections: ['performance'],
    roles: { value: 'perf_overall_funds', budget: 'perf_overall_budget', budget_full: 'perf_overall_budget', actual: 'perf_overall_actual', completion: 'perf_overall_pct' },
  },
  { re: /编报绩效目标/g, key: 'perf_target_projects', accepts: 'both', sections: ['performance'], roles: { value: 'perf_target_projects_funds', budget: 'perf_target_projects_funds' } },
  { re: /绩效跟踪(?:评价)?|绩效运行监控|绩效监控/g, key: 'perf_monitor_projects', accepts: 'both', sections: ['performance'], roles: { value: 'perf_monitor_projects_funds', budget: 'perf_monitor_projects_funds' } },
  { re: /绩效自评(?!综述)/g, key: 'perf_projects', accepts: 'both', sections: ['performance'], roles: { value: 'perf_projects_funds', budget: 'perf_projects_funds', share: 'perf_projects_funds_share_pct' } },
  { re: /绩效评级为[“"]?([^”"，。；]{1,4})[”"]?的/g, key: (m) => `perf_grade:${m[1]}`, accepts: 'count', sections: ['performance'] },
  { re: /发现问题/g, key: 'perf_issues_found', accepts: 'count', sections: ['performance'] },
  { re: /已经?完成整改的/g, key: 'perf_issues_fixed', accepts: 'count', sections: ['performance'] },
  { re: /正在整改的/g, key: 'perf_issues_fixing', accepts: 'count', sections: ['performance'] },
  {
    // 1. 全区稳定工作项目绩效自评综述：项目全年预算数为 185 万元，执行数为 185 万元，完成预算的 100.0%
    re: /([^\s：:，。；、]{2,80}?)(?:项目)?(?:支出)?绩效自评综述/g, key: (m) => `perf_project:${projectName(m[1])}`, accepts: 'amount', sections: ['performance'],
    roles: { value: ':actual', actual: ':actual', budget: ':budget', budget_full: ':budget', completion: ':pct' },
  },
  {
    // 一是全区稳定经费 185 万元 / 二是信访工作经费，共计 177.44 万
    re: /[一二三四五六七八九十]是([^\s：:，。；、（(\d]{2,40}?)(?=[，,：:]?\s*(?:[（(][^）)]*[）)])?[，,：:]?\s*(?:共计|合计|金额|资金|支出)?\s*\d(?!\d{3}\s*年))/g,
    key: (m) => `project_item:${projectName(m[1])}`, accepts: 'amount', sections: ['gpb', 'expense'],
  },
];

/** A project's name as the narrative prints it, without the item number and a trailing 项目. */
export function projectName(raw: string): string {
  return raw.replace(/^[\d.．、\s]+/, '').replace(/项目$/, '');
}

/** Words whose numbers are not figures: 单价100万元 is part of the subject it names, 不含车辆 is no subject. */
export const NOISE: RegExp[] = [/[（(]不含车辆[)）]/g, /\d{4}\s*年(?:度)?(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?/g, /第[一二三四五六七八九十\d]+/g];

/** Role words between a subject (or the previous figure) and a number; the match that ends last wins. */
export const ROLE_WORDS: [RegExp, Role][] = [
  [/完成(?:年初|全年|调整(?:后)?)?预算(?:数)?的?|预算执行率(?:为)?|执行率(?:为)?/g, 'completion'],
  [/占/g, 'share'],
  [/[较比](?:年初)?预算(?:数)?(?:增加|减少|节约|超支|多|少)/g, 'budget_diff'],
  [/增加|增长|上升|提高|减少|下降|降低|节约|[多少]支出/g, 'change'],
  // the figure compared with (比2025年年初预算数44021.20万元增加…): last year's, not this one
  [/[较比](?:上年|去年|\d{4}\s*年(?:度)?)(?:年初)?(?:预算|决算)?(?:数)?(?:为|是)?/g, 'prior'],
  [/调整(?:后)?预算(?:数)?(?:为|是)?|全年预算(?:数)?(?:为|是)?/g, 'budget_full'],
  [/年初预算(?:数)?(?:为|是)?|预算(?:数|金额|资金)?(?:为|是)?/g, 'budget'],
  [/(?:支出)?决算(?:数)?(?:为|是)?|执行数(?:为)?|实际支出(?:数)?(?:为)?/g, 'actual'],
];

/** Words after which a subject named is the one a figure is measured against (占本年支出合计的), not a new subject. */
export const REFERENCE_WORDS = /占|完成|[较比](?!重)|相当于/g;

const NEGATIVE = /减少|下降|降低|节约|少支出/;
export const isNegative = (roleText: string) => NEGATIVE.test(roleText);

/** 类 of the 支出功能分类 by name (政府收支分类科目), for the classes a narrative names without a table to look in. */
export const EXPENSE_CLASSES: Record<string, string> = {
  一般公共服务支出: '201', 外交支出: '202', 国防支出: '203', 公共安全支出: '204', 教育支出: '205', 科学技术支出: '206',
  文化旅游体育与传媒支出: '207', 文化体育与传媒支出: '207', 社会保障和就业支出: '208', 卫生健康支出: '210', 医疗卫生与计划生育支出: '210',
  节能环保支出: '211', 城乡社区支出: '212', 农林水支出: '213', 交通运输支出: '214', 资源勘探工业信息等支出: '215',
  资源勘探信息等支出: '215', 商业服务业等支出: '216', 金融支出: '217', 援助其他地区支出: '219', 自然资源海洋气象等支出: '220',
  国土海洋气象等支出: '220', 住房保障支出: '221', 粮油物资储备支出: '222', 国有资本经营预算支出: '223', 灾害防治及应急管理支出: '224',
  预备费: '227', 其他支出: '229', 转移性支出: '230', 债务还本支出: '231', 债务付息支出: '232', 债务发行费用支出: '233', 抗疫特别国债安排的支出: '234',
};

/** 一般公共服务（类）财政事务（款）行政运行（项）, 卫生健康(类)支出 */
export const CLASS_MENTION = /([\u4e00-\u9fa5]{2,24}?)(支出)?\s*[（(]类[)）]\s*(?:支出)?(?:\s*([\u4e00-\u9fa5、（）()]{2,30}?)\s*[（(]款[)）])?(?:\s*([\u4e00-\u9fa5、（）()]{2,30}?)\s*[（(]项[)）])?/g;

/** A part of a 预算 (2026年度部门预算情况说明, 部门预算公开说明): its figures are budgets, not 决算. */
export const isBudgetPart = (part: string) => /预算/.test(part) && !/决算/.test(part);
