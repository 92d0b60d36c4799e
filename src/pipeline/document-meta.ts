import type { DocumentLayout, LayoutText } from '../../extractors/layout.js';
import type { DocumentMeta, Tables } from '../../schemas/record.js';
import { compact } from '../normalize/text.js';

/**
 * Reads who published the document, for which year and of which kind, from its cover and headings:
 * "2020 年度武汉市汉阳区信访局部门决算", "上海市普陀区财政局 / 2024 年度部门决算", "部门：…".
 */
export function readDocumentMeta(layout: DocumentLayout, tables: Tables, fileName: string): DocumentMeta {
  const lines = layout.pages
    .slice(0, 6)
    .flatMap((p) => p.blocks.filter((b): b is LayoutText => b.kind === 'text'))
    .map((b) => compact(b.text).replace(/^第[一二三四五六七八九十]+部分/, ''))
    .filter(Boolean);

  let year: number | null = null;
  let department = '';
  let kind: DocumentMeta['kind'] = 'final';
  let title: string | null = null;

  for (let i = 0; i < lines.length && !title; i++) {
    const line = lines[i];
    const a = /^(\d{4})年度?(.{2,40}?)部门(决算|预算)/.exec(line);
    const b = /^(.{2,40}?)(\d{4})年度?部门(决算|预算)/.exec(line);
    const c = /^(\d{4})年度?部门(决算|预算)/.exec(line);
    if (a) [year, department, kind, title] = [Number(a[1]), a[2], kindOf(a[3]), line];
    else if (b) [department, year, kind, title] = [b[1], Number(b[2]), kindOf(b[3]), line];
    else if (c && i > 0 && isNameLike(lines[i - 1])) [department, year, kind, title] = [lines[i - 1], Number(c[1]), kindOf(c[2]), `${lines[i - 1]}${line}`];
  }
  if (!department) {
    const printed = lines.concat(allTableLines(layout)).map((l) => /^(部门|单位名称|编制单位|预算单位)[:：](.+?)(单位[:：].*)?$/.exec(l)).find(Boolean);
    if (printed) department = printed[2];
  }
  if (year === null) {
    // Headings and table titles ("2020 年度收入决算表") before the file name: upload names like
    // P020211019….pdf carry the upload date, not the fiscal year.
    const y = lines.concat(allTableLines(layout)).map((l) => /((?:19|20)\d\d)年度/.exec(l)).find(Boolean) ?? /(?:^|\D)((?:19|20)\d\d)(?:\D|$)/.exec(fileName.replace(/^.*[\\/]/, ''));
    if (y) year = Number(y[1]);
  }
  if (!title) kind = guessKind(allTableLines(layout), fileName);
  department = department.replace(/[（(]本级[）)]$/, '').trim();

  const region = splitRegion(department);
  const units = Object.values(tables)
    .map((t) => t.unit)
    .filter((u): u is string => Boolean(u));
  return {
    region: region.region,
    province: region.province,
    city: region.city,
    district: region.district,
    department: department || 'unknown-department',
    departmentShort: region.rest || department || 'unknown-department',
    year,
    kind,
    title,
    unit: mostCommon(units),
    publishedDate: publishedDate(lines),
  };
}

/** Without a cover title: a document that never says 决算 but names 预算 tables is a 部门预算. */
function guessKind(lines: string[], fileName: string): DocumentMeta['kind'] {
  const text = lines.join('');
  if (/决算/.test(text)) return 'final';
  if (/预算(总)?表|部门预算/.test(text) || /预算|budget/i.test(fileName)) return 'budget';
  return 'final';
}

function kindOf(word: string): DocumentMeta['kind'] {
  return word === '预算' ? 'budget' : 'final';
}

function isNameLike(line: string): boolean {
  return /^[\u4e00-\u9fffA-Za-z（）()]{2,40}$/.test(line) && !/目录|部分/.test(line);
}

function allTableLines(layout: DocumentLayout): string[] {
  return layout.pages.slice(0, 30).flatMap((p) => p.blocks.filter((b): b is LayoutText => b.kind === 'text').map((b) => compact(b.text)));
}

const MUNICIPALITY = /^(北京市|上海市|天津市|重庆市)/;
const PROVINCE = /^(.{2,7}?(?:省|自治区|特别行政区))/;
const CITY = /^(.{2,6}?(?:市|自治州|州|盟|地区))/;
const DISTRICT = /^(.{1,6}?(?:新区|区|县|旗))/;

/** Splits "上海市普陀区财政局" into 上海市 / 普陀区 / 财政局 as far as the name says. */
export function splitRegion(name: string): { region: string; province: string | null; city: string | null; district: string | null; rest: string } {
  let rest = name;
  let province: string | null = null;
  let city: string | null = null;
  let district: string | null = null;
  const take = (re: RegExp): string | null => {
    const m = re.exec(rest);
    if (!m || m[1].length >= rest.length) return null;
    rest = rest.slice(m[1].length);
    return m[1];
  };
  province = take(MUNICIPALITY) ?? take(PROVINCE);
  if (!province || !MUNICIPALITY.test(province)) city = take(CITY);
  district = take(DISTRICT);
  // 省委/市委/区委 offices: the 委 belongs to the department name, not after the region.
  if (rest.startsWith('委')) {
    const region = [province, city, district].filter(Boolean).join('');
    return { region: region || 'unknown-region', province, city, district, rest: `${region.slice(-1)}${rest}` };
  }
  const region = [province, city, district].filter(Boolean).join('');
  return { region: region || 'unknown-region', province, city, district, rest };
}

function publishedDate(lines: string[]): string | null {
  for (const line of lines.slice(0, 12)) {
    const m = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(line);
    if (m) return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  }
  return null;
}

function mostCommon(values: string[]): string | null {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | null = null;
  for (const [v, n] of counts) if (best === null || n > counts.get(best)!) best = v;
  return best;
}
