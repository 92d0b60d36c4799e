/**
 * robots.txt per RFC 9309: groups by user-agent (product token match, case-insensitive, else `*`),
 * longest-match Allow/Disallow with `*` and `$`, Allow wins ties. Crawl-delay (non-standard) honoured.
 * Fetch outcome: 2xx → parse; 4xx → allow all; 5xx or network failure → disallow all.
 */
export interface RobotsRule {
  allow: boolean;
  pattern: string;
  re: RegExp;
}

export interface Robots {
  /** 'parsed' | 'unavailable' (4xx, allow all) | 'unreachable' (5xx/network, disallow all). */
  status: 'parsed' | 'unavailable' | 'unreachable';
  rules: RobotsRule[];
  crawlDelayMs?: number;
  detail?: string;
}

export type RobotsDecision = { allowed: boolean; reason: string };

export function parseRobots(text: string, userAgentToken: string): Robots {
  const token = userAgentToken.toLowerCase();
  type Group = { agents: string[]; rules: RobotsRule[]; crawlDelay?: number };
  const groups: Group[] = [];
  let cur: Group | undefined;
  let lastWasAgent = false;
  for (const rawLine of text.split(/\r\n|\r|\n/)) {
    const line = rawLine.replace(/#.*$/, '').trim();
    if (!line) continue;
    const m = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    const value = m[2]!.trim();
    if (key === 'user-agent') {
      if (!cur || !lastWasAgent) {
        cur = { agents: [], rules: [] };
        groups.push(cur);
      }
      cur.agents.push(value.toLowerCase());
      lastWasAgent = true;
      continue;
    }
    lastWasAgent = false;
    if (!cur) continue;
    if (key === 'allow' || key === 'disallow') {
      if (key === 'disallow' && value === '') continue; // empty Disallow = allow all
      cur.rules.push({ allow: key === 'allow', pattern: value, re: patternToRegExp(value) });
    } else if (key === 'crawl-delay') {
      const n = Number(value);
      if (Number.isFinite(n) && n >= 0) cur.crawlDelay = n;
    }
  }
  const specific = groups.filter((g) => g.agents.some((a) => a !== '*' && token.startsWith(a)));
  const chosen = specific.length ? specific : groups.filter((g) => g.agents.includes('*'));
  const rules = chosen.flatMap((g) => g.rules);
  const delays = chosen.map((g) => g.crawlDelay).filter((d): d is number => d !== undefined);
  return { status: 'parsed', rules, crawlDelayMs: delays.length ? Math.max(...delays) * 1000 : undefined };
}

function patternToRegExp(pattern: string): RegExp {
  let p = pattern;
  const anchored = p.endsWith('$');
  if (anchored) p = p.slice(0, -1);
  const body = p
    .split('*')
    .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp('^' + body + (anchored ? '$' : ''));
}

export function robotsDecision(robots: Robots, url: string): RobotsDecision {
  if (robots.status === 'unavailable') return { allowed: true, reason: 'robots.txt unavailable (4xx): allow all' };
  if (robots.status === 'unreachable') return { allowed: false, reason: `robots.txt unreachable (${robots.detail ?? '5xx'}): disallow all` };
  const u = new URL(url);
  let path = u.pathname + u.search;
  try {
    path = decodeURI(path);
  } catch {
    /* keep raw */
  }
  if (path === '/robots.txt') return { allowed: true, reason: 'robots.txt itself' };
  let best: RobotsRule | undefined;
  for (const r of robots.rules) {
    if (!r.re.test(path) && !r.re.test(u.pathname + u.search)) continue;
    if (!best || r.pattern.length > best.pattern.length || (r.pattern.length === best.pattern.length && r.allow && !best.allow)) best = r;
  }
  if (!best) return { allowed: true, reason: 'no matching rule' };
  return { allowed: best.allow, reason: `${best.allow ? 'Allow' : 'Disallow'}: ${best.pattern}` };
}
