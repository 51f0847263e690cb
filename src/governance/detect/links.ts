// Every link: http(s)/ftp URLs, www. hosts, bare domains with well-known TLDs, Slack `<url|label>`
// and markdown `[label](url)`. The classifier drops the ones the request supplied, so all are
// reported with `value` = normalized URL. Lookalike hosts and labels that name another host are
// reported with their own codes.
import { domainToASCII } from 'node:url';
import { isInvisible } from './normalize/unicode.ts';
import { charSet, type Family, finding, inSet, isSpaceCode, isWordCode, type ScanContext } from './scan.ts';

import type { Finding } from './types.ts';

const TLDS =
  'com|org|net|io|dev|ai|app|co|gov|edu|mil|int|info|biz|me|us|uk|de|fr|jp|cn|ru|in|ca|au|nl|es|it|ch|se|no|fi|dk|pl|br|mx|kr|tw|hk|sg|nz|ie|be|at|cz|xyz|cloud|tech|site|online|store|page|link|ly|gg|tv|fm|so|to|cc|ws|eu|asia|news|blog|live|pro|run|build|tools|company|team|zone|network|services|systems|email|chat|social|studio|design|media|digital|space|world|today|top|club|shop|art|wiki|one';
const TLD_SET = new Set(TLDS.split('|'));

const MAX_URL = 2048;
const URL_STOP = charSet('<>"\'`|{}^\\');
const HOST_CHAR = charSet('A-Za-z0-9.-');
const URL_TRAILING = charSet('.,;:!?*_~');
const NOT_BEFORE_HOST = charSet('@/\\:_$%&=');

function urlEnd(text: string, from: number): number {
  let e = from;
  let depth = 0;
  const max = Math.min(text.length, from + MAX_URL);
  while (e < max) {
    const c = text.charCodeAt(e);
    if (isSpaceCode(c) || inSet(URL_STOP, c)) break;
    if (c === 40) depth++;
    else if (c === 41) {
      if (depth === 0) break; // closes a markdown link or a parenthesis around the URL
      depth--;
    } else if (c === 93 && depth === 0) break;
    e++;
  }
  while (e > from && inSet(URL_TRAILING, text.charCodeAt(e - 1))) e--;
  return e;
}

interface UrlParts {
  scheme: string;
  host: string;
  rest: string;
}

/** Splits without a regex: this runs once per link and READMEs have hundreds. */
function splitUrl(raw: string): UrlParts {
  const sep = raw.indexOf('://');
  const schemeEnd = sep > 0 && sep < 12 ? sep + 3 : 0;
  let hostEnd = raw.length;
  for (let i = schemeEnd; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 47 || c === 63 || c === 35) {
      hostEnd = i;
      break;
    }
  }
  return { scheme: raw.slice(0, schemeEnd), host: raw.slice(schemeEnd, hostEnd), rest: raw.slice(hostEnd) };
}

function normalizeHost(host: string): string {
  const h = host.toLowerCase();
  return /[^\x00-\x7f]/.test(h) ? domainToASCII(h) || h : h;
}

function normalizeParts({ scheme, host, rest }: UrlParts, h = normalizeHost(host)): string {
  let r = rest;
  while (r.endsWith('/')) r = r.slice(0, -1);
  return `${scheme.toLowerCase()}${h}${r}`;
}

/** Lowercase scheme and host, no trailing slash. Scheme-less links keep no scheme. */
export const normalizeUrl = (raw: string): string => normalizeParts(splitUrl(raw));

/** Host without port and `www.`, lower case. */
function hostOf(url: string): string {
  return bareHost(splitUrl(url).host);
}

function bareHost(rawHost: string): string {
  let host = rawHost.toLowerCase();
  const colon = host.indexOf(':');
  if (colon !== -1) host = host.slice(0, colon);
  return host.startsWith('www.') ? host.slice(4) : host;
}

/** Scheme- and www-insensitive key, for comparing a link in an action with one in a request. */
export function linkKey(url: string): string {
  const { host, rest } = splitUrl(normalizeUrl(url));
  return (host.startsWith('www.') ? host.slice(4) : host) + rest;
}

