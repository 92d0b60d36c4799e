import { LOW_CONFIDENCE, type Cell, type Check, type DocumentRecord, type Row, type Table } from '../../schemas/record.js';
import type { PerfCheck } from '../../schemas/performance.js';
import { boxOf, refLocator, type Box } from './boxes.js';
import type { PageImage } from './pages.js';

export const esc = (s: string | number | null | undefined): string =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const boxesAttr = (boxes: (Box | null)[]): string => {
  const list = boxes.filter((b): b is Box => b !== null);
  return list.length ? ` data-boxes="${esc(JSON.stringify(list))}"` : '';
};

const page = (title: string, css: string, body: string, script = '') => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><link rel="stylesheet" href="${css}"></head>
<body>${body}${script}</body></html>
`;

/** One document of the report: how it was read, and what to look at. */
export interface ReportDoc {
  record: DocumentRecord;
  /** folder of its page, relative to the report root (`docs/<sha12>`) */
  dir: string;
  images: PageImage[];
  /** why the pages could not be shown, when they cannot */
  sourceProblem: string | null;
}

const identity = (r: DocumentRecord) => {
  const d = r.document;
  return [d.region, d.department, d.year ?? '年份不明', d.kind === 'budget' ? '预算' : d.kind === 'final' ? '决算' : '其他'].join(' · ');
};

const failedPerf = (r: DocumentRecord): PerfCheck[] => r.performance.checks.filter((c) => c.status === 'fail');

/** The tables present, empty and missing, as short lists of ids. */
function tableStatus(r: DocumentRecord): Record<Table['status'], string[]> {
  const out: Record<Table['status'], string[]> = { present: [], empty: [], missing: [] };
  for (const t of Object.values(r.tables) as (Table | undefined)[]) if (t) out[t.status].push(t.id);
  return out;
}

export function indexHtml(docs: ReportDoc[], skipped: string[]): string {
  const rows = docs.map(({ record: r, dir, sourceProblem }) => {
    const s = tableStatus(r);
    const failed = r.summary.checksFailed + failedPerf(r).length;
    return `<tr>
<td><a href="${esc(dir)}/index.html">${esc(r.document.department || r.docId)}</a><div class="muted">${esc(r.provenance.fileName)}</div></td>
<td>${esc(r.document.region)}</td><td>${esc(r.document.year)}</td><td>${esc(r.document.kind)}</td>
<td>${s.present.length}${s.empty.length ? ` <span class="muted">empty ${esc(s.empty.join(' '))}</span>` : ''}${s.missing.length ? ` <span class="bad">missing ${esc(s.missing.join(' '))}</span>` : ''}</td>
<td class="num ${failed ? 'fail' : 'ok'}">${failed} / ${r.summary.checksPassed + r.summary.checksFailed + r.performance.checks.length}</td>
<td class="num">${r.summary.warnings}</td>
<td class="num">${r.provenance.ocrPages.length ? esc(r.provenance.ocrPages.join(' ')) : ''}</td>
<td class="num">${r.summary.lowConfidenceCells ?? ''}</td>
<td>${sourceProblem ? `<span class="bad">${esc(sourceProblem)}</span>` : 'pages shown'}</td>
</tr>`;
  });
  const body = `<header><h1>juesuan audit report</h1><div class="meta">${docs.length} document(s)${skipped.length ? `, ${skipped.length} file(s) skipped` : ''}</div></header>
