import type { DocumentScope } from '../../schemas/record.js';

/**
 * What a title line says: "2026年深圳市财政局(本级)部门预算", "西安市卫生健康委员会(汇总)2022年度部门决算",
 * "上海市2025年市级单位预算". Lines are compacted (NFKC, no spaces) before they come here.
 */
export interface ParsedTitle {
  title: string;
  year: number | null;
  /** the kind word as printed: 部门决算, 部门综合预算, 单位预算, 预算 … */
  kindWord: string | null;
  /** a department name, when one is printed in the title and looks like one */
  department: string | null;
  scope: DocumentScope | null;
}

/** Words an organisation's name ends with: a department candidate that does not end so is a fragment. */
const ORG_END = /(?:局|厅|委员会|委|办公室|办公厅|办|院|部|中心|联合会|协会|学会|会|处|所|站|支队|大队|总队|队|馆|校|学|社|团|署|府|室|司|行|台|公司|政协|人大|监狱|园|场|段|库|科|组|宫|法院|检察院)$/;
/** Qualifiers printed after a name: (本级) the department's own office, (汇总) with its subordinate units. */
const QUALIFIER = /(?:\((本级|汇总|机关本级|部门汇总|单位)\)|及(?:其)?(?:委属|所属|下属|直属)单位)$/;

const KIND = '(部门综合预算|部门预决算|部门决算|部门预算|单位综合预算|单位预算|单位决算|综合预算|决算|预算)';
const YEAR_KIND = new RegExp(`^(.*?)((?:19|20)\\d\\d)年度?(.*?)${KIND}(.*)$`);
const KIND_ONLY = new RegExp(`^(.*?)${KIND}(.*)$`);

/** Leading enumerators and dates that are not part of a title: "五、", "(一)", "1.", "第二部分", "2026-02-27". */
export function stripLead(line: string): string {
  return line
    .replace(/^(?:19|20)\d\d[-./](?:0?[1-9]|1[0-2])[-./](?:0[1-9]|[12]\d|3[01]|[1-9](?!\d))/, '')
    .replace(/^(?:第[一二三四五六七八九十]+部分[:：]?|[一二三四五六七八九十]+[、.．]|\([一二三四五六七八九十\d]+\)|\d{1,2}[、.．](?!\d)|附件\d*[:：]?)/, '')
    .replace(/^[《「]|[》」]/g, '');
}

/** A name that reads as an organisation (ends with 局/委员会/办公厅 …, no digits or punctuation inside). */
export function isOrgName(name: string): boolean {
  if (name.length < 3 || name.length > 40) return false;
  if (/[\d:：,，。;；、!?]|XX/i.test(name) && !/^[^\d]*XX[^\d]*$/.test(name)) return false;
  // Narrative words before a name: "纳入…局…", "根据…" are sentences, not names.
  if (/^(关于|纳入|包括|其中|根据|按照|本|我|该|各|全|部门|单位|年度)/.test(name)) return false;
  return ORG_END.test(name.replace(QUALIFIER, ''));
}

/** Splits a qualifier off a name: 西安市财政局(汇总) → 西安市财政局 + consolidated. */
export function splitQualifier(name: string): { name: string; scope: DocumentScope | null } {
  const m = QUALIFIER.exec(name);
  if (!m) return { name, scope: null };
  const word = m[1] ?? 'units';
  const scope: DocumentScope = /本级/.test(word) ? 'own' : word === '单位' ? 'unit' : 'consolidated';
  return { name: name.slice(0, m.index), scope };
}

/** Parses one (already joined) title line; null when it names no 决算/预算 with a year or a department. */
export function parseTitle(raw: string): ParsedTitle | null {
  const line = stripLead(raw);
  const y = YEAR_KIND.exec(line);
  let pre: string, mid: string, kindWord: string, tail: string, year: number | null;
  if (y) {
    [, pre, , mid, kindWord, tail] = y;
    year = Number(y[2]);
  }
  else {
    const k = KIND_ONLY.exec(line);
    if (!k) return null;
    [, pre, kindWord, tail] = k;
    mid = '';
    year = null;
  }
  // A bare 预算/决算 must follow a name or the year directly: "收支预算情况" is a heading, not a title.
  const bare = kindWord === '预算' || kindWord === '决算';
  const candidates = [mid, pre].map((s) => s.replace(/^关于/, '').replace(/(?:市级|省级|区级|县级|本级|年度|度)$/, ''));
  let department: string | null = null;
  for (const c of candidates) if (!department && isOrgName(c)) department = c;
  const modifierOnly = /^(?:度|市级|省级|区级|县级)?$/.test(mid);
  if (bare && !department && !modifierOnly) return null;
  if (!department && pre && !/^(?:[\u4e00-\u9fff]{2,8}(?:省|市|区|县|自治区))$/.test(pre) && year === null) return null;
  if (year === null && !department) return null;
  let scope: DocumentScope | null = /^单位/.test(kindWord) ? 'unit' : splitQualifier(tail).scope;
  if (department) {
    const q = splitQualifier(department);
    department = q.name;
    scope = q.scope ?? scope;
  }
  return { title: line, year, kindWord, department, scope };
}

/**
 * The organisation a notice or report names first: an issuer line that is a name and nothing else
 * ("长沙市财政局"), or a title that starts with its year and organisation
 * ("2023年度长沙市公安局交通警察支队专项资金绩效评价结果").
 */
export function leadingOrg(raw: string): string | null {
  const line = stripLead(raw);
  if (isOrgName(line)) return splitQualifier(line).name;
  const afterYear = line.replace(/^(?:19|20)\d\d年度?/, '');
  if (afterYear === line) return null;
  for (let end = Math.min(afterYear.length, 30); end >= 3; end--) {
    const name = afterYear.slice(0, end);
    if (isOrgName(name)) return splitQualifier(name).name;
  }
  return null;
}
