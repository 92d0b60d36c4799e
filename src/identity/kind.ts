import type { DocumentKind, IdentitySource } from '../../schemas/record.js';
import { parseTitle, type ParsedTitle } from './title.js';

export interface KindVerdict {
  kind: DocumentKind;
  reason: string;
  source: IdentitySource | null;
}

export interface KindEvidence {
  /** the cover title, when the cover names a 决算/预算 */
  cover: ParsedTitle | null;
  /** the first lines of the first page, compacted (where a notice prints its title) */
  topLines: string[];
  /** short lines that read as table titles (…决算表, …预算表); asked for only when the cover does not decide */
  tableTitles: () => string[];
  /** how many of the nine standard 决算 tables the assembler found (present or empty) */
  finalTables: number;
  /** an HTML page: its document-title lines and how many data grids it has */
  html?: { titleLines: string[]; grids: number };
  /** false when no page gave any text (a scan read with OCR off): nothing can say what the document is */
  hasText?: boolean;
  /** titles from outside the text: PDF/HTML metadata, harvest listing */
  outside: Array<{ source: IdentitySource; title: ParsedTitle }>;
}

const KIND_OF = (word: string): DocumentKind | null => (word === '部门预决算' ? null : /决算/.test(word) ? 'final' : 'budget');

/** Documents published beside 决算 that are not one: performance evaluations, fund notices, 三公 notices. */
const NOT_ACCOUNTS: Array<{ re: RegExp; what: string }> = [
  { re: /绩效(?:评价|自评)/, what: 'a 绩效评价 (performance evaluation) report' },
  { re: /(?:下达|拨付|分配|追加|提前下达).{0,40}资金/, what: 'a 资金下达 (funds allocation) notice' },
  { re: /(?:三公|四费).{0,12}(?:公示|情况)/, what: 'a 三公经费 notice' },
  { re: /^关于.{2,60}(?:通知|批复|公告|通报|函|意见)$/, what: 'a notice' },
];

/**
 * final / budget / other, with the reason. The cover title decides when it names the kind: a 预算 that
 * mentions 决算 in its text (上年决算数, 决算编制范围) stays a budget. Without a cover, the table titles
 * decide by majority. Listing pages, notices and evaluations are `other`.
 */
export function classifyKind(e: KindEvidence): KindVerdict {
  if (e.html && e.html.grids === 0 && e.html.titleLines.length >= 3) {
    return { kind: 'other', source: 'body', reason: `a listing page: ${e.html.titleLines.length} document titles (first: ${quote(e.html.titleLines[0])}) and no tables` };
  }
  if (!e.cover) {
    const windows = joinedWindows(e.topLines.slice(0, 8), 3);
    for (const rule of NOT_ACCOUNTS) {
      const hit = windows.find((w) => rule.re.test(w) && !parseTitle(w));
      if (hit) return { kind: 'other', source: 'cover', reason: `${rule.what}: ${quote(hit)}` };
    }
  }
  if (e.cover?.kindWord) {
    const k = KIND_OF(e.cover.kindWord);
    if (k) return { kind: k, source: 'cover', reason: `cover title ${quote(e.cover.title)}` };
  }
  const titles = e.tableTitles();
  const finals = titles.filter((t) => /决算/.test(t));
  const budgets = titles.filter((t) => /预算/.test(t) && !/决算/.test(t));
  if (e.finalTables >= 3 || finals.length > budgets.length) {
    return { kind: 'final', source: 'tables', reason: finals.length ? `${finals.length} 决算 table titles (${quote(finals[0])}) against ${budgets.length} 预算` : `${e.finalTables} of the nine 决算 tables found` };
  }
  if (budgets.length > 0) return { kind: 'budget', source: 'tables', reason: `${budgets.length} 预算 table titles (${quote(budgets[0])}) against ${finals.length} 决算` };
  for (const o of e.outside) {
    const k = o.title.kindWord ? KIND_OF(o.title.kindWord) : null;
    if (k) return { kind: k, source: o.source, reason: `${o.source} title ${quote(o.title.title)}` };
  }
  if (e.hasText === false) return { kind: 'other', source: null, reason: 'no text could be read (scanned pages with OCR off?), so nothing shows a 决算 or 预算' };
  return { kind: 'other', source: null, reason: 'no 决算 or 预算 title, heading or table was found' };
}

/** Every run of 1…n consecutive lines joined: a title wrapped over lines is found whole. */
export function joinedWindows(lines: string[], n: number): string[] {
  const out: string[] = [];
  for (let size = 1; size <= n; size++) for (let i = 0; i + size <= lines.length; i++) out.push(lines.slice(i, i + size).join(''));
  return out;
}

const quote = (s: string) => `"${s.length > 40 ? `${s.slice(0, 40)}…` : s}"`;

/**
 * What the first page alone says when it is a notice or an evaluation report, not a 决算/预算 (the rest
 * of such a file need not be read, nor OCR'd); null otherwise.
 */
export function firstPageVerdict(topLines: string[]): KindVerdict | null {
  const head = topLines.slice(0, 8);
  if (joinedWindows(head, 3).some((w) => parseTitle(w)?.kindWord)) return null;
  const v = classifyKind({ cover: null, topLines: head, tableTitles: () => [], finalTables: 0, outside: [] });
  return v.kind === 'other' && v.source === 'cover' ? v : null;
}
