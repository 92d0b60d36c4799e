import type { DocumentLayout, LayoutBlock } from '../extractors/layout.js';
import type { Warning } from '../schemas/record.js';
import { chooseReader, formatByName } from '../extractors/registry.js';
import { assembleTables } from '../src/assemble/index.js';
import { matchRegion, readIdentity } from '../src/identity/index.js';
import { expandInputsReporting } from '../src/commands/extract.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A layout from lines of text, one array per page (the shape every reader produces). */
function layout(pages: string[][], extra: Partial<DocumentLayout> = {}, grids: LayoutBlock[] = []): DocumentLayout {
  return {
    pages: pages.map((lines, i) => ({ number: i + 1, source: 'text-layer' as const, blocks: [...lines.map((text) => ({ kind: 'text' as const, text, page: i + 1, source: 'text' as const })), ...(i === 0 ? grids : [])] })),
    pageCount: pages.length,
    warnings: [],
    ...extra,
  };
}
const identity = (l: DocumentLayout, input: { fileName?: string; listingTitle?: string; inputKind?: 'pdf' | 'text' | 'html' } = {}) =>
  readIdentity(l, assembleTables(l.pages, []), { fileName: input.fileName ?? 'P020240101.pdf', ...input });

describe('identity reconciler', () => {
  it('joins a cover title wrapped over three lines', () => {
    const d = identity(layout([['2025 年度', '杭州市西湖区民政局', '部门决算', '目 录', '第一部分 部门概况']]));
    expect(d).toMatchObject({ department: '杭州市西湖区民政局', departmentShort: '民政局', region: '杭州市西湖区', province: '浙江省', city: '杭州市', district: '西湖区', divisionCode: '330106', year: 2025, kind: 'final' });
    expect(d.sources).toEqual({ department: 'cover', region: 'cover', year: 'cover', kind: 'cover' });
  });

  it('keeps 中共…委 in the department, never in the region', () => {
    const d = identity(layout([['中共上海市普陀区委组织部', '2023年度部门决算']]));
    expect(d).toMatchObject({ department: '中共上海市普陀区委组织部', region: '上海市普陀区', province: '上海市', city: '上海市', district: '普陀区', divisionCode: '310107', departmentShort: '区委组织部' });
    expect(matchRegion('中国共产党湖北省委员会宣传部')).toMatchObject({ region: '湖北省', party: '中国共产党', code: '420000' });
  });

  it('takes the district of a city bureau\'s district branch, named last, as its region', () => {
    const d = identity(layout([['广州市生态环境局番禺区分局', '2022年度部门决算']]));
    expect(d).toMatchObject({ department: '广州市生态环境局番禺区分局', region: '广州市番禺区', province: '广东省', city: '广州市', district: '番禺区', divisionCode: '440113', departmentShort: '生态环境局番禺区分局' });
    expect(matchRegion('上海市公安局普陀分局')).toMatchObject({ district: '普陀区', code: '310107' });
    expect(matchRegion('深圳市规划和自然资源局南山管理局')).toMatchObject({ district: '南山区', code: '440305' });
    // a district's name inside another word is no branch
    expect(matchRegion('广州市海珠湿地管理处')).toMatchObject({ region: '广州市', district: null, code: '440100' });
    expect(matchRegion('上海市普陀区财政局')).toMatchObject({ region: '上海市普陀区', rest: '财政局' });
  });

  it('reads the department from a 部门名称： line when the cover names none', () => {
    const d = identity(layout([['附件1', '2021年部门综合预算公开报表', '部门名称：宝鸡市审计局', '保密审查情况：已审查'], ['收支预算总表', '部门名称：宝鸡市审计局 单位：万元']]));
    expect(d).toMatchObject({ department: '宝鸡市审计局', province: '陕西省', city: '宝鸡市', divisionCode: '610300', year: 2021, kind: 'budget' });
    expect(d.sources.department).toBe('unit-line');
  });

  it('drops the date a web page prints before a title', () => {
    const d = identity(layout([['2024-09-30南京市玄武区教育局2023年度部门决算公开']]), { inputKind: 'html' });
    expect(d).toMatchObject({ department: '南京市玄武区教育局', region: '南京市玄武区', divisionCode: '320102', year: 2023, kind: 'final' });
  });

  it('records (汇总)/(本级) as the scope, not in the name', () => {
    const d = identity(layout([['兰州市财政局（汇总）', '2022年度部门决算']]));
    expect(d).toMatchObject({ department: '兰州市财政局', departmentShort: '财政局', scope: 'consolidated' });
    expect(identity(layout([['2026年武汉市民政局（本级）部门预算']])).scope).toBe('own');
  });

  it('never takes a heading (五、…) or a narrative fragment for the department', () => {
    const d = identity(layout([['五、2022 年部门预算收支说明', '本部门2022年收入预算……'], ['编制单位：银川市林业和草原局']]));
    expect(d).toMatchObject({ department: '银川市林业和草原局', province: '宁夏回族自治区', city: '银川市', kind: 'budget' });
  });

  it('falls back to the body, the PDF title and the listing title, in that order', () => {
    const body = identity(layout([['一、部门概况', '纳入合肥市科学技术局2022年度部门决算编制范围的单位共3个'], ['收入决算表', '支出决算表']]));
    expect(body).toMatchObject({ department: '合肥市科学技术局', kind: 'final' });
    expect(body.sources.department).toBe('body');
    const meta = identity(layout([['收入支出决算总表']], { title: 'Microsoft Word - 2021年成都市武侯区司法局部门决算.docx' }));
    expect(meta).toMatchObject({ department: '成都市武侯区司法局', district: '武侯区', divisionCode: '510107', year: 2021 });
    expect(meta.sources.department).toBe('metadata');
    const listing = identity(layout([['收入支出决算总表']]), { listingTitle: '济南市历下区卫生健康局2020年度部门决算公开' });
    expect(listing).toMatchObject({ department: '济南市历下区卫生健康局', year: 2020, kind: 'final' });
    expect(listing.sources).toMatchObject({ department: 'listing', year: 'listing' });
  });
});

