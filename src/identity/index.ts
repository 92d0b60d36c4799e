import type { DocumentLayout, LayoutPage, LayoutText } from '../../extractors/layout.js';
import type { DocumentMeta, DocumentScope, IdentitySource, Table, Tables, Warning } from '../../schemas/record.js';
import { compact } from '../../lib/text.js';
import { matchRegion, type RegionMatch } from './divisions.js';
import { classifyKind, firstPageVerdict, type KindVerdict } from './kind.js';
import { isOrgName, leadingOrg, parseTitle, splitQualifier, stripLead, type ParsedTitle } from './title.js';

export { matchRegion } from './divisions.js';
export { classifyKind } from './kind.js';

/** After the first page of a PDF: why the rest need not be read (a notice, an evaluation report), or null. */
export function stopReadingReason(pages: LayoutPage[]): string | null {
  if (pages.length !== 1) return null;
  const lines = pages[0].blocks.filter((b): b is LayoutText => b.kind === 'text').map((b) => compact(b.text)).filter(Boolean);
  const v = firstPageVerdict(coverLines(lines).lines);
  return v ? `not a 决算 or 预算: ${v.reason}` : null;
}
export { parseTitle } from './title.js';

export interface IdentityInput {
  fileName: string;
  /** the title the harvest listing or detail page gave the link, when known */
  listingTitle?: string;
  /** what kind of input the layout came from */
  inputKind?: 'pdf' | 'text' | 'html' | 'spreadsheet' | 'word' | 'ofd';
}

/** A name or year found in one place of the document. */
interface Found<T> {
  value: T;
  source: IdentitySource;
}

/** Pages read for the cover, the narrative and headings: identity never needs the whole of a 171-page file. */
const COVER_PAGES = 2;
const BODY_PAGES = 15;
/** 部门： lines and table titles repeat on every table page: the first pages settle the majority. */
const TABLE_PAGES = 40;

/**
 * Who published the document, for which year and of which kind, reconciled from several places: the
 * cover (title lines wrapped over several lines joined), the 部门：/单位名称：/部门名称：/编制单位： lines
 * under table titles, the narrative ("纳入…部门决算编制范围"), the PDF/HTML title, the harvest listing title.
 * The first source that names a real organisation wins; `sources` records which one it was. A source
 * outside the document (PDF title, harvest listing) that names another department or year is reported
 * in `warnings` (a wrong attachment, a listing mislabelled), never used to overwrite the document's own.
 */
