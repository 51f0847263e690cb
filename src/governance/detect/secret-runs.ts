// Provider credentials are long unbroken runs of token characters. Runs of >= MIN_RUN characters
// are found by sampling every STRIDE characters (prose and most code have no such runs, so this
// costs about one character test in ten), and only around a run are prefixes looked up: first by
// their two leading characters, then against the rules that share them. Prefixes that do not
// start a run (`hooks.slack.com/`, `AccountKey=`) are found with indexOf.
import type { Risk } from '../model.ts';
import { isPlaceholder } from './allowlist.ts';
import { charSet, finding, inSet, isAlnumCode, isWordCode, mask, type ScanContext, shannonEntropy } from './scan.ts';
import { findDiscord, INFIX_RULES } from './secret-infix.ts';
import { matchJwt } from './secret-keys.ts';
import { PROVIDER_RULES, type ProviderRule } from './secret-providers.ts';
import { SAAS_RULES } from './secret-providers-saas.ts';

const MIN_RUN = 20;
const STRIDE = MIN_RUN / 2; // a run of 2*STRIDE characters always contains two sample points
const RUN = charSet('A-Za-z0-9_-');
/**
 * Dotted and `$`/`=`-joined prefixes (SG., hvs., ya29., dp.pt.) sit just before a long run: the
 * prefix search also starts at every segment start within LOOK_BACK characters before it.
 */
const PREFIX_CHAR = charSet('A-Za-z0-9_.$=~-');
const LOOK_BACK = 40;
/** Prefixes found by indexOf because the token around them is not one long run. */
const LITERAL_ANCHORS = [
  'AccountKey=',
  'SharedAccessKey=',
  'hooks.slack.com/',
  'discord.com/api',
  'discordapp.com/api',
  'access_token$',
];

interface Entry {
  prefix: string;
  rule: ProviderRule;
}

const RULES: readonly ProviderRule[] = [...PROVIDER_RULES, ...SAAS_RULES];
const byHead = new Map<number, Entry[]>();
for (const rule of RULES) {
  for (const prefix of rule.prefixes) {
    const key = (prefix.charCodeAt(0) << 7) | prefix.charCodeAt(1);
    byHead.set(key, [...(byHead.get(key) ?? []), { prefix, rule }]);
  }
}
const SAS = INFIX_RULES.find((r) => r.anchor === 'sig=');
const JWT_HEAD = ('e'.charCodeAt(0) << 7) | 'y'.charCodeAt(0);

function report(ctx: ScanContext, code: string, label: string, start: number, end: number, severity: Risk = 'critical'): void {
  const token = ctx.text.slice(start, end);
  ctx.add(finding(code, 'secret', severity, `${label} ${mask(token)}`, start, end, { blocking: severity === 'critical' }));
}

function tryRule(ctx: ScanContext, { rule, prefix }: Entry, at: number): number {
  const text = ctx.text;
  rule.re.lastIndex = at;
  const m = rule.re.exec(text);
  if (!m) return -1;
  const token = m[rule.group ?? 0];
  if (token === undefined) return -1;
  const start = rule.group ? at + m[0].indexOf(token) : at;
  const body = rule.group ? token : token.slice(prefix.length);
  if (isPlaceholder(token) || isPlaceholder(body)) return -1;
  if (shannonEntropy(body) < (rule.minEntropy ?? 3)) return -1;
  if (rule.check && !rule.check(token)) return -1;
  const severity = rule.severity ?? 'critical';
  const blocking = rule.blocking ?? severity === 'critical';
  ctx.add(finding(rule.code, 'secret', severity, `${rule.label} ${mask(token)}`, start, start + token.length, { blocking }));
  return start + token.length;
}