/** Two or more labels of 1–63 characters, none starting or ending in `-`, and a known TLD. */
function validHost(host: string): boolean {
  // A loop over the characters, not split('.'): this runs for every `.com`-like hit in code.
  const lastDot = host.lastIndexOf('.');
  if (lastDot === -1 || !TLD_SET.has(host.slice(lastDot + 1).toLowerCase())) return false;
  let start = 0;
  for (let i = 0; i <= host.length; i++) {
    if (i < host.length && host.charCodeAt(i) !== 46) continue;
    const len = i - start;
    if (len === 0 || len > 63 || host.charCodeAt(start) === 45 || host.charCodeAt(i - 1) === 45) return false;
    start = i + 1;
  }
  return true;
}

/**
 * Hosts that lead nowhere outside (localhost, single labels, private-use names): a
 * `http://localhost:3000` or `https://api.internal` in a reply is not a link to the world.
 * (`.example` and `.test` stay links: they stand in for real outside domains in examples.)
 */
const PRIVATE_HOST =
  /^(?:[^.]+|.*\.(?:internal|local|localhost|lan|corp|home|intranet|private|home\.arpa))(?::\d+)?$/i;

function report(ctx: ScanContext, start: number, end: number): void {
  const parts = splitUrl(ctx.text.slice(start, end));
  const h = normalizeHost(parts.host);
  const value = normalizeParts(parts, h);
  // The host of `value` without splitting it again: when normalizing kept every length (always for
  // ASCII), every boundary stayed where it was. Otherwise split the value as a reader would.
  const host =
    h.length === parts.host.length && parts.scheme.toLowerCase().length === parts.scheme.length
      ? h
      : splitUrl(value).host;
  if (PRIVATE_HOST.test(host)) return;
  ctx.add(finding('link.url', 'link', 'medium', `link to ${bareHost(host)}`, start, end, { value }));
  const before = ctx.text.charCodeAt(start - 1);
  if (before === 60 || before === 40) labelCheck(ctx, start, end, value); // <url|label>, [label](url)
}

