/**
 * Figures of a narrative unit tied to their subjects. A unit's text is cut into tokens — subject words,
 * expense-class mentions, noise, numbers with a unit, sentence ends — and walked in order: a number
 * belongs to the nearest subject named before it in its sentence (or, when none is, the first one named
 * after it in its clause), and the words between them say its role (年初预算, 决算, 增加, 占, 完成…的).
 * A subject named after 占/完成/比/较 is what the figure is measured against, not a new subject.
 */
import type { Tables } from '../../schemas/record.js';
import type { NarrativeFigure } from '../../schemas/narrative.js';
import { isAmountUnit } from '../export/facts.js';
import { compact } from '../../lib/text.js';
import { placeOf, type Unit } from './sections.js';
import {
  CLASS_MENTION, EXPENSE_CLASSES, NOISE, REFERENCE_WORDS, ROLE_WORDS, SUBJECTS, isBudgetPart, isNegative, sectionClass,
  type Role, type SectionClass, type Subject,
} from './subjects.js';

const NUMBER = /(\d+(?:,\d{3})*(?:\.\d+)?)\s*(亿元|万元|千元|元|万人次|万人|万(?=[\s，,。；;、)）]|$)|人次|人|辆|台\s*[（(]套[)）]|台|套|个|家|户|所|%|分|件|次|张|份|天)/g;
const COUNT_UNITS = new Set(['人', '辆', '台（套）', '台', '套', '个', '家', '户', '所']);
const SENTENCE_END = /[。；;！？!?]/g;
/** a numbered item, or a （一） heading that goes on with its text (（一）因公出国（境）费用。2026年预算数127.74万元) */
const ITEM_START = /^(?:\d{1,2}\s*[.．、](?!\d)|[（(]\d{1,2}[)）]|[（(][一二三四五六七八九十]+[)）])/;

interface Token {
  start: number;
  end: number;
  kind: 'subject' | 'noise' | 'number' | 'end';
  subject?: Subject;
  /** resolved key base of a subject token (null: words that name no figure we know) */
  key?: string | null;
  m?: RegExpExecArray;
  /** a class subject named as part of the 基本支出 or 项目支出 */
  within?: 'basic' | 'project';
}

export interface FoundFigure extends NarrativeFigure {
  role: Role;
  /** key base of the subject */
  base: string;
  /** the words after 占 (what a share is of), when printed */
  referent: string | null;
  def: Subject;
  /** index of the sentence in the document, to find the figures a percentage is made from */
  sentence: number;
}

export interface FigureWarning {
  message: string;
  page: number | null;
}

/** Codes of the expense classes the tables print, by compact name, and their 款/项 children. */
export interface ClassIndex {
  byName: Map<string, string>;
  rows: { code: string; name: string }[];
}

export function classIndex(tables: Tables): ClassIndex {
  const byName = new Map<string, string>(Object.entries(EXPENSE_CLASSES));
  const rows: { code: string; name: string }[] = [];
  for (const t of [tables.t5, tables.t3, tables.t2]) {
    for (const r of t.rows) {
      if (!r.code || !/^\d{3}(\d{2}){0,2}$/.test(r.code)) continue;
      const name = compact(r.label);
      if (r.code.length === 3 && !byName.has(name)) byName.set(name, r.code);
      if (!rows.some((x) => x.code === r.code)) rows.push({ code: r.code, name });
    }
  }
  return { byName, rows };
}

/** gpb_class:<deepest code the tables know, else 类 code/款 name/项 name> for a class mention. */
function classKey(m: RegExpExecArray, index: ClassIndex): { key: string; start: number } | null {
  // The words before the class name are not part of it (用于卫生健康支出（类）): the longest known name that ends it.
  const name = `${m[1]}支出`;
  let best: [string, string] | null = null;
  for (const [n, code] of index.byName) if (name.endsWith(n) && (!best || n.length > best[0].length)) best = [n, code];
  if (!best) return null;
  const offset = Math.max(0, name.length - best[0].length);
  let code = best[1];
  const path = [code];
  for (const part of [m[3], m[4]]) {
    if (!part) break;
    const child = index.rows.find((r) => r.code.length === code.length + 2 && r.code.startsWith(code) && r.name === compact(part));
    if (child && path.length === 1) {
      code = child.code;
      path[0] = code;
    } else path.push(compact(part));
  }
  return { key: `gpb_class:${path.join('/')}`, start: m.index + offset };
}

