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
const TRIGGER = new RegExp(`(?:https?|ftp)://|\\bwww\\.|\\.(?:${TLDS})(?![A-Za-z0-9-])`, 'gi');

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

/** Lowercase scheme and host, no trailing slash. Scheme-less links keep no scheme. */
export function normalizeUrl(raw: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)?([^/?#]*)(.*)$/is.exec(raw);
  if (!m) return raw;
  const scheme = (m[1] ?? '').toLowerCase();
  let host = (m[2] ?? '').toLowerCase();
  if (/[^\x00-\x7f]/.test(host)) host = domainToASCII(host) || host;
  let rest = m[3] ?? '';
  while (rest.endsWith('/')) rest = rest.slice(0, -1);
  return `${scheme}${host}${rest}`;
}

/** Scheme- and www-insensitive key, for comparing a link in an action with one in a request. */
export function linkKey(url: string): string {
  return normalizeUrl(url)
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/^www\./, '');
}

const hostOf = (url: string): string => linkKey(url).split(/[/?#:]/)[0] ?? '';

function validHost(host: string): boolean {
  const labels = host.split('.');
  if (labels.length < 2) return false;
  if (!TLD_SET.has((labels[labels.length - 1] ?? '').toLowerCase())) return false;
  return labels.every((l) => l.length > 0 && l.length <= 63 && !l.startsWith('-') && !l.endsWith('-'));
}

function report(ctx: ScanContext, start: number, end: number): void {
  const raw = ctx.text.slice(start, end);
  const value = normalizeUrl(raw);
  ctx.add(finding('link.url', 'link', 'medium', `link to ${hostOf(value)}`, start, end, { value }));
  labelCheck(ctx, start, end, value);
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
    finding('link.deceptive_label', 'link', 'high', `link text shows ${hostOf(shown)} but goes to ${hostOf(value)}`, start, end, {
      value,
    }),
  );
}

function scan(ctx: ScanContext): void {
  const text = ctx.text;
  TRIGGER.lastIndex = 0;
  for (let m = TRIGGER.exec(text); m !== null; m = TRIGGER.exec(text)) {
    const at = m.index;
    const hit = m[0];
    if (hit.charAt(0) !== '.') {
      if (hit.includes('://') && at > 0 && isWordCode(text.charCodeAt(at - 1))) continue; // xhttps://
      const end = urlEnd(text, at);
      const hostStart = at + (hit.includes('://') ? hit.length : 0);
      const host = /^[^/?#:]*/.exec(text.slice(hostStart, Math.min(end, hostStart + 256)))?.[0] ?? '';
      if (host.length > 0 && (hit.includes('://') || host.includes('.'))) report(ctx, at, end);
      TRIGGER.lastIndex = Math.max(TRIGGER.lastIndex, end);
      continue;
    }
    // Bare domain: find the whole host around the TLD hit, then its path.
    let s = at;
    while (s > 0 && at - s < 253 && inSet(HOST_CHAR, text.charCodeAt(s - 1))) s--;
    let e = at + 1;
    while (e < text.length && e - s < 253 && inSet(HOST_CHAR, text.charCodeAt(e))) e++;
    TRIGGER.lastIndex = Math.max(TRIGGER.lastIndex, e);
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
    TRIGGER.lastIndex = Math.max(TRIGGER.lastIndex, end);
  }
}

/** Recompute the value from the original characters: a folded lookalike must not pass as ASCII. */
function remap(f: Finding, original: string): void {
  const raw = [...original.slice(f.span[0], f.span[1])]
    .filter((c) => !isInvisible(c.codePointAt(0) ?? 0))
    .join('')
    .normalize('NFKC');
  const value = normalizeUrl(raw);
  const rawHost = raw.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split(/[/?#:]/)[0] ?? '';
  // Greek, Cyrillic, Armenian, Cherokee and IPA letters that fold to ASCII are the homograph
  // alphabet; accented Latin (münchen.de) is an ordinary international domain.
  if (f.code === 'link.url' && /[\u0250-\u02af\u0370-\u058f\u13a0-\u13ff]/.test(rawHost) && /^[\x00-\x7f]*$/.test(f.value ?? '')) {
    f.code = 'link.lookalike_domain';
    f.severity = 'high';
    f.message = `link host uses lookalike characters (${hostOf(value)} looks like ${hostOf(f.value ?? '')})`;
  }
  f.value = value;
}

export const linksFamily: Family = { category: 'link', scan, remap };