describe('sources that disagree', () => {
  const cover = layout([['杭州市西湖区民政局', '2025年度部门决算', '目 录']]);
  const warned = (input: { listingTitle?: string }, l = cover) => {
    const warnings: Warning[] = [];
    const d = readIdentity(l, assembleTables(l.pages, []), { fileName: 'P0201.pdf', ...input }, warnings);
    return { d, messages: warnings.filter((w) => w.code === 'identity-disagrees').map((w) => w.message) };
  };

  it('keeps the cover and warns when the listing names another department or year', () => {
    const { d, messages } = warned({ listingTitle: '杭州市西湖区财政局2024年度部门决算公开' });
    expect(d).toMatchObject({ department: '杭州市西湖区民政局', year: 2025 });
    expect(messages).toEqual([
      'the harvest listing title names the department "杭州市西湖区财政局", the document\'s cover "杭州市西湖区民政局"; the record keeps the cover',
      'the harvest listing title names the year 2024, the document\'s cover 2025; the record keeps the cover',
    ]);
  });

  it('does not warn when a source only leaves out the region or the qualifier', () => {
    expect(warned({ listingTitle: '西湖区民政局2025年度部门决算' }).messages).toEqual([]);
    expect(warned({ listingTitle: '杭州市西湖区民政局（汇总）2025年度部门决算' }).messages).toEqual([]);
    expect(warned({}).messages).toEqual([]);
  });

  it('reports a PDF title that names another department', () => {
    const l = layout([['杭州市西湖区民政局', '2025年度部门决算']], { title: '2025年杭州市西湖区教育局部门决算' });
    expect(warned({}, l).messages).toEqual(['the PDF/HTML title names the department "杭州市西湖区教育局", the document\'s cover "杭州市西湖区民政局"; the record keeps the cover']);
  });
});

