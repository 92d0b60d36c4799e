import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { SourcesSchema, type Site, type SourcesConfig } from '../../schemas/sources.js';

/** Load `sources.yaml`, or build a one-site config from a start URL. */
export async function loadSources(spec: string, overrides: Partial<SourcesConfig['defaults']> = {}): Promise<SourcesConfig> {
  let raw: unknown;
  if (/^https?:\/\//i.test(spec)) {
    raw = { sites: [{ start: spec }] };
  } else {
    const text = await readFile(spec, 'utf8');
    raw = parseYaml(text);
  }
  return parseSources(raw, overrides);
}

export function parseSources(raw: unknown, overrides: Partial<SourcesConfig['defaults']> = {}): SourcesConfig {
  const parsed = SourcesSchema.safeParse(raw);
  if (!parsed.success) {
    const msg = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`invalid sources config: ${msg}`);
  }
  const defaults = { ...parsed.data.defaults, ...stripUndefined(overrides) };
  const seen = new Set<string>();
  const sites: Site[] = parsed.data.sites.map((s) => {
    const u = new URL(s.start);
    let id = s.id ?? `${u.host}${u.pathname.replace(/\/[^/]*$/, '')}`;
    while (seen.has(id)) id += '+';
    seen.add(id);
    return { ...s, id };
  });
  return { defaults, sites };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
