/**
 * Where a harvest may send requests. Only http(s); a site's documents, detail pages and redirects
 * stay on the registrable domain of its start URL (offices serve files from siblings such as
 * `file.x.gov.cn`) or on hosts the site lists in `allowHosts`; private, loopback and link-local
 * addresses are refused unless the site itself is on one (a local mirror, the bundled demo) or
 * `allowPrivate` is set. Addresses are checked after DNS resolution, when the connection is made
 * (see `guardedLookup`), so a public name that resolves to 127.0.0.1 is refused too.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { getDomain } from 'tldts';

const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) PRIVATE.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) PRIVATE.addSubnet(net, bits, 'ipv6');

/** Loopback, private (RFC 1918, ULA), link-local, CGNAT, multicast, unspecified. */
export function isPrivateAddress(ip: string): boolean {
  const v4mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (v4mapped) return PRIVATE.check(v4mapped[1]!, 'ipv4');
  const family = isIP(ip);
  if (family === 4) return PRIVATE.check(ip, 'ipv4');
  if (family === 6) return PRIVATE.check(ip, 'ipv6');
  return false;
}

/** A host name without brackets (URL.hostname keeps `[::1]`). */
const bare = (hostname: string) => hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();

/** The part of a host name a site owns: `file.czj.x.gov.cn` → `x.gov.cn`; an IP or `localhost` is itself. */
export function registrableDomain(hostname: string): string {
  const h = bare(hostname);
  return (isIP(h) ? null : getDomain(h)) ?? h;
}

/** Why a URL is not fetched for its scheme alone (anything but http and https), or undefined. */
export function schemeRefusal(u: URL): string | undefined {
  return u.protocol === 'http:' || u.protocol === 'https:' ? undefined : `${u.protocol.replace(/:$/, '')}: URLs are not fetched (only http and https)`;
}

export interface SitePolicyInput {
  start: string;
  allowHosts?: string[];
}

export class NetworkPolicy {
  /** Per site start URL: the domains its requests may go to. */
  private domains = new Map<string, Set<string>>();
  /** Host names allowed to resolve to private addresses (sources that are themselves private). */
  private privateHosts = new Set<string>();
  /** Origins (host:port) of private sources: a private source's neighbours on other ports are other services. */
  private privateOrigins = new Set<string>();

  constructor(sites: SitePolicyInput[], readonly allowPrivate = false) {
    for (const s of sites) {
      const u = new URL(s.start);
      const set = new Set([registrableDomain(u.hostname), ...(s.allowHosts ?? []).map((h) => registrableDomain(h))]);
      this.domains.set(s.start, set);
      if (isIP(bare(u.hostname)) ? isPrivateAddress(bare(u.hostname)) : bare(u.hostname) === 'localhost') {
        this.privateHosts.add(bare(u.hostname));
        this.privateOrigins.add(u.host);
      }
    }
  }

  /** Resolve each site's host once: a configured name that is itself private (an intranet mirror) is allowed. */
  async resolveSources(sites: SitePolicyInput[]): Promise<void> {
    for (const s of sites) {
      const h = bare(new URL(s.start).hostname);
      if (isIP(h) || this.privateHosts.has(h)) continue;
      const addrs = await lookupAll(h).catch(() => [] as LookupAddress[]);
      if (addrs.length && addrs.every((a) => isPrivateAddress(a.address))) {
        this.privateHosts.add(h);
        this.privateOrigins.add(new URL(s.start).host);
      }
    }
  }

  /**
   * Why a request to `url` for the site started at `siteStart` is refused, or undefined if it is
   * allowed. `siteStart` undefined (robots.txt, a URL no site owns): only the scheme and address checks.
   */
  refusal(url: string, siteStart?: string): string | undefined {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return `not a URL: ${url}`;
    }
    const scheme = schemeRefusal(u);
    if (scheme) return scheme;
    const host = bare(u.hostname);
    const isPrivate = isIP(host) ? isPrivateAddress(host) : host === 'localhost' || host.endsWith('.localhost');
    if (isPrivate && !this.allowPrivate && !this.privateOrigins.has(u.host)) {
      return `${u.host} is a private, loopback or link-local address (allowed only when the source itself is one, or with --allow-private)`;
    }
    const allowed = siteStart !== undefined ? this.domains.get(siteStart) : undefined;
    if (allowed && !allowed.has(registrableDomain(u.hostname))) {
      return `${u.hostname} is off the site (${[...allowed].join(', ')}; add it to the site's allowHosts to fetch from it)`;
    }
    return undefined;
  }

  /**
   * `lookup` for the HTTP agent: resolves as usual, then refuses private addresses for names that
   * are not private sources. Runs at connect time, so DNS answers cannot change between check and use.
   */
  guardedLookup = (hostname: string, options: object, callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const list = addresses as LookupAddress[];
      const h = bare(hostname);
      if (!this.allowPrivate && !this.privateHosts.has(h)) {
        const bad = list.find((a) => isPrivateAddress(a.address));
        if (bad) {
          const e = new Error(`${hostname} resolves to ${bad.address}, a private, loopback or link-local address: refused`) as NodeJS.ErrnoException;
          e.code = 'EJUESUAN_PRIVATE_ADDRESS';
          return callback(e, []);
        }
      }
      if ((options as { all?: boolean }).all) return callback(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

function lookupAll(host: string): Promise<LookupAddress[]> {
  return new Promise((ok, fail) => dnsLookup(host, { all: true }, (err, a) => (err ? fail(err) : ok(a))));
}