describe('kind classifier', () => {
  it('a 预算 that mentions 决算 stays a budget', () => {
    const d = identity(layout([['昆明市交通运输局', '2024年部门预算'], ['2023年决算数为1200万元', '上年决算']]));
    expect(d.kind).toBe('budget');
    expect(d.kindReason).toMatch(/cover title/);
  });

  it('without a cover, table titles decide by majority', () => {
    expect(identity(layout([['部门：福建省文化和旅游厅 单位：万元', '收支预算总表'], ['财政拨款收支预算总表', '一般公共预算支出预算表（上年决算数）']])).kind).toBe('budget');
    expect(identity(layout([['收入支出决算总表'], ['收入决算表'], ['支出决算表']])).kind).toBe('final');
  });

  it('notices and evaluations are other, with the reason', () => {
    const notice = identity(layout([['太原市财政局', '并财教〔2024〕12号', '关于下达2024年教育专项资金', '的通知']]));
    expect(notice).toMatchObject({ kind: 'other', department: '太原市财政局' });
    expect(notice.kindReason).toMatch(/资金下达/);
    // Letterhead not read (red ink dropped): the issuer is the name signed above the date.
    const signed = identity(layout([['晋财教〔2024〕7号', '关于下达2024年教育专项资金', '的通知', '市教育局：', '现下达你单位资金。', '太原市财政局', '2024年3月1日']]));
    expect(signed).toMatchObject({ kind: 'other', department: '太原市财政局', divisionCode: '140100' });
    const report = identity(layout([['2022年度石家庄市水利局', '部门整体支出绩效自评报告']]));
    expect(report.kind).toBe('other');
    expect(report.kindReason).toMatch(/绩效评价/);
  });

  it('a web page listing document titles without tables is a listing page', () => {
    const d = identity(layout([['首页 > 部门预决算', '2025-02-01 沈阳市民政局2025年部门预算公开', '2024-09-01 沈阳市民政局2023年部门决算公开', '2024-02-01 沈阳市民政局2024年部门预算公开']]), { inputKind: 'html' });
    expect(d.kind).toBe('other');
    expect(d.kindReason).toMatch(/^a listing page: 3 document titles/);
  });
});

describe('reader registry', () => {
  const bytes = (s: string | number[]) => (typeof s === 'string' ? new TextEncoder().encode(s) : new Uint8Array(s));
  it('chooses by content first, then by name', () => {
    expect(chooseReader(bytes('%PDF-1.7\n…'), 'report.doc').reader.kind).toBe('pdf');
    expect(chooseReader(bytes('2020年度部门决算'), 'notes.txt').reader.kind).toBe('text');
    const page = `<!DOCTYPE html><html><head><title>2023年部门决算</title></head><body>${'<p>沈阳市民政局2023年部门决算公开</p>'.repeat(5)}</body></html>`;
    expect(chooseReader(bytes(page), 'a.pdf')).toMatchObject({ reader: { kind: 'html' }, note: 'an HTML page saved as .pdf' });
  });

  it('names error pages, office formats and unknown types', () => {
    expect(() => chooseReader(bytes('<html><head><title>404 Not Found</title></head><body>Not Found</body></html>'), 'x.pdf')).toThrow(/x\.pdf: not a PDF: an HTML page saved as \.pdf: an error page from the server \(404 Not Found\)/);
    // Office files go to their reader by name when their bytes are no valid container: it says what is wrong.
    expect(chooseReader(bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), 'b.doc').reader.kind).toBe('word');
    expect(chooseReader(bytes([0x50, 0x4b, 0x03, 0x04, 0]), 'c.ofd').reader.kind).toBe('ofd');
    expect(() => chooseReader(bytes([0x50, 0x4b, 0x03, 0x04, 0]), 'c.zip')).toThrow(/recognised as zip archive/);
    expect(() => chooseReader(bytes('x'), 'd.png')).toThrow(/unsupported file type "\.png"/);
    expect(formatByName('e.xlsx')).toMatchObject({ readable: true, reader: { kind: 'spreadsheet' } });
    expect(formatByName('e.dps')).toMatchObject({ readable: false, format: { name: 'WPS presentation' } });
  });

  it('extract takes a folder’s readable and office files and reports the others by name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'juesuan-reg-'));
    for (const f of ['a.pdf', 'b.xls', 'c.txt', 'notes.md', 'logo.png']) writeFileSync(join(dir, f), 'x');
    const { files, skipped } = await expandInputsReporting([dir]);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual(['a.pdf', 'b.xls', 'c.txt']);
    expect(skipped.map((f) => f.slice(dir.length + 1))).toEqual(['logo.png', 'notes.md']);
  });
});
