/**
 * robots.txt per RFC 9309: groups by user-agent (product token match, case-insensitive, else `*`),
 * longest-match Allow/Disallow with `*` and `$`, Allow wins ties. Crawl-delay (non-standard) honoured.
 * Fetch outcome: 2xx → parse; 4xx → allow all; 5xx or network failure → disallow all.
 * Only the first ROBOTS_MAX_BYTES are read (RFC 9309 §2.5), and patterns are matched without
 * regular expressions: a `*` per rule made a backtracking regex exponential in the path length.
 */
export interface RobotsRule {
  allow: boolean;
  pattern: string;
  /** The pattern cut at each `*` (a trailing `$` removed). */
  parts: string[];
  /** The pattern ended with `$`: the path must end where the pattern does. */
  anchored: boolean;
}

/** RFC 9309 §2.5: crawlers must parse at least 500 KiB; we parse exactly that much. */
export const ROBOTS_MAX_BYTES = 500 * 1024;

export interface Robots {
  /** 'parsed' | 'unavailable' (4xx, allow all) | 'unreachable' (5xx/network, disallow all). */
  status: 'parsed' | 'unavailable' | 'unreachable';
  rules: RobotsRule[];
  crawlDelayMs?: number;
  detail?: string;
}

export type RobotsDecision = { allowed: boolean; reason: string };

/** `cut`: the text is the first ROBOTS_MAX_BYTES of a longer file, so its last line may be partial. */
export function parseRobots(text: string, userAgentToken: string, cut = false): Robots {
  const token = userAgentToken.toLowerCase();
  const lines = text.split(/\r\n|\r|\n/);
  if (cut) lines.pop();
  type Group = { agents: string[]; rules: RobotsRule[]; crawlDelay?: number };
  const groups: Group[] = [];
  let cur: Group | undefined;
  let lastWasAgent = false;
  for (const rawLine of lines) {
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
      cur.rules.push(compileRule(key === 'allow', value));
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

function compileRule(allow: boolean, pattern: string): RobotsRule {
  const anchored = pattern.endsWith('$');
  const parts = (anchored ? pattern.slice(0, -1) : pattern).split('*');
  return { allow, pattern, parts, anchored };
}

/**
 * Does the rule match the path? Glob matching with `*` only is solved greedily: the first part is a
 * prefix, each later part is taken at its leftmost place after the previous one (a later match can
 * never be needed), and with `$` the last part is a suffix placed after all the others. Linear in
 * the path for each part, whatever the number of `*`.
 */
export function ruleMatches(rule: Pick<RobotsRule, 'parts' | 'anchored'>, path: string): boolean {
  const { parts, anchored } = rule;
  const first = parts[0]!;
  if (!path.startsWith(first)) return false;
  if (parts.length === 1) return anchored ? path.length === first.length : true;
  let at = first.length;
  const middle = anchored ? parts.length - 1 : parts.length;
  for (let i = 1; i < middle; i++) {
    const found = path.indexOf(parts[i]!, at);
    if (found < 0) return false;
    at = found + parts[i]!.length;
  }
  if (!anchored) return true;
  const last = parts[parts.length - 1]!;
  return path.length - last.length >= at && path.endsWith(last);
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
    if (!ruleMatches(r, path) && !ruleMatches(r, u.pathname + u.search)) continue;
    if (!best || r.pattern.length > best.pattern.length || (r.pattern.length === best.pattern.length && r.allow && !best.allow)) best = r;
  }
  if (!best) return { allowed: true, reason: 'no matching rule' };
  return { allowed: best.allow, reason: `${best.allow ? 'Allow' : 'Disallow'}: ${best.pattern}` };
}