export function readIdentity(layout: DocumentLayout, tables: Tables, input: IdentityInput, warnings: Warning[] = []): DocumentMeta {
  const pageLines = (from: number, to: number) =>
    layout.pages.slice(from, to).map((p) => p.blocks.filter((b): b is LayoutText => b.kind === 'text').map((b) => compact(b.text)).filter(Boolean));
  const cover = coverLines(pageLines(0, COVER_PAGES).flat());
  let bodyLines: string[][] | undefined;
  const body = () => (bodyLines ??= pageLines(0, BODY_PAGES));
  const coverTitle = findCoverTitle(cover.lines);
  // Later sources are read only when the earlier ones leave a field open: a 171-page document whose
  // cover names it costs its first pages, not all of them.
  const unitLines = coverTitle?.department ? [] : countUnitLines(layout);
  const outside: Array<{ source: IdentitySource; title: ParsedTitle }> = [];
  const meta = layout.title ? parseTitle(compact(cleanMetadataTitle(layout.title))) : null;
  if (meta) outside.push({ source: 'metadata', title: meta });
  const listing = input.listingTitle ? parseTitle(compact(input.listingTitle)) : null;
  if (listing) outside.push({ source: 'listing', title: listing });

  // Department: the first source that names an organisation.
  const departments: Array<Found<string>> = [];
  if (coverTitle?.department) departments.push({ value: coverTitle.department, source: 'cover' });
  for (const u of unitLines) departments.push({ value: u, source: 'unit-line' });
  // The narrative is searched only when neither the cover nor a 部门： line names the department.
  const named = departments.length ? null : bodyDepartment(body());
  if (named) departments.push({ value: named, source: 'body' });
  if (!coverTitle) {
    // Notices and reports print their organisation on the first line or first in the title.
    const org = cover.lines.slice(0, 3).map((l) => leadingOrg(l)).find(Boolean) ?? signedBy(pageLines(0, 1).flat());
    if (org) departments.push({ value: org, source: 'cover' });
  }
  for (const o of outside) if (o.title.department) departments.push({ value: o.title.department, source: o.source });
  const dept = departments[0] ?? null;

  const qualified = dept ? splitQualifier(dept.value) : { name: '', scope: null };
  const department = qualified.name;
  const region = department ? matchRegion(department) : null;
  // A name printed without its region (市委宣传部): take the region from another source that has one.
  const regionFrom: Found<RegionMatch> | null = region?.region
    ? { value: region, source: dept!.source }
    : (departments.map((d) => ({ value: matchRegion(splitQualifier(d.value).name), source: d.source })).find((d) => d.value.region) ?? null);

  const years: Array<Found<number>> = [];
  if (coverTitle?.year) years.push({ value: coverTitle.year, source: 'cover' });
  const headingYear = years.length ? null : body().flat().map((l) => /((?:19|20)\d\d)年度|((?:19|20)\d\d)年.{0,20}(?:预算|决算)/.exec(l)).find(Boolean);
  if (headingYear) years.push({ value: Number(headingYear[1] ?? headingYear[2]), source: 'heading' });
  for (const o of outside) if (o.title.year) years.push({ value: o.title.year, source: o.source });
  // Not glued to Latin letters or digits: `blank2000.pdf` and `P020250601.pdf` name no year.
  const fileYear = /(?:^|[^0-9A-Za-z])((?:19|20)\d\d)(?!\d)/.exec(input.fileName.replace(/^.*[\\/]/, ''));
  if (fileYear) years.push({ value: Number(fileYear[1]), source: 'file-name' });
  const year = years[0] ?? null;

  const finalTables = Object.values(tables).filter((t) => t && t.status !== 'missing' && t.kind !== 'budget').length;
  const classified = classifyKind({
    cover: coverTitle,
    topLines: cover.lines,
    tableTitles: () => tableTitles(layout),
    finalTables,
    hasText: layout.pages.some((p) => p.blocks.length > 0),
    html: input.inputKind === 'html' ? { titleLines: documentTitleLines(body().flat()), grids: dataGrids(layout) } : undefined,
    outside,
  });

  const verdict = templateVerdict(classified, department, tables);
  const scope: DocumentScope = coverTitle?.scope ?? qualified.scope ?? (unitLines.length && /单位/.test(cover.unitKeys[0] ?? '') ? 'unit' : 'department');
  const units = Object.values(tables)
    .map((t) => t.unit)
    .filter((u): u is string => Boolean(u));
  warnings.push(...disagreements(dept, year, outside));
  const r = regionFrom?.value ?? null;
  return {
    region: r?.region || 'unknown-region',
    province: r?.province ?? null,
    city: r?.city ?? null,
    district: r?.district ?? null,
    divisionCode: r?.code ?? null,
    department: department || 'unknown-department',
    departmentShort: department ? shortName(department, region) : 'unknown-department',
    scope,
    year: year?.value ?? null,
    kind: verdict.kind,
    kindReason: verdict.reason,
    title: coverTitle?.title ?? null,
    sources: { department: dept?.source ?? null, region: regionFrom?.source ?? null, year: year?.source ?? null, kind: verdict.source },
    unit: mostCommon(units),
    publishedDate: publishedDate(cover.lines),
  };
}

/** Same organisation: equal names, or one is the other without its region (财政局 / 上海市普陀区财政局). */
function sameName(a: string, b: string): boolean {
  const x = splitQualifier(compact(a)).name;
  const y = splitQualifier(compact(b)).name;
  return x.endsWith(y) || y.endsWith(x);
}

const SOURCE_NAME: Partial<Record<IdentitySource, string>> = { metadata: 'the PDF/HTML title', listing: 'the harvest listing title' };