/** `<https://evil.example|docs.google.com>` or `[docs.google.com](https://evil.example)`. */
function labelCheck(ctx: ScanContext, start: number, end: number, value: string): void {
  const text = ctx.text;
  let label = '';
  if (text[end] === '|' && text[start - 1] === '<') {
    const close = text.indexOf('>', end);
    if (close !== -1 && close - end < 200) label = text.slice(end + 1, close);
  } else if (text[start - 1] === '(' && text[start - 2] === ']') {
    const open = text.lastIndexOf('[', start - 2);
    if (open !== -1 && start - open < 200) label = text.slice(open + 1, start - 2);
  }
  const shown = /^\s*((?:https?:\/\/)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/.exec(label)?.[1];
  if (!shown || !validHost(hostOf(shown)) || hostOf(shown) === hostOf(value)) return;
  ctx.add(
    finding(
      'link.deceptive_label',
      'link',
      'high',
      `link text shows ${hostOf(shown)} but goes to ${hostOf(value)}`,
      start,
      end,
      {
        value,
      },
    ),
  );
}

/** `.com`, `.io`, … as a regex factored by first letter: cheaper per `.` in code (`this.x`). */
const TLD_HIT = (() => {
  const byFirst = new Map<string, string[]>();
  for (const t of [...TLD_SET].sort((a, b) => b.length - a.length)) {
    byFirst.set(t[0] ?? '', [...(byFirst.get(t[0] ?? '') ?? []), t.slice(1)]);
  }
  const alts = [...byFirst].map(([first, rests]) => `${first}(?:${rests.join('|')})`);
  return new RegExp(`\\.(?:${alts.join('|')})(?![A-Za-z0-9-])`, 'gi');
})();
const EXPLICIT = 'links.explicit';

function hasDot(text: string, from: number, to: number): boolean {
  const dot = text.indexOf('.', from);
  return dot !== -1 && dot < to;
}

/** Keyword handler for `http`/`https`/`ftp`/`www.`: links with a scheme or www, kept in order. */
function explicitLink(ctx: ScanContext, at: number, end: number): void {
  const text = ctx.text;
  const list = (ctx.state.get(EXPLICIT) as number[] | undefined) ?? [];
  if (list.length > 0 && at < list[list.length - 1]!) return; // inside the previous link
  // Of the keywords (http, https, ftp, www.) only `www.` ends in a dot: no slice per hit.
  const www = end - at === 4 && text.charCodeAt(end - 1) === 46;
  if (www) {
    const before = text.charCodeAt(at - 1);
    if (before === 46 || before === 47) return; // part of a URL that starts earlier
  } else if (!text.startsWith('://', end)) return;
  const stop = urlEnd(text, at);
  if (www ? !hasDot(text, end, stop) : stop <= end + 3) return;
  if (list.length === 0) ctx.state.set(EXPLICIT, list);
  list.push(at, stop);
}

function scan(ctx: ScanContext): void {
  const text = ctx.text;
  const explicit = (ctx.state.get(EXPLICIT) as number[] | undefined) ?? [];
  let covered = 0; // end of the last reported link: TLD hits inside it are part of it
  let k = 0; // next explicit link (pairs in `explicit`) not reported yet
  TLD_HIT.lastIndex = 0;
  for (let m = TLD_HIT.exec(text); m !== null; m = TLD_HIT.exec(text)) {
    const at = m.index;
    // Bare domain: find the whole host around the TLD hit, then its path.
    let s = at;
    while (s > 0 && at - s < 253 && inSet(HOST_CHAR, text.charCodeAt(s - 1))) s--;
    for (; k < explicit.length && explicit[k]! <= s; k += 2) {
      if (explicit[k]! < covered) continue;
      report(ctx, explicit[k]!, explicit[k + 1]!);
      covered = explicit[k + 1]!;
    }
    if (at < covered) {
      TLD_HIT.lastIndex = Math.max(TLD_HIT.lastIndex, covered);
      continue;
    }
    let e = at + 1;
    while (e < text.length && e - s < 253 && inSet(HOST_CHAR, text.charCodeAt(e))) e++;
    TLD_HIT.lastIndex = Math.max(TLD_HIT.lastIndex, e);
    while (s < at && (text[s] === '.' || text[s] === '-')) s++;
    let hostEnd = e;
    while (hostEnd > s && (text[hostEnd - 1] === '.' || text[hostEnd - 1] === '-')) hostEnd--;
    const before = s > 0 ? text.charCodeAt(s - 1) : 32;
    if (inSet(NOT_BEFORE_HOST, before) || isWordCode(before)) continue; // e-mail, path, identifier
    const host = text.slice(s, hostEnd);
    if (!validHost(host) || /^[A-Z0-9.-]+$/.test(host)) continue; // ASP.NET, FOO.COM in shouting prose
    let end = hostEnd;
    if (hostEnd === e && (text[e] === '/' || text[e] === ':' || text[e] === '?')) end = urlEnd(text, e);
    report(ctx, s, end);
    covered = end;
    TLD_HIT.lastIndex = Math.max(TLD_HIT.lastIndex, end);
  }
  for (; k < explicit.length; k += 2) {
    if (explicit[k]! < covered) continue;
    report(ctx, explicit[k]!, explicit[k + 1]!);
    covered = explicit[k + 1]!;
  }
}

/** Recompute the value from the original characters: a folded lookalike must not pass as ASCII. */
function remap(f: Finding, original: string): void {
  const slice = original.slice(f.span[0], f.span[1]);
  if (!/[^\x00-\x7f]/.test(slice)) return; // the view kept this link as it was
  const raw = [...slice]
    .filter((c) => !isInvisible(c.codePointAt(0) ?? 0))
    .join('')
    .normalize('NFKC');
  const value = normalizeUrl(raw);
  const rawHost = raw.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split(/[/?#:]/)[0] ?? '';
  // Greek, Cyrillic, Armenian, Cherokee and IPA letters that fold to ASCII are the homograph
  // alphabet; accented Latin (münchen.de) is an ordinary international domain.
  if (
    f.code === 'link.url' &&
    /[\u0250-\u02af\u0370-\u058f\u13a0-\u13ff]/.test(rawHost) &&
    /^[\x00-\x7f]*$/.test(f.value ?? '')
  ) {
    f.code = 'link.lookalike_domain';
    f.severity = 'high';
    f.message = `link host uses lookalike characters (${hostOf(value)} looks like ${hostOf(f.value ?? '')})`;
  }
  f.value = value;
}

export const linksFamily: Family = {
  category: 'link',
  keywords: { http: explicitLink, https: explicitLink, ftp: explicitLink, 'www.': explicitLink },
  scan,
  remap,
};
