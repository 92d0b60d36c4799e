import { mkdtempSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DocumentMeta } from '../schemas/record.js';
import { readPdfLayout } from '../extractors/pdf/index.js';
import { chooseReader } from '../extractors/registry.js';
import { assembleTables } from '../src/assemble/index.js';
import { readIdentity, stopReadingReason } from '../src/identity/index.js';
import { SharedOcrEngine } from '../src/pipeline/ocr-engine.js';
import { runExtract } from '../src/commands/extract.js';

/**
 * The identity of every document of the reference corpus (test/fixtures/real, PROVENANCE.md), checked
 * by hand against the printed covers, 部门： lines and titles (pdftotext / the HTML source). Identity is
 * read from the first pages with the pipeline's own readers (the registry) and stop rule: that is all
 * the identity reader looks at for the cover and headings.
 */
const DIR = 'test/fixtures/real';
const PAGES = 8;

type Expect = Pick<DocumentMeta, 'region' | 'province' | 'city' | 'district' | 'divisionCode' | 'department' | 'year' | 'kind'> & { scope?: DocumentMeta['scope'] };
const doc = (department: string, region: string, province: string, city: string | null, district: string | null, divisionCode: string, year: number, kind: DocumentMeta['kind'], scope?: DocumentMeta['scope']): Expect => ({
  region, province, city, district, divisionCode, department, year, kind, ...(scope ? { scope } : {}),
});

const EXPECTED: Record<string, Expect | { unreadable: RegExp }> = {
  'beijing-czj-2026-budget.pdf': doc('北京市财政局', '北京市', '北京市', '北京市', null, '110000', 2026, 'budget', 'department'),
  // An HTML page saved as .pdf: the 重庆市交通运输委员会 page listing its units' 2026 单位预算 documents.
  'chongqing-jiaotong-2026-htmlaspdf.pdf': doc('重庆市交通运输委员会', '重庆市', '重庆市', '重庆市', null, '500000', 2026, 'other'),
  'chongqing-shangwu-2026-budget.pdf': doc('重庆市商务委员会', '重庆市', '重庆市', '重庆市', null, '500000', 2026, 'budget'),
  'fujian-fuzhou-yibao-2026-budget.pdf': doc('福州市医疗保障局', '福州市', '福建省', '福州市', null, '350100', 2026, 'budget'),
  'guangdong-guangzhou-qixiang-2026-budget.pdf': doc('广州市气象局', '广州市', '广东省', '广州市', null, '440100', 2026, 'budget'),
  'guangdong-shenzhen-czj-2026-budget.pdf': doc('深圳市财政局', '深圳市', '广东省', '深圳市', null, '440300', 2026, 'budget', 'own'),
  'guangdong-shenzhen-xuanchuanbu-2026-budget.pdf': doc('中共深圳市委宣传部', '深圳市', '广东省', '深圳市', null, '440300', 2026, 'budget', 'own'),
  // The department's column page on the 长沙 site: a listing of its 预算/决算 documents, no tables.
  'hunan-changsha-fagai-2026-page.html': doc('长沙市发展和改革委员会', '长沙市', '湖南省', '长沙市', null, '430100', 2026, 'other'),
  'hunan-changsha-jiaojing-2023-jixiao-scan.pdf': doc('长沙市公安局交通警察支队', '长沙市', '湖南省', '长沙市', null, '430100', 2023, 'other'),
  // 长沙市财政局's notice 关于下达2025年文化和旅游项目资金的通知 (to 市文旅广电局).
  'hunan-changsha-wenlv-2025-notice-abbyy-scan.pdf': doc('长沙市财政局', '长沙市', '湖南省', '长沙市', null, '430100', 2025, 'other'),
  'hunan-changsha-xinfang-2026-budget.pdf': doc('长沙市信访局', '长沙市', '湖南省', '长沙市', null, '430100', 2026, 'budget'),
  'jiangsu-jianchayuan-2018-budget.pdf': doc('江苏省人民检察院', '江苏省', '江苏省', null, null, '320000', 2018, 'budget'),
  'jiangsu-jianchayuan-2019-budget.pdf': doc('江苏省人民检察院', '江苏省', '江苏省', null, null, '320000', 2019, 'budget'),
  'jiangsu-shengweiban-2019-budget.pdf': doc('江苏省委办公厅', '江苏省', '江苏省', null, null, '320000', 2019, 'budget'),
  'jiangsu-shengweibgt-2017-budget-tables.pdf': doc('中国共产党江苏省委员会办公厅', '江苏省', '江苏省', null, null, '320000', 2017, 'budget'),
  'jiangsu-suzhou-shenji-2026-budget.pdf': doc('苏州市审计局', '苏州市', '江苏省', '苏州市', null, '320500', 2026, 'budget'),
  'jiangsu-zhengxie-2019-budget-tables.pdf': doc('江苏省政协办公厅', '江苏省', '江苏省', null, null, '320000', 2019, 'budget'),
  'putuo-caizhengju-2024.pdf': doc('上海市普陀区财政局', '上海市普陀区', '上海市', '上海市', '普陀区', '310107', 2024, 'final', 'department'),
  'shaanxi-xian-czj-2026-budget.pdf': doc('西安市财政局', '西安市', '陕西省', '西安市', null, '610100', 2026, 'budget', 'consolidated'),
  'shaanxi-xian-fagai-2019-budget.pdf': doc('西安市发展和改革委员会', '西安市', '陕西省', '西安市', null, '610100', 2019, 'budget'),
  'shaanxi-xian-keji-2022-budget.pdf': doc('西安市科学技术局', '西安市', '陕西省', '西安市', null, '610100', 2022, 'budget'),
  'shaanxi-xian-weijianwei-2022-final.pdf': doc('西安市卫生健康委员会', '西安市', '陕西省', '西安市', null, '610100', 2022, 'final', 'consolidated'),
  // Named only on its 部门名称： line (the pre-2019 name of the 应急管理局).
  'shaanxi-xian-yingji-2019-budget.pdf': doc('西安市安全生产监督管理局', '西安市', '陕西省', '西安市', null, '610100', 2019, 'budget'),
  'shandong-yantai-czj-2026-budget.pdf': doc('烟台市财政局', '烟台市', '山东省', '烟台市', null, '370600', 2026, 'budget'),
  // A WPS-made 2026 单位预算 template: cover 上海市普陀区2026年区级单位预算, 预算单位：上海市普陀区XX单位, no amounts.
  // A template belongs to no department: refused (kind other, "template: no department"), not written under unknown-department.
  'shanghai-budget-template-2026.xls': { region: 'unknown-region', province: null, city: null, district: null, divisionCode: null, department: 'unknown-department', year: 2026, kind: 'other' },
  'shanghai-czj-2025-unit-budget.pdf': doc('上海市财政局', '上海市', '上海市', '上海市', null, '310000', 2025, 'budget', 'unit'),
  // The 2026年度普陀区部门预算公开情况检查表 of 上海市普陀区司法局: a checklist, not a 预算 or 决算.
  'shanghai-putuo-sifa-2026-budget.xlsx': doc('上海市普陀区司法局', '上海市普陀区', '上海市', '上海市', '普陀区', '310107', 2026, 'other'),
  'shanghai-template-2024.pdf': doc('上海市XX局', '上海市', '上海市', '上海市', null, '310000', 2024, 'other'),
  'zhejiang-huzhou-weijian-2026-budget.pdf': doc('湖州市卫生健康委员会', '湖州市', '浙江省', '湖州市', null, '330500', 2026, 'budget'),
};