function disagreements(dept: Found<string> | null, year: Found<number> | null, outside: Array<{ source: IdentitySource; title: ParsedTitle }>): Warning[] {
  const out: Warning[] = [];
  for (const o of outside) {
    const where = SOURCE_NAME[o.source] ?? o.source;
    if (dept && o.source !== dept.source && o.title.department && !sameName(o.title.department, dept.value)) {
      out.push({ code: 'identity-disagrees', message: `${where} names the department "${o.title.department}", the document's ${dept.source} "${dept.value}"; the record keeps the ${dept.source}` });
    }
    if (year && o.source !== year.source && o.title.year && o.title.year !== year.value) {
      out.push({ code: 'identity-disagrees', message: `${where} names the year ${o.title.year}, the document's ${year.source} ${year.value}; the record keeps the ${year.source}` });
    }
  }
  return out;
}

/** The issuer a notice signs with above its date ("长沙市财政局" / "2025年7月4日"), when its letterhead is not read. */
function signedBy(lines: string[]): string | null {
  for (let i = 0; i + 1 < lines.length; i++) {
    if (/^(?:19|20)\d\d年\d{1,2}月\d{1,2}日$/.test(lines[i + 1]) && isOrgName(lines[i])) return splitQualifier(lines[i]).name;
  }
  return null;
}

/** 上海市普陀区财政局 → 财政局; 中共深圳市委宣传部 → 市委宣传部 (the 委 belongs to the 市委, not after the region). */
function shortName(department: string, region: RegionMatch | null): string {
  if (!region?.region) return department;
  const rest = region.rest;
  if (!rest) return department;
  return region.party || rest.startsWith('委') ? `${region.region.slice(-1)}${rest}` : rest;
}

/**
 * The cover: the first lines up to the table of contents, without page numbers; `key：value` lines are
 * kept apart (保密审查情况：…, 部门名称：…) so they never join a wrapped title.
 */
function coverLines(lines: string[]): { lines: string[]; unitKeys: string[] } {
  const out: string[] = [];
  const unitKeys: string[] = [];
  for (const line of lines) {
    if (/^目录$|^目\s*录/.test(line) || out.length >= 25) break;
    if (/^[-—–\s]*\d{1,3}[-—–\s]*$/.test(line)) continue;
    const u = UNIT_LINE.exec(line);
    if (u) {
      unitKeys.push(u[1]);
      continue;
    }
    if (/^[\u4e00-\u9fff]{2,12}[:：]/.test(line)) continue;
    out.push(line);
  }
  return { lines: out, unitKeys };
}

/**
 * The cover title: the earliest run of up to three lines that reads as "[name] year [name] 部门决算/预算…".
 * Runs that name the department win over runs that do not (a bare "2022年度部门决算" under its name line).
 */
function findCoverTitle(lines: string[]): ParsedTitle | null {
  const head = lines.slice(0, 20);
  let partial: ParsedTitle | null = null;
  for (let i = 0; i < head.length; i++) {
    for (let size = 1; size <= 3 && i + size <= head.length; size++) {
      const run = head.slice(i, i + size);
      // Wrapped title pieces are short; a long line ends a run (it is narrative).
      if (run.slice(0, -1).some((l) => l.length > 24)) break;
      const t = parseTitle(run.join(''));
      if (t?.department) return t;
      if (t && !partial && size === 1) partial = t;
    }
  }
  return partial;
}

const UNIT_LINE = /^(部门名称|单位名称|编制单位|预算单位|部门|单位)[:：](.+?)(?:(?:金额)?单位[:：].*)?$/;

