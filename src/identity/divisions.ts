import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DivisionsSchema, type Divisions } from '../../schemas/divisions.js';
import { PROJECT_ROOT } from '../project-root.js';

/** Where a name's region prefix sits in the GB/T 2260 table. */
export interface RegionMatch {
  /** the prefix as printed, e.g. 上海市普陀区 */
  region: string;
  province: string | null;
  city: string | null;
  district: string | null;
  /** six-digit code of the most specific level matched (310107, 440300, 320000) */
  code: string | null;
  /** 中共 / 中国共产党 before the region: part of the department, never of the region */
  party: string;
  /** the name after the region (财政局, 委宣传部) */
  rest: string;
}

interface Index {
  provinces: Divisions['provinces'];
  cities: Array<Divisions['cities'][number] & { province: string }>;
  districts: Array<Divisions['districts'][number] & { province: string }>;
}

let index: Index | undefined;
function load(): Index {
  if (index) return index;
  const d = DivisionsSchema.parse(JSON.parse(readFileSync(join(PROJECT_ROOT, 'schemas', 'data', 'divisions.json'), 'utf8')));
  const prov = (code: string) => `${code.slice(0, 2)}0000`;
  // Longest names first, so 西安市 never loses to a shorter name that is its prefix.
  const byLength = <T extends { name: string }>(a: T, b: T) => b.name.length - a.name.length;
  index = {
    provinces: [...d.provinces].sort(byLength),
    cities: d.cities.map((c) => ({ ...c, province: prov(c.code) })).sort(byLength),
    districts: d.districts.map((x) => ({ ...x, province: prov(x.code) })).sort(byLength),
  };
  return index;
}

const PARTY = /^(中共|中国共产党)/;

/**
 * Splits the region off the front of a department name using the division table:
 * 上海市普陀区财政局 → 上海市 / 上海市 / 普陀区 (310107) + 财政局; 中共深圳市委宣传部 → 广东省 / 深圳市 (440300)
 * + 委宣传部 with party 中共. A county is only taken under its own city (or alone when its name is unique).
 */
export function matchRegion(name: string): RegionMatch {
  const { provinces, cities, districts } = load();
  const party = PARTY.exec(name)?.[1] ?? '';
  let rest = name.slice(party.length);
  let region = '';
  const take = (printed: string) => {
    region += printed;
    rest = rest.slice(printed.length);
  };
  // A name must keep something after its region ("上海市" alone names no department).
  const starts = (n: string) => n.length >= 2 && rest.startsWith(n) && rest.length > n.length;

  let province = provinces.find((p) => starts(p.name)) ?? null;
  if (province) take(province.name);
  else {
    province = provinces.find((p) => p.short.length >= 2 && starts(p.short) && !cities.some((c) => starts(c.name))) ?? null;
    if (province) take(province.short);
  }
  let city = province?.municipality ? cities.find((c) => c.code === province!.code)! : null;
  if (!city) {
    const pool = province ? cities.filter((c) => c.province === province!.code) : cities;
    city = pool.find((c) => c.code !== c.province && starts(c.name)) ?? null;
    if (city) {
      take(city.name);
      province ??= provinces.find((p) => p.code === city!.province) ?? null;
    }
  }
  let district: (typeof districts)[number] | null = null;
  const pool = city ? districts.filter((x) => x.city === city!.code) : province ? districts.filter((x) => x.province === province!.code) : null;
  if (pool) district = pool.find((x) => starts(x.name)) ?? null;
  else {
    const named = districts.filter((x) => starts(x.name));
    if (named.length > 0 && named.every((x) => x.name === named[0].name) && named.length === 1) district = named[0];
  }
  if (district) {
    take(district.name);
    city ??= cities.find((c) => c.code === district!.city) ?? null;
    province ??= provinces.find((p) => p.code === district!.province) ?? null;
  }
  // A city bureau's district branch names its district last (广州市生态环境局番禺区分局, 上海市公安局普陀分局):
  // the branch is the district's own department, so the district is its region.
  let printed = region;
  if (city && !district) {
    const branch = branchDistrict(rest, districts.filter((x) => x.city === city!.code));
    if (branch) {
      district = branch;
      printed = `${region}${branch.name}`;
    }
  }
  return {
    region: printed,
    province: province?.name ?? null,
    city: city?.name ?? null,
    district: district?.name ?? null,
    code: district?.code ?? city?.code ?? province?.code ?? null,
    party,
    rest,
  };
}

/** Words that name a city bureau's office in one district, printed right after the district's name. */
const BRANCH = /^(分局|分中心|分院|分所|支队|大队|中队|管理局|管理所|监管所)/;

/** The district a department's rest names just before a branch word, by its full name or without 区/县. */
function branchDistrict<T extends { name: string }>(rest: string, districts: T[]): T | null {
  for (const d of districts) {
    const short = d.name.replace(/(区|县|市)$/, '');
    for (const n of short.length >= 2 ? [d.name, short] : [d.name]) {
      const at = rest.indexOf(n);
      if (at > 0 && BRANCH.test(rest.slice(at + n.length))) return d;
    }
  }
  return null;
}

/** The province, city and code of a region named alone ("长沙市", "上海市普陀区"), or null. */
export function lookupRegion(region: string): RegionMatch | null {
  const m = matchRegion(`${region}\u0000`);
  return m.region === region ? { ...m, rest: '' } : null;
}