function tokens(text: string, section: SectionClass, index: ClassIndex): Token[] {
  const found: Token[] = [];
  const all = (re: RegExp) => {
    re.lastIndex = 0;
    const out: RegExpExecArray[] = [];
    for (let m = re.exec(text); m; m = re.exec(text)) {
      out.push(m);
      if (m[0] === '') re.lastIndex++;
    }
    return out;
  };
  for (const s of SUBJECTS) {
    if (s.sections && !s.sections.includes(section)) continue;
    for (const m of all(s.re)) {
      const key = typeof s.key === 'string' ? s.key : s.key(m, section);
      found.push({ start: m.index, end: m.index + m[0].length, kind: 'subject', subject: s, key, m });
    }
  }
  for (const m of all(CLASS_MENTION)) {
    const c = classKey(m, index);
    if (!c) continue;
    found.push({ start: c.start, end: m.index + m[0].length, kind: 'subject', subject: CLASS_SUBJECT, key: c.key, m });
  }
  // In the expense sections a class may be named without （类） (一般公共服务支出312.45万元，占2.2%).
  if (section === 'gpb' || section === 'expense') {
    for (const [name, code] of index.byName) {
      if (name.length < 4 || !name.endsWith('支出')) continue;
      for (const m of all(new RegExp(`${name.replace(/[()（）]/g, '\\$&')}(?=\\s*(?:决算数?)?为?\\s*\\d)`, 'g')))
        found.push({ start: m.index, end: m.index + m[0].length, kind: 'subject', subject: CLASS_SUBJECT, key: `gpb_class:${code}`, m });
    }
  }
  for (const re of NOISE) for (const m of all(re)) found.push({ start: m.index, end: m.index + m[0].length, kind: 'noise' });
  for (const m of all(NUMBER)) found.push({ start: m.index, end: m.index + m[0].length, kind: 'number', m });
  for (const m of all(SENTENCE_END)) found.push({ start: m.index, end: m.index + 1, kind: 'end' });
  // Earliest first, the longest of those starting together; whatever overlaps a taken token is dropped.
  found.sort((a, b) => a.start - b.start || b.end - a.end || (a.kind === 'number' ? 1 : 0) - (b.kind === 'number' ? 1 : 0));
  const out: Token[] = [];
  let reach = 0;
  for (const t of found) {
    if (t.start < reach) continue;
    // A number glued to a digit or letter before it is part of something else (an item number, a code).
    if (t.kind === 'number' && t.start > 0 && /[\dA-Za-z.]/.test(text[t.start - 1])) continue;
    out.push(t);
    reach = t.end;
  }
  return out;
}

const CLASS_SUBJECT: Subject = { re: CLASS_MENTION, key: '', accepts: 'amount', roles: { value: ':actual', actual: ':actual', budget: ':budget', budget_full: ':budget_full', completion: ':pct', share: ':share_pct', change: ':change', change_pct: ':change_pct' } };

/** The key of a role of a subject: the subject's own name for it, else `${base}_${role}` (a ':' name is appended as is). */
export function roleKey(subject: Subject, base: string, role: Role): string {
  const own = subject.roles?.[role];
  if (own) return own.startsWith(':') ? `${base}${own}` : own;
  if (role === 'value' || role === 'actual') return base;
  const suffix: Record<Role, string> = {
    value: '', actual: '', budget: '_budget', budget_full: '_budget_full', completion: '_completion_pct', share: '_share_pct',
    change: '_change', change_pct: '_change_pct', budget_diff: '_vs_budget', count: '_count', prior: '_prior',
  };
  return `${base}${suffix[role]}`;
}