const engine = new SharedOcrEngine();
afterAll(() => engine.close());

async function identityOf(name: string): Promise<DocumentMeta> {
  const bytes = new Uint8Array(readFileSync(join(DIR, name)));
  const { reader } = chooseReader(bytes, name);
  const layout = await reader.read(bytes, {
    fileName: name,
    pdf: async (b) => {
      const probe = await readPdfLayout(b, { fileName: name, pages: [1] });
      const pages = Array.from({ length: Math.min(PAGES, probe.pageCount) }, (_, i) => i + 1);
      return readPdfLayout(b, { fileName: name, pages, ocr: { mode: 'auto', engine: engine.get }, stopAfter: stopReadingReason });
    },
  });
  return readIdentity(layout, assembleTables(layout.pages, []), { fileName: name, inputKind: reader.kind });
}

describe('identity of every real document', () => {
  it('has an expectation for every file of the corpus', () => {
    expect(readdirSync(DIR).filter((f) => f !== 'PROVENANCE.md').sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [name, want] of Object.entries(EXPECTED)) {
    it(name, async () => {
      if ('unreadable' in want) {
        expect(() => chooseReader(new Uint8Array(readFileSync(join(DIR, name))), name)).toThrow(want.unreadable);
        return;
      }
      const got = await identityOf(name);
      expect(got).toMatchObject(want);
      expect(got.departmentShort).not.toMatch(/汇总|本级|^\(/);
      expect(got.kindReason).toBeTruthy();
    }, 120_000);
  }
});

describe('extract on documents that are not a 决算 or 预算', () => {
  it('says what they are and why, writes no record, and keeps the exit status', async () => {
    const out = mkdtempSync(join(tmpdir(), 'juesuan-other-'));
    const files = ['chongqing-jiaotong-2026-htmlaspdf.pdf', 'hunan-changsha-fagai-2026-page.html'].map((f) => join(DIR, f));
    const outcomes = await runExtract(files, { out, quiet: true });
    expect(outcomes.map((o) => [o.ok, o.status])).toEqual([
      [true, 'other'],
      [true, 'other'],
    ]);
    expect(outcomes[0].record!.document.kindReason).toMatch(/^an HTML page saved as \.pdf: a listing page: \d+ document titles/);
    expect(outcomes[1].record!.document.kindReason).toMatch(/^a listing page: \d+ document titles \(first: "2026-02-27长沙市发展和改革委员会2026年部门预算公开"\)/);
    expect(existsSync(join(out, '重庆市'))).toBe(false);
    expect(readdirSync(out)).toEqual([]);
  });
});
