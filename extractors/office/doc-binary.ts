/**
 * The text and table structure of a Word 97-2003 binary document (.doc, and .wps saved by WPS in the
 * same format), from its WordDocument and table streams ([MS-DOC]): the piece table (Clx) gives the
 * characters in order, the paragraph property pages (PlcBtePapx → PapxFkp) say which paragraphs are
 * in a table, which end a table row (sprmPFTtp), and for each row the cell boundaries and vertical
 * merges (sprmTDefTable). Cells are placed on the union of the boundaries of all rows of a table,
 * so a cell merged across columns spans them, as in the printed table. Nested tables are read as the
 * text of their outer cell.
 */
import CFB from 'cfb';

export interface DocParagraph {
  kind: 'paragraph';
  text: string;
}
export interface DocTable {
  kind: 'table';
  rows: Array<Array<{ lines: string[]; left: number; right: number; vMerge: 0 | 1 | 3 }>>;
}
export type DocBlock = DocParagraph | DocTable;

/** Why the structure could not be decoded (the caller falls back to text only), or the blocks. */
export type DocStructure = { ok: true; blocks: DocBlock[]; encrypted: false } | { ok: false; encrypted: boolean; why: string };

const u16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const u32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
const i16 = (b: Uint8Array, o: number) => (u16(b, o) << 16) >> 16;

/** Windows-1252 for the 0x80–0x9F range of 8-bit ("compressed") pieces; the rest is Latin-1. */
const CP1252: Record<number, string> = { 0x80: '€', 0x82: '‚', 0x84: '„', 0x85: '…', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—' };

interface Para {
  fcStart: number;
  fcEnd: number;
  inTable: boolean;
  depth: number;
  ttp: boolean;
  centers?: number[];
  vMerge?: Array<0 | 1 | 3>;
}

export function readDocStructure(bytes: Uint8Array): DocStructure {
  let cfb;
  try {
    cfb = CFB.read(bytes, { type: 'buffer' });
  } catch (err) {
    return { ok: false, encrypted: false, why: `the OLE container cannot be read (${(err as Error).message})` };
  }
  const stream = (name: string) => {
    const e = CFB.find(cfb, name);
    return e?.content ? new Uint8Array(e.content as ArrayLike<number> as Uint8Array) : null;
  };
  const wd = stream('WordDocument');
  if (!wd || wd.length < 0x1aa) return { ok: false, encrypted: false, why: 'no WordDocument stream' };
  if (u16(wd, 0) !== 0xa5ec) return { ok: false, encrypted: false, why: 'the WordDocument stream has no Word 97 header (an older Word or WPS format)' };
  const flags = u16(wd, 0x0a);
  if (flags & 0x0100) return { ok: false, encrypted: true, why: 'the document is password-protected (encrypted)' };
  const table = stream(flags & 0x0200 ? '1Table' : '0Table');
  if (!table) return { ok: false, encrypted: false, why: 'the table stream is missing' };
  const ccpText = u32(wd, 0x4c);
  // The main text cannot hold more characters than the stream has bytes (a hostile piece table could repeat one range).
  if (ccpText > wd.length) return { ok: false, encrypted: false, why: 'the text length in the FIB is larger than the document' };
  const fcClx = u32(wd, 0x1a2);
  const lcbClx = u32(wd, 0x1a6);
  const fcBtePapx = u32(wd, 0x102);
  const lcbBtePapx = u32(wd, 0x106);
  if (fcClx + lcbClx > table.length || fcBtePapx + lcbBtePapx > table.length) return { ok: false, encrypted: false, why: 'the FIB points outside the table stream' };

  // Characters of the main text with the file offset each was read from.
  const chars: string[] = [];
  const fcs: number[] = [];
  let o = fcClx;
  while (o < fcClx + lcbClx && table[o] === 0x01) o += 3 + u16(table, o + 1); // Prc (property modifiers)
  if (table[o] !== 0x02) return { ok: false, encrypted: false, why: 'no piece table (Pcdt) in the Clx' };
  const lcb = u32(table, o + 1);
  const plc = o + 5;
  const n = (lcb - 4) / 12;
  for (let i = 0; i < n && chars.length < ccpText; i++) {
    const cp0 = u32(table, plc + i * 4);
    const cp1 = u32(table, plc + (i + 1) * 4);
    const fcRaw = u32(table, plc + (n + 1) * 4 + i * 8 + 2);
    const compressed = (fcRaw & 0x40000000) !== 0;
    const fc = compressed ? (fcRaw & 0x3fffffff) / 2 : fcRaw & 0x3fffffff;
    for (let k = 0; k < cp1 - cp0 && chars.length < ccpText; k++) {
      const at = compressed ? fc + k : fc + 2 * k;
      if (at + (compressed ? 1 : 2) > wd.length) return { ok: false, encrypted: false, why: 'a text piece lies outside the WordDocument stream' };
      const code = compressed ? wd[at] : u16(wd, at);
      chars.push(compressed && CP1252[code] ? CP1252[code] : String.fromCharCode(code));
      fcs.push(at);
    }
  }

  const paras = paragraphProperties(wd, table, fcBtePapx, lcbBtePapx, stream('Data'));
  if (!paras.length) return { ok: false, encrypted: false, why: 'no paragraph properties' };
  const paraAt = (fc: number): Para | undefined => {
    let lo = 0;
    let hi = paras.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (fc < paras[mid].fcStart) hi = mid - 1;
      else if (fc >= paras[mid].fcEnd) lo = mid + 1;
      else return paras[mid];
    }
    return undefined;
  };
  return { ok: true, encrypted: false, blocks: assemble(chars, fcs, paraAt) };
}