const PCT_ROLES: Role[] = ['completion', 'share', 'change', 'budget_diff'];

/** The role word nearest the number; for a percentage only the words a percentage can follow (占 wins over the 预算 of 占一般公共预算…的). */
function roleOf(gap: string, pct: boolean): { role: Role; words: string } | null {
  let best: { role: Role; words: string; end: number; len: number } | null = null;
  for (const [re, role] of ROLE_WORDS) {
    if (pct ? !PCT_ROLES.includes(role) : role === 'completion' || role === 'share') continue;
    re.lastIndex = 0;
    for (let m = re.exec(gap); m; m = re.exec(gap)) {
      const end = m.index + m[0].length;
      if (!best || end > best.end || (end === best.end && m[0].length > best.len)) best = { role, words: m[0], end, len: m[0].length };
    }
  }
  return best && { role: best.role, words: best.words };
}

/**
 * @param budgetDocument the document is a 预算 (its cover says so), for the units under no 第…部分 heading
 *   that says which it is
 */
export function unitFigures(unit: Unit, sentenceBase: number, index: ClassIndex, warnings: FigureWarning[], budgetDocument = false): { figures: FoundFigure[]; sentences: number } {
  const text = unit.text;
  const section = sectionClass(unit.headings);
  const toks = tokens(text, section, index);
  const figures: FoundFigure[] = [];
  let sentence = sentenceBase;
  let sentenceStart = 0;
  let current: Token | null = null;
  let parent: Token | null = null;
  let anchor = 0;
  // The subject a numbered item opens with holds for the whole item (1. 卫生健康支出（类）。年初预算为…).
  let itemSubject: Token | null = null;
  let lastSubject: Token | null = null;
  const isItem = ITEM_START.test(text);
  const sectionPath = unit.headings.join(' / ');
  const part = unit.headings.find((h) => /^第[一二三四五六七八九十]+部分/.test(h));
  const budget = part ? isBudgetPart(part) : budgetDocument;
  const clauseAt = (start: number) => {
    const before = text.slice(sentenceStart, start);
    const tail = text.slice(start).search(/[。；;！？!?]/);
    return (before + text.slice(start, tail < 0 ? text.length : start + tail + 1)).trim();
  };
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.kind === 'end') {
      // …but only when it is a title, its first sentence stating no figure (1. 卫生健康支出（类）。).
      if (sentence === sentenceBase && figures.length) itemSubject = null;
      sentence++;
      sentenceStart = t.end;
      lastSubject = current ?? lastSubject;
      current = parent = itemSubject;
      anchor = t.end;
      continue;
    }
    if (t.kind === 'noise') continue;
    if (t.kind === 'subject') {
      // 占/完成/比 name what a figure is measured against only in the subject's own clause (…为完成特定任务而发生的支出，…，其中：一般公共服务支出417.41万元 names a new subject)
      const gap = text.slice(anchor, t.start).split(/[，,：:]/).pop()!;
      REFERENCE_WORDS.lastIndex = 0;
      if (current && REFERENCE_WORDS.test(gap)) continue;
      if (t.key === null) {
        current = null;
        anchor = t.end;
        continue;
      }
      // A class named after 基本支出/项目支出 in its sentence (项目支出417.41万元，…其中：一般公共服务支出417.41万元) is that part of the class.
      if (t.subject === CLASS_SUBJECT && current?.key && /^(?:gpb|expense)_(?:basic|project)$/.test(current.key)) t.within = current.key.endsWith('basic') ? 'basic' : 'project';
      if (t.subject!.part) {
        if (!parent) continue;
        current = t;
      } else current = parent = t;
      if (isItem && sentence === sentenceBase && !itemSubject) itemSubject = t;
      anchor = t.end;
      continue;
    }
    // a number
    const printedUnit = t.m![2].replace(/\s+/g, '').replace(/[（(]套[)）]/, '（套）');
    const unitName = printedUnit === '万' ? '万元' : printedUnit;
    const cls = isAmountUnit(unitName) ? 'amount' : COUNT_UNITS.has(unitName) ? 'count' : unitName === '%' ? 'pct' : 'other';
    let subj = current;
    // A count followed by its noun names that noun (1 个下属单位, 所属27个二级预算单位).
    const next = toks[i + 1];
    if (cls === 'count' && next?.kind === 'subject' && next.key && !next.subject!.part && /^[的\s]*$/.test(text.slice(t.end, next.start))) subj = next;
    // A sentence that opens with a role word goes on about the last sentence's subject (…完成预算的100%。支出决算比上年增加113.37万元).
    if (!subj && lastSubject && /^[\s\d]*(?:年度)?(?:支出)?(?:决算|预算)(?:数)?[比较为]/.test(text.slice(sentenceStart, t.start))) subj = lastSubject;
    if (!subj) {
      // No subject before it in the sentence: the first one named after it in the same clause (…等82个一级项目的绩效自评结果).
      for (let j = i + 1; j < toks.length && toks[j].kind !== 'end' && !/[，,：:]/.test(text.slice(t.end, toks[j].start)); j++) {
        if (toks[j].kind === 'subject' && toks[j].key && !toks[j].subject!.part) {
          subj = toks[j];
          break;
        }
      }
    }
    const gap = text.slice(Math.max(anchor, sentenceStart), t.start);
    anchor = t.end;
    if (cls === 'other' || !subj || !subj.key) continue;
    const def = subj.subject!;
    // a part (其中：行政 5 人) names nothing without the subject it is a part of
    if (def.part && !parent?.key) continue;
    const base = def.part ? `${parent!.key}:${subj.key}` : subj.key;
    const found = roleOf(gap, cls === 'pct');
    let role: Role = found?.role ?? 'value';
    if (cls === 'pct') {
      if (role === 'change') role = 'change_pct';
      else if (role !== 'completion' && role !== 'share') {
        warnings.push({ message: `narrative: a percentage with no word saying what it measures (${subj.m![0]} … ${t.m![0]}): "${clauseAt(t.start)}"`, page: placeOf(unit, t.start, t.end).page });
        continue;
      }
    } else {
      if (role === 'completion' || role === 'share') role = 'value';
      // In a budget every figure is a 预算: the word names no role there, unless the subject tells its
      // budget from its value (“三公”经费预算 is three_public_budget, its value the 决算 three_public_actual).
      if (budget && role === 'budget' && !def.roles?.value) role = 'value';
      if (cls === 'count' && def.accepts === 'amount') continue;
      if (cls === 'amount' && def.accepts === 'count') continue;
      if (cls === 'count' && def.accepts === 'both') role = 'count';
    }
    const negative = (role === 'change' || role === 'change_pct' || role === 'budget_diff') && isNegative(found?.words ?? '');
    const value = normalizeValue(t.m![1], negative);
    const key = subj.within && (role === 'value' || role === 'actual') ? `${base}:${subj.within}` : roleKey(def, base, role);
    const place = placeOf(unit, t.start, t.end);
    figures.push({
      key,
      subject: subj.m![0],
      text: t.m![0],
      value,
      unit: unitName,
      clause: clauseAt(t.start),
      section: sectionPath,
      page: place.page,
      ...(place.bbox ? { bbox: place.bbox } : {}),
      ...(place.line !== undefined ? { line: place.line } : {}),
      role,
      base,
      referent: gap.includes('占') ? compact(gap.slice(gap.lastIndexOf('占') + 1)) : null,
      sentence,
      def,
    });
  }
  return { figures, sentences: sentence - sentenceBase + 1 };
}

function normalizeValue(printed: string, negative: boolean): string {
  const v = printed.replace(/,/g, '').replace(/^0+(?=\d)/, '');
  return negative && !/^0(\.0+)?$/.test(v) ? `-${v}` : v;
}