<main>
<table id="documents"><thead><tr><th>document</th><th>region</th><th>year</th><th>kind</th><th>tables</th><th>checks failed</th><th>warnings</th><th>OCR pages</th><th>low-confidence cells</th><th>source</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>
${skipped.length ? `<h2>Skipped</h2><ul>${skipped.map((s) => `<li class="bad">${esc(s)}</li>`).join('')}</ul>` : ''}
</main>`;
  return page('juesuan audit report', 'assets/report.css', body);
}

const SIDE_NAMES: Record<string, string> = { income: '收入', expense: '支出', personnel: '人员经费', public: '公用经费' };

function cellHtml(c: Cell | undefined, failing: Set<Cell>): string {
  if (!c) return '<td></td>';
  const cls = ['num'];
  if (c.confidence !== undefined && c.confidence < LOW_CONFIDENCE) cls.push('low');
  if (c.repaired) cls.push('repaired');
  if (failing.has(c)) cls.push('in-fail');
  const tip = [c.column, c.key, c.value !== null ? `value ${c.value}` : c.kind, c.confidence !== undefined ? `confidence ${c.confidence.toFixed(2)}` : '', c.repaired ? `read as ${c.repaired.originalText}: ${c.repaired.reason}` : ''].filter(Boolean).join(' · ');
  return `<td class="${cls.join(' ')}" title="${esc(tip)}"${boxesAttr([boxOf(c)])}>${esc(c.text)}</td>`;
}

/** A table as printed, one HTML table per side (收入/支出, 人员经费/公用经费), every cell clickable. */
function tableHtml(t: Table, failing: Set<Cell>): string {
  const head = `<h3 id="${t.id}">${esc(t.id)} ${esc(t.title ?? t.name)} <span class="muted">${esc(t.status)}${t.unit ? ` · ${esc(t.unit)}` : ''}${t.pages.length ? ` · p.${esc(t.pages.join(', '))}` : ''}</span></h3>`;
  if (t.status !== 'present') return `${head}<p class="muted">${esc(t.emptyNote ?? (t.status === 'missing' ? 'not found in the document' : 'printed without rows'))}</p>`;
  const groups = new Map<string, Row[]>();
  for (const r of t.rows) groups.set(r.section, [...(groups.get(r.section) ?? []), r]);
  const parts = [...groups].map(([section, rows]) => {
    const keys: string[] = [];
    const labels = new Map<string, string>();
    for (const c of rows.flatMap((r) => r.cells)) {
      if (labels.has(c.key)) continue;
      keys.push(c.key);
      labels.set(c.key, c.column);
    }
    const hasCode = rows.some((r) => r.code);
    const hasLine = rows.some((r) => r.lineNo !== null);
    const th = `<tr>${hasCode ? '<th>科目编码</th>' : ''}${hasLine ? '<th>行次</th>' : ''}<th>项目</th>${keys.map((k) => `<th title="${esc(k)}">${esc(labels.get(k))}</th>`).join('')}</tr>`;
    const trs = rows.map((r) => {
      const by = new Map(r.cells.map((c) => [c.key, c]));
      return `<tr${r.total ? ' class="total"' : ''}>${hasCode ? `<td>${esc(r.code)}</td>` : ''}${hasLine ? `<td class="num">${esc(r.lineNo)}</td>` : ''}<td${boxesAttr([boxOf(r)])}>${esc(r.label)}</td>${keys.map((k) => cellHtml(by.get(k), failing)).join('')}</tr>`;
    });
    return `${section ? `<div class="muted">${esc(SIDE_NAMES[section] ?? section)}</div>` : ''}<table class="record-table" data-table="${t.id}" data-section="${esc(section)}"><thead>${th}</thead><tbody>${trs.join('\n')}</tbody></table>`;
  });
  const notes = t.notes.length ? `<ul class="muted">${t.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '';
  return head + parts.join('') + notes;
}

function checkHtml(c: Check, locate: ReturnType<typeof refLocator>): string {
  const boxes = [boxOf(locate(c.left).place, 'l'), ...c.right.map((r) => boxOf(locate(r).place, 'r'))];
  return `<li class="check"${boxesAttr(boxes)}><b>${esc(c.rule)}</b> — printed <span class="fail">${esc(c.actual)}</span>, the terms give ${esc(c.expected)} (difference ${esc(c.difference)}, tolerance ${esc(c.tolerance)}) <span class="muted">${esc(c.id)}</span></li>`;
}

function perfCheckHtml(c: PerfCheck): string {
  const boxes = [boxOf({ page: c.left.page }, 'l'), ...c.right.map((r) => boxOf({ page: r.page }, 'r'))];
  return `<li class="check"${boxesAttr(boxes)}><b>${esc(c.rule)}</b> — printed <span class="fail">${esc(c.actual)}</span>, expected ${esc(c.expected)} (difference ${esc(c.difference)})${c.note ? ` <span class="muted">${esc(c.note)}</span>` : ''}</li>`;
}