/** Names printed on 部门：/单位名称： lines, most frequent first (a table's unit line "单位：万元" is not one). */
function countUnitLines(layout: DocumentLayout): string[] {
  const counts = new Map<string, number>();
  for (const page of layout.pages.slice(0, TABLE_PAGES)) {
    for (const b of page.blocks) {
      if (b.kind !== 'text' || !/[:：]/.test(b.text)) continue;
      const m = UNIT_LINE.exec(compact(b.text));
      if (!m) continue;
      const name = m[2].replace(/[（(]?(?:元|万元|千元|亿元)[)）]?$/, '');
      if (!isOrgName(name)) continue;
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([n]) => n);
}

/** "纳入西安市卫生健康委员会2022年度部门决算编制范围", "深圳市财政局(本级)纳入2026年部门预算". */
function bodyDepartment(pages: string[][]): string | null {
  const patterns = [
    /纳入([^。；，,]{3,40}?)(?:(?:19|20)\d\d年度?)?(?:部门)?(?:汇总)?(?:决算|预算)编制范围/,
    /([^。；，,、]{3,40}?)纳入(?:(?:19|20)\d\d年度?)?部门(?:决算|预算)/,
    /编制范围的(?:单位)?(?:只有|包括|为)([^。；，,]{3,30}?)(?:本级|[。；，,])/,
  ];
  for (const page of pages) {
    const text = page.join('');
    for (const re of patterns) {
      for (const m of text.matchAll(new RegExp(re, 'g'))) {
        const name = splitQualifier(stripLead(m[1])).name;
        if (isOrgName(name)) return name;
      }
    }
  }
  return null;
}

/** Short lines that read as table titles: "收支预算总表", "2022年度收入决算表", "表3 …支出决算表(续)", "…决算表（表5）" (a number after the title, brackets as OCR reads them). */
function tableTitles(layout: DocumentLayout): string[] {
  const out: string[] = [];
  for (const page of layout.pages.slice(0, TABLE_PAGES)) {
    for (const b of page.blocks) {
      if (b.kind !== 'text' || b.text.length > 60) continue;
      const t = compact(b.text);
      if (t.length <= 40 && /(?:预算|决算)[\u4e00-\u9fff()“”"]{0,20}表(?:[(（〔〈《[]*(?:表?\d{1,2}|续)[)）〕〉》\]]*)?$/.test(t) && !/^[一二三四五六七八九十\d]+[、.]/.test(t)) out.push(t);
    }
  }
  return out;
}

/** Lines of a web page that are themselves document titles (a listing of links): "2026-02-27长沙市…2026年部门预算公开". */
function documentTitleLines(lines: string[]): string[] {
  return [...new Set(lines.filter((l) => l.length <= 80 && parseTitle(l)?.department))];
}

/** Grids that hold amounts (a page-layout table of links or of 索引号/发布日期 holds none). */
function dataGrids(layout: DocumentLayout): number {
  const AMOUNT = /^-?\d[\d,]*\.\d{1,2}$/;
  return layout.pages
    .flatMap((p) => p.blocks)
    .filter((b) => b.kind === 'grid' && b.cells.filter((c) => AMOUNT.test(compact(c.lines.join('')))).length >= 3).length;
}

/** PDF titles carry converter prefixes and file names: "Microsoft Word - 2024年….doc". */
function cleanMetadataTitle(title: string): string {
  if (/^<[0-9A-F]+>$/i.test(title)) return '';
  return title.replace(/^Microsoft\s+(?:Word|Excel)\s*-\s*/i, '').replace(/\.(?:pdf|docx?|xlsx?|wps|et)$/i, '');
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

/**
 * A blank template (上海市XX局, 预算单位：上海市普陀区XX单位) is a 决算 or 预算 by its titles, but it
 * belongs to no department and prints its tables without amounts: it is refused, not written under
 * unknown-department.
 */
function templateVerdict(v: KindVerdict, department: string | null | undefined, tables: Tables): KindVerdict {
  if (v.kind === 'other') return v;
  const placeholder = !department || /[XＸ×xｘ]{2}/.test(department);
  const list = (Object.values(tables) as Array<Table | undefined>).filter((t): t is Table => t !== undefined);
  // Its tables are printed, but blank; a document whose tables could not be read at all is no template.
  const blankTables = list.some((t) => t.status === 'empty') && !list.some((t) => t.status === 'present');
  if (!placeholder || !blankTables) return v;
  return { kind: 'other', source: v.source, reason: `template: no department (${department ? `placeholder "${department}"` : 'none printed'}) and no amounts in its tables` };
}