/** Tries every rule whose prefix starts at `p`; returns where a found token ends, or -1. */
function tryAt(ctx: ScanContext, p: number): number {
  const text = ctx.text;
  const key = (text.charCodeAt(p) << 7) | text.charCodeAt(p + 1);
  if (key === JWT_HEAD) {
    const before = ctx.findings.length;
    matchJwt(ctx, p);
    if (ctx.findings.length > before) return ctx.findings[ctx.findings.length - 1]!.span[1];
  }
  const entries = byHead.get(key);
  if (!entries) return -1;
  for (const entry of entries) {
    if (!text.startsWith(entry.prefix, p)) continue;
    const end = tryRule(ctx, entry, p);
    if (end >= 0) return end;
  }
  return -1;
}

/** Credentials anchored in the middle (Telegram `:AA`, Azure AD `Q~`, Mailchimp `-us`, …). */
function infix(ctx: ScanContext, s: number, e: number): void {
  const text = ctx.text;
  const from = Math.max(0, s - 1); // Telegram's ':AA' starts one before the run
  const run = text.slice(from, Math.min(e, from + 4096));
  for (const rule of INFIX_RULES) {
    const k = run.indexOf(rule.anchor);
    if (k === -1) continue;
    const span = rule.find(text, from + k);
    if (!span) continue;
    const token = text.slice(span[0], span[1]);
    if (isPlaceholder(token) || shannonEntropy(token) < 3) continue;
    if (span[0] > 0 && isWordCode(text.charCodeAt(span[0] - 1)) && rule.anchor !== ':AA') continue;
    report(ctx, rule.code, rule.label, span[0], span[1], rule.severity);
  }
  const c = text.charCodeAt(s);
  if (c === 77 || c === 78 || c === 79) {
    const dot = text.indexOf('.', s);
    const span = dot !== -1 && dot - s <= 28 ? findDiscord(text, dot) : null;
    if (span) report(ctx, 'secret.discord_bot_token', 'Discord bot token', span[0], span[1]);
  }
}

function scanRun(ctx: ScanContext, s: number, e: number): void {
  const text = ctx.text;
  let b = s;
  while (b > 0 && s - b < LOOK_BACK && inSet(PREFIX_CHAR, text.charCodeAt(b - 1))) b--;
  // Candidates: the start of each segment (after a non-alphanumeric character) up to the run.
  for (let p = b; p <= s; p++) {
    if (p !== b && isAlnumCode(text.charCodeAt(p - 1))) continue;
    if (tryAt(ctx, p) > p) return;
  }
  infix(ctx, s, e);
}

/** Provider tokens, JWTs and infix-anchored credentials. */
export function scanTokenRuns(ctx: ScanContext): void {
  const text = ctx.text;
  const n = text.length;
  let after = 0;
  for (let k = STRIDE; k < n; k += STRIDE) {
    if (k < after || !inSet(RUN, text.charCodeAt(k)) || !inSet(RUN, text.charCodeAt(k - STRIDE))) continue;
    let s = k;
    while (s > 0 && inSet(RUN, text.charCodeAt(s - 1))) s--;
    let e = k + 1;
    while (e < n && inSet(RUN, text.charCodeAt(e))) e++;
    after = e;
    if (e - s >= MIN_RUN) scanRun(ctx, s, e);
  }
  for (const anchor of LITERAL_ANCHORS) {
    for (let i = text.indexOf(anchor); i !== -1; i = text.indexOf(anchor, i + anchor.length)) {
      let p = i;
      if (anchor.startsWith('discord')) {
        // ptb.discord.com / canary.discord.com: let the rule see the subdomain.
        const sub = /(?:ptb|canary)\.$/.exec(text.slice(Math.max(0, i - 7), i));
        if (sub) p = i - sub[0].length;
      }
      tryAt(ctx, p);
    }
  }
  if (SAS && text.includes('sig=')) {
    for (let i = text.indexOf('sig='); i !== -1; i = text.indexOf('sig=', i + 4)) {
      const span = SAS.find(text, i);
      if (span && !isPlaceholder(text.slice(span[0], span[1]))) report(ctx, SAS.code, SAS.label, span[0], span[1]);
    }
  }
}