export function documentHtml(doc: ReportDoc): string {
  const r = doc.record;
  const d = r.document;
  const locate = refLocator(r);
  const failed = r.checks.filter((c) => c.status === 'fail');
  const tableFails = failed.filter((c) => c.kind !== 'narrative');
  const narrativeFails = failed.filter((c) => c.kind === 'narrative');
  // Cells on either side of a failed identity are outlined in the tables too.
  const failing = new Set(tableFails.flatMap((c) => [c.left, ...c.right].map((ref) => locate(ref).cell).filter((x): x is Cell => x !== null)));
  const figuresByKey = new Map(r.narrative.map((f) => [f.key, f]));
  const status = tableStatus(r);
  const perf = failedPerf(r);
  const pages = Object.fromEntries(doc.images.map((p) => [p.page, { file: p.file, width: p.width, height: p.height, pageWidth: p.pageWidth, pageHeight: p.pageHeight }]));
  const body = `<header><div><a href="../../index.html">← all documents</a></div>
<h1>${esc(d.department || r.docId)} ${esc(d.year)} ${d.kind === 'budget' ? '预算' : d.kind === 'final' ? '决算' : ''}</h1>
<div class="meta">${esc(identity(r))} · ${esc([d.province, d.city, d.district].filter(Boolean).join(' / '))}${d.divisionCode ? ` (${esc(d.divisionCode)})` : ''} · ${esc(r.provenance.fileName)} · ${r.provenance.pageCount} pages${r.provenance.ocrPages.length ? ` · OCR p.${esc(r.provenance.ocrPages.join(', '))}` : ''}</div>
<div class="meta">tables present ${status.present.length}, empty ${status.empty.length}${status.empty.length ? ` (${esc(status.empty.join(' '))})` : ''}, missing ${status.missing.length}${status.missing.length ? ` (<span class="bad">${esc(status.missing.join(' '))}</span>)` : ''} · ${r.summary.cells} cells · checks passed ${r.summary.checksPassed}, <span class="${r.summary.checksFailed ? 'fail' : 'ok'}">failed ${r.summary.checksFailed}</span> · ${r.summary.warnings} warnings${r.summary.lowConfidenceCells !== undefined ? ` · <span class="${r.summary.lowConfidenceCells ? 'bad' : ''}">${r.summary.lowConfidenceCells} low-confidence OCR cells</span>` : ''}</div>
${doc.sourceProblem ? `<div class="bad">Pages not shown: ${esc(doc.sourceProblem)}</div>` : ''}
</header>
<main class="layout"><div class="content">
<h2>Failed identities (${tableFails.length})</h2>${tableFails.length ? `<ul id="failed-checks">${tableFails.map((c) => checkHtml(c, locate)).join('\n')}</ul>` : '<p class="ok">none</p>'}
<h2>Narrative slips (${narrativeFails.length})</h2>${narrativeFails.length ? `<ul id="narrative-slips">${narrativeFails.map((c) => {
    const f = c.left.table === 'narrative' ? figuresByKey.get(c.left.row) : undefined;
    return checkHtml(c, locate).replace('</li>', `${f ? `<div class="muted">${esc(f.clause)}</div>` : ''}</li>`);
  }).join('\n')}</ul>` : '<p class="ok">none</p>'}
${r.performance.checks.length ? `<h2>绩效自评 checks failed (${perf.length} of ${r.performance.checks.length})</h2>${perf.length ? `<ul>${perf.map(perfCheckHtml).join('\n')}</ul>` : ''}` : ''}
<h2>Warnings (${r.warnings.length})</h2>${r.warnings.length ? `<ul id="warnings">${r.warnings.map((w) => `<li${boxesAttr([w.page != null ? { p: w.page } : null])}><code>${esc(w.code)}</code>${w.table ? ` ${esc(w.table)}` : ''} ${esc(w.message)}</li>`).join('\n')}</ul>` : '<p class="ok">none</p>'}
<h2>Tables</h2>
${(Object.values(r.tables) as (Table | undefined)[]).filter((t): t is Table => !!t).map((t) => tableHtml(t, failing)).join('\n')}
</div>
<aside id="viewer"><div class="nav"><span class="muted">click a cell, a check or a warning to see where it is printed</span></div><div class="sheet"><img alt=""></div></aside>
</main>
<script type="application/json" id="pages">${JSON.stringify(pages).replace(/</g, '\\u003c')}</script>`;
  return page(`${d.department} ${d.year ?? ''}`, '../../assets/report.css', body, '<script src="../../assets/report.js"></script>');
}
