/**
 * A born-digital page → a scanner-like image-only PDF, with Debian tools only (never our renderer):
 * poppler's pdftoppm or Ghostscript rasterises, ImageMagick degrades and encodes (JPEG, PNG, or
 * CCITT G4 TIFF), img2pdf wraps the image into a PDF without re-encoding, recording its DPI.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type Colour = 'gray' | 'rgb' | 'mono';

export interface Seal {
  /** centre and radius as fractions of the page width/height */
  cx: number;
  cy: number;
  r: number;
  text: string;
}

export interface Degrade {
  /** clockwise degrees */
  rotate?: number;
  /** the page is placed sideways (90 = clockwise) */
  orient?: 90 | 270;
  blur?: number;
  /** ImageMagick +noise Gaussian attenuation */
  noise?: number;
  /** light falls from 100% on the left to this % on the right */
  light?: number;
  /** paper tint and ink colour for RGB scans */
  tint?: { paper: string; ink: string };
  seal?: Seal;
  /** bilevel by threshold (% of white) after the other steps */
  threshold?: number;
}

export interface RasterSpec {
  dpi: number;
  raster: 'pdftoppm' | 'ghostscript';
  colour: Colour;
  encoding: 'jpeg' | 'flate' | 'ccitt-g4';
  quality?: number;
  seed: number;
  degrade: Degrade;
}

export const TOOLS = ['pdftoppm', 'pdfinfo', 'gs', 'convert', 'identify', 'img2pdf', 'soffice'] as const;

export function missingTools(tools: readonly string[] = TOOLS): string[] {
  return tools.filter((t) => !['/usr/bin', '/usr/local/bin', '/bin'].some((d) => existsSync(path.join(d, t))));
}

function run(cmd: string, args: string[], steps: string[]): void {
  steps.push([cmd, ...args.map((a) => (/[\s()'"#%,]/.test(a) ? `'${a}'` : a))].join(' '));
  execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/**
 * img2pdf writes a fresh random /ID on every run; replace it (same length, so the xref offsets
 * stay) with a digest of the image, so that regenerating the corpus gives identical bytes.
 */
function fixId(pdf: string, img: string): void {
  const id = createHash('md5').update(readFileSync(img)).digest('hex');
  const bytes = readFileSync(pdf).toString('latin1').replace(/\/ID \[<[0-9a-f]{32}><[0-9a-f]{32}>\]/g, `/ID [<${id}><${id}>]`);
  writeFileSync(pdf, Buffer.from(bytes, 'latin1'));
}

/** Points of a five-pointed star around (cx, cy), for the seal's centre. */
function star(cx: number, cy: number, r: number): string {
  const pts: string[] = [];
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const rr = i % 2 ? r * 0.4 : r;
    pts.push(`${(cx + rr * Math.cos(a)).toFixed(1)},${(cy + rr * Math.sin(a)).toFixed(1)}`);
  }
  return `polygon ${pts.join(' ')}`;
}

/**
 * Rasterises page `page` of `pdf` and writes `out` (.pdf). Returns the commands run (for the README),
 * with paths relative to `work`.
 */
export function scanPage(pdf: string, page: number, spec: RasterSpec, work: string, out: string): string[] {
  const steps: string[] = [];
  const base = path.join(work, 'raw');
  let raw: string;
  if (spec.raster === 'pdftoppm') {
    const flag = spec.colour === 'gray' ? ['-gray'] : spec.colour === 'mono' ? ['-mono'] : [];
    run('pdftoppm', ['-r', String(spec.dpi), '-f', String(page), '-l', String(page), ...flag, '-singlefile', pdf, base], steps);
    raw = `${base}.${spec.colour === 'gray' ? 'pgm' : spec.colour === 'mono' ? 'pbm' : 'ppm'}`;
  } else {
    const device = spec.colour === 'gray' ? 'pnggray' : spec.colour === 'mono' ? 'tiffg4' : 'png16m';
    raw = `${base}.${spec.colour === 'mono' ? 'tif' : 'png'}`;
    run('gs', ['-q', '-dNOPAUSE', '-dBATCH', '-dSAFER', `-sDEVICE=${device}`, `-r${spec.dpi}`, '-dTextAlphaBits=4', '-dGraphicsAlphaBits=4', `-dFirstPage=${page}`, `-dLastPage=${page}`, `-sOutputFile=${raw}`, pdf], steps);
  }
  const [w, h] = execFileSync('identify', ['-format', '%w %h', raw], { encoding: 'utf8' }).trim().split(' ').map(Number);
  const d = spec.degrade;
  const ops: string[] = ['-seed', String(spec.seed)];
  if (spec.colour === 'rgb') ops.push('-colorspace', 'sRGB', '-type', 'TrueColor');
  if (d.tint) ops.push('+level-colors', `${d.tint.ink},${d.tint.paper}`);
  if (d.seal) {
    const s = d.seal;
    const cx = s.cx * w;
    const cy = s.cy * h;
    const r = s.r * w;
    const pt = Math.round((r * 1.35) / s.text.length);
    ops.push(
      '(', '-size', `${w}x${h}`, 'xc:white', '-fill', 'none', '-stroke', '#d8282d', '-strokewidth', String(Math.max(3, Math.round(r * 0.06))),
      '-draw', `circle ${cx.toFixed(0)},${cy.toFixed(0)} ${(cx + r).toFixed(0)},${cy.toFixed(0)}`,
      '-stroke', 'none', '-fill', '#d8282d', '-draw', star(cx, cy - r * 0.15, r * 0.3),
      '-font', 'Noto-Sans-CJK-SC-Bold', '-pointsize', String(pt), '-gravity', 'NorthWest',
      '-annotate', `+${(cx - (pt * s.text.length) / 2).toFixed(0)}+${(cy + r * 0.28).toFixed(0)}`, s.text,
      '-blur', '0x1', ')', '-compose', 'multiply', '-composite',
    );
  }
  if (d.light !== undefined) {
    ops.push('(', '-size', `${h}x${w}`, `gradient:white-gray${d.light}`, '-rotate', '-90', ')', '-compose', 'multiply', '-composite');
  }
  if (d.blur) ops.push('-blur', `0x${d.blur}`);
  if (d.noise) ops.push('-attenuate', String(d.noise), '+noise', 'Gaussian');
  if (d.rotate) ops.push('-background', 'white', '-rotate', String(d.rotate), '+repage', '-gravity', 'center', '-extent', `${w}x${h}`);
  if (d.orient) ops.push('-rotate', String(d.orient), '+repage');
  if (d.threshold !== undefined) ops.push('-colorspace', 'Gray', '-threshold', `${d.threshold}%`);
  const img =
    spec.encoding === 'jpeg'
      ? path.join(work, 'scan.jpg')
      : spec.encoding === 'flate'
        ? path.join(work, 'scan.png')
        : path.join(work, 'scan.tif');
  const enc =
    spec.encoding === 'jpeg'
      ? ['-quality', String(spec.quality ?? 75), ...(spec.colour === 'gray' ? ['-colorspace', 'Gray'] : [])]
      : spec.encoding === 'flate'
        ? ['-colorspace', 'Gray', '-depth', '8', '-define', 'png:exclude-chunks=date,time']
        : ['-monochrome', '-compress', 'Group4', '-define', `tiff:rows-per-strip=${d.orient ? w : h}`];
  run('convert', [raw, ...ops, ...enc, '-units', 'PixelsPerInch', '-density', String(spec.dpi), img], steps);
  run('img2pdf', ['--nodate', img, '-o', out], steps);
  fixId(out, img);
  return steps.map((s) => s.split(work + '/').join(''));
}