/** Every paragraph's file range and the table properties it carries, from the PapxFkp pages. */
function paragraphProperties(wd: Uint8Array, table: Uint8Array, fc: number, lcb: number, data: Uint8Array | null): Para[] {
  const out: Para[] = [];
  const n = (lcb - 4) / 8;
  for (let i = 0; i < n; i++) {
    const page = (u32(table, fc + (n + 1) * 4 + i * 4) & 0x3fffff) * 512;
    if (page + 512 > wd.length) continue;
    const crun = wd[page + 511];
    for (let j = 0; j < crun; j++) {
      const para: Para = { fcStart: u32(wd, page + j * 4), fcEnd: u32(wd, page + (j + 1) * 4), inTable: false, depth: 0, ttp: false };
      const bOffset = wd[page + 4 * (crun + 1) + 13 * j] * 2;
      if (bOffset) {
        let at = page + bOffset;
        let size = wd[at++];
        if (size === 0) size = wd[at++] * 2;
        else size = size * 2 - 1;
        readSprms(wd, at + 2, at + size, para, data); // after the istd
      }
      out.push(para);
    }
  }
  return out.sort((a, b) => a.fcStart - b.fcStart);
}

function readSprms(b: Uint8Array, from: number, to: number, para: Para, data: Uint8Array | null): void {
  let o = from;
  while (o + 2 <= to) {
    const sprm = u16(b, o);
    o += 2;
    const spra = sprm >> 13;
    let size = [1, 1, 2, 4, 2, 2, 0, 3][spra];
    if (spra === 6) {
      if (sprm === 0xd608) {
        const cb = u16(b, o);
        tableDef(b, o + 2, para);
        size = cb + 1; // cb counts the rest plus one, and the two bytes of cb itself are part of it
      } else if (sprm === 0xc615 && b[o] === 255) return; // sprmPChgTabs long form: no table sprm follows in practice
      else size = b[o] + 1;
    }
    if (sprm === 0x2416 || sprm === 0x244b) para.inTable ||= b[o] === 1;
    else if (sprm === 0x2417 || sprm === 0x244c) para.ttp ||= b[o] === 1;
    else if (sprm === 0x6646 && data) {
      // sprmPHugePapx: properties too large for the page, kept in the Data stream (size, then sprms)
      const at = u32(b, o);
      if (at + 2 <= data.length) readSprms(data, at + 2, Math.min(data.length, at + 2 + u16(data, at)), para, null);
    } else if (sprm === 0x6649) {
      para.depth = u32(b, o);
      para.inTable ||= para.depth > 0;
    }
    o += size;
  }
}

/** sprmTDefTable: itcMac, the itcMac + 1 cell boundaries (twips), then a 20-byte TC80 per cell. */
function tableDef(b: Uint8Array, o: number, para: Para): void {
  const itc = b[o];
  para.centers = Array.from({ length: itc + 1 }, (_, k) => i16(b, o + 1 + 2 * k));
  const tc = o + 1 + 2 * (itc + 1);
  para.vMerge = Array.from({ length: itc }, (_, k) => {
    if (tc + 20 * k + 2 > b.length) return 0;
    const v = (u16(b, tc + 20 * k) >> 5) & 3;
    return v === 1 ? 1 : v === 3 ? 3 : 0;
  });
}

/** Characters → paragraphs and table rows, in document order. */
function assemble(chars: string[], fcs: number[], paraAt: (fc: number) => Para | undefined): DocBlock[] {
  const blocks: DocBlock[] = [];
  let line = '';
  let cellLines: string[] = [];
  let rowCells: string[][] = [];
  let current: DocTable | null = null;
  const field: number[] = []; // open fields: 0 = in the instructions, 1 = in the result
  const endTable = () => {
    if (current?.rows.length) blocks.push(current);
    current = null;
  };
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    const code = ch.charCodeAt(0);
    if (code === 0x13) {
      field.push(0);
      continue;
    }
    if (code === 0x14) {
      if (field.length) field[field.length - 1] = 1;
      continue;
    }
    if (code === 0x15) {
      field.pop();
      continue;
    }
    if (field.includes(0)) continue; // field instructions (PAGE, HYPERLINK …) are not text
    const para = paraAt(fcs[i]);
    const inTable = !!para?.inTable && (para.depth || 1) === 1;
    if (code === 0x0d || code === 0x07) {
      const texts = lines(line);
      line = '';
      if (!inTable) {
        endTable();
        for (const text of texts) blocks.push({ kind: 'paragraph', text });
        continue;
      }
      current ??= { kind: 'table', rows: [] };
      cellLines.push(...texts);
      if (code === 0x0d) continue; // a paragraph inside a cell
      if (para!.ttp) {
        const centers = para!.centers ?? [];
        const row = rowCells.map((lines, k) => ({ lines, left: centers[k] ?? k, right: centers[k + 1] ?? k + 1, vMerge: para!.vMerge?.[k] ?? 0 }));
        current.rows.push(row);
        rowCells = [];
        cellLines = [];
      } else {
        rowCells.push(cellLines);
        cellLines = [];
      }
      continue;
    }
    if (code === 0x0b || code === 0x0c) line += '\n';
    else if (code === 0x09) line += ' ';
    else if (code === 0x1e) line += '-';
    else if (code >= 0x20 && code !== 0xfffd) line += ch;
  }
  endTable();
  for (const text of lines(line)) blocks.push({ kind: 'paragraph', text });
  return blocks;
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
