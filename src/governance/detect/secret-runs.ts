// Provider credentials are long unbroken runs of token characters. The runs come from one sampled
// pass shared with the decoder (normalize/runs.ts; prose and most code have none), and only around
// a run are prefixes looked up: first by their two leading characters, then against the rules that
// share them. Prefixes that do not start a run (`hooks.slack.com/`, `AccountKey=`) are keywords.
import type { Risk } from '../model.ts';
import { isExampleValue, isLowVariety, isPlaceholder, isTemplateOrReference } from './allowlist.ts';
import { longRuns } from './normalize/runs.ts';
import {
  charSet,
  finding,
  inSet,
  isAlnumCode,
  isWordCode,
  type KeywordHandler,
  mask,
  type ScanContext,
  shannonEntropy,
} from './scan.ts';
import { findDiscord, INFIX_RULES, type InfixRule } from './secret-infix.ts';
import { matchJwt } from './secret-keys.ts';
import { PROVIDER_RULES, type ProviderRule } from './secret-providers.ts';
import { MORE_RULES } from './secret-providers-more.ts';
import { SAAS_RULES } from './secret-providers-saas.ts';

/**
 * Dotted and `$`/`=`-joined prefixes (SG., hvs., ya29., dp.pt.) sit just before a long run: the
 * prefix search also starts at every segment start within LOOK_BACK characters before it.
 */
const PREFIX_CHAR = charSet('A-Za-z0-9_.$=~-');
const LOOK_BACK = 40;
/** Inside a run a token may start after one of these (`key=ghp_…`, `a/b/xoxb-…`). */
const INNER_SEPARATOR = charSet('+/=_-');
/** Runs longer than this are blobs (images, archives); the decoder looks at those. */
const MAX_TOKEN_RUN = 8192;
/**
 * Prefixes whose token is not one long run; they start a word, so they are keywords of the shared
 * keyword pass (no extra pass over the text). The rule's own prefix check is case-sensitive.
 */
const LITERAL_ANCHORS = [
  'AccountKey=',
  'SharedAccessKey=',
  'hooks.slack.com/',
  'discord.com/api',
  'discordapp.com/api',
  'ptb.discord.com/api',
  'canary.discord.com/api',
  'access_token$',
  'webhook.office.com/webhookb2/',
];

interface Entry {
  prefix: string;
  rule: ProviderRule;
}

const RULES: readonly ProviderRule[] = [...PROVIDER_RULES, ...SAAS_RULES, ...MORE_RULES];
const byHead = new Map<number, Entry[]>();
for (const rule of RULES) {
  for (const prefix of rule.prefixes) {
    const key = (prefix.charCodeAt(0) << 7) | prefix.charCodeAt(1);
    byHead.set(key, [...(byHead.get(key) ?? []), { prefix, rule }]);
  }
}
/** Two-character heads that start some prefix, as a bitmap: most candidates stop here. */
const HEADS = new Uint8Array(1 << 14);
for (const key of byHead.keys()) if (key < 1 << 14) HEADS[key] = 1;
const SAS = INFIX_RULES.find((r) => r.anchor === 'sig=');
const JWT_HEAD = ('e'.charCodeAt(0) << 7) | 'y'.charCodeAt(0);

function report(
  ctx: ScanContext,
  code: string,
  label: string,
  start: number,
  end: number,
  severity: Risk = 'critical',
): void {
  const token = ctx.text.slice(start, end);
  ctx.add(
    finding(code, 'secret', severity, `${label} ${mask(token)}`, start, end, {
      blocking: severity === 'critical',
    }),
  );
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
  // One entropy computation serves both the low-variety test and the rule's threshold.
  const entropy = shannonEntropy(body);
  if (entropy < (rule.minEntropy ?? 3) || isLowVariety(body, entropy)) return -1;
  if (isExampleValue(token) || isTemplateOrReference(token)) return -1;
  if (rule.check && !rule.check(token)) return -1;
  const severity = rule.severity ?? 'critical';
  const blocking = rule.blocking ?? severity === 'critical';
  ctx.add(
    finding(rule.code, 'secret', severity, `${rule.label} ${mask(token)}`, start, start + token.length, {
      blocking,
    }),
  );
  return start + token.length;
}

/** Tries every rule whose prefix starts at `p`; returns where a found token ends, or -1. */
function tryAt(ctx: ScanContext, p: number): number {
  const text = ctx.text;
  const c0 = text.charCodeAt(p);
  const c1 = text.charCodeAt(p + 1);
  if (c0 >= 128 || c1 >= 128) return -1;
  const key = (c0 << 7) | c1;
  if (HEADS[key] !== 1 && key !== JWT_HEAD) return -1;
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

const ruleFor = (anchor: string) => INFIX_RULES.find((r) => r.anchor === anchor);
const TELEGRAM = ruleFor(':AA');
const AZURE_AD = ruleFor('Q~');
const MAILCHIMP = ruleFor('-us');
const TERRAFORM = ruleFor('.atlasv1.');
/** gitleaks: maxmind-license-key — `<6>_<29>_mmk`, found from its suffix. */
const MAXMIND = /[A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk(?![\w-])/y;
const TWITTER_ACCESS = /\d{15,25}-([A-Za-z0-9]{20,40})(?![\w-])/y;

function infixAt(ctx: ScanContext, rule: InfixRule | undefined, anchor: number): void {
  if (!rule) return;
  const text = ctx.text;
  const span = rule.find(text, anchor);
  if (!span) return;
  const token = text.slice(span[0], span[1]);
  if (isPlaceholder(token) || shannonEntropy(token) < 3) return;
  if (span[0] > 0 && isWordCode(text.charCodeAt(span[0] - 1)) && rule.anchor !== ':AA') return;
  report(ctx, rule.code, rule.label, span[0], span[1], rule.severity);
}

/**
 * Credentials anchored in the middle, located from the run in O(1): the run [s, e) starts right
 * after Telegram's `:AA…`-colon, Azure AD's `Q~`, Terraform's `.atlasv1.`, or ends in `-usNN`.
 */
function infix(ctx: ScanContext, s: number, e: number): void {
  const text = ctx.text;
  if (text.charCodeAt(s - 1) === 58 && text.startsWith('AA', s)) infixAt(ctx, TELEGRAM, s - 1);
  if (text.charCodeAt(s - 1) === 126 && text.charCodeAt(s - 2) === 81) infixAt(ctx, AZURE_AD, s - 2);
  if (s >= 9 && text.startsWith('.atlasv1.', s - 9)) infixAt(ctx, TERRAFORM, s - 9);
  const tail = Math.max(s, e - 6);
  const us = text.slice(tail, e).indexOf('-us');
  if (us !== -1) infixAt(ctx, MAILCHIMP, tail + us);
  if (e - s >= 40 && text.startsWith('_mmk', e - 4)) {
    MAXMIND.lastIndex = e - 40;
    if (MAXMIND.test(text)) report(ctx, 'secret.maxmind_key', 'MaxMind license key', e - 40, e);
  }
  const c = text.charCodeAt(s);
  if (c >= 49 && c <= 57 && e - s >= 36) {
    // gitleaks: twitter-access-token — `<numeric user id>-<random>`
    TWITTER_ACCESS.lastIndex = s;
    const m = TWITTER_ACCESS.exec(text);
    const tail = m?.[1];
    if (
      m &&
      tail &&
      /\d/.test(tail) &&
      /[A-Z]/.test(tail) &&
      /[a-z]/.test(tail) &&
      shannonEntropy(tail) >= 3.5
    )
      report(ctx, 'secret.twitter_token', 'Twitter access token', s, s + m[0].length);
  }
  if (c === 77 || c === 78 || c === 79) {
    const dot = text.charCodeAt(e) === 46 ? e : -1; // Discord: <base64 id>.<6>.<27-38>
    const span = dot !== -1 && dot - s <= 28 ? findDiscord(text, dot) : null;
    if (span) report(ctx, 'secret.discord_bot_token', 'Discord bot token', span[0], span[1]);
  }
}

function scanRun(ctx: ScanContext, s: number, e: number): void {
  const text = ctx.text;
  let b = s;
  while (b > 0 && s - b < LOOK_BACK && inSet(PREFIX_CHAR, text.charCodeAt(b - 1))) b--;
  // Candidates: segment starts before the run (after a non-alphanumeric character), the run
  // start, and positions after a separator inside the run.
  let p = b;
  while (p < e - 1) {
    const candidate =
      p === b ||
      (p <= s ? !isAlnumCode(text.charCodeAt(p - 1)) : inSet(INNER_SEPARATOR, text.charCodeAt(p - 1)));
    if (candidate) {
      const end = tryAt(ctx, p);
      if (end > p) {
        p = end;
        continue;
      }
    }
    p++;
  }
  infix(ctx, s, e);
}

/** Provider tokens, JWTs and infix-anchored credentials. */
export function scanTokenRuns(ctx: ScanContext): void {
  const text = ctx.text;
  const runs = longRuns(text);
  // Runs inside a private key block already found (its base64 lines) are skipped. Not inside a
  // generic assignment: `TOKEN="ghp_…"` must still be named as a GitHub token.
  const found =
    ctx.findings.length === 0
      ? []
      : ctx.findings.filter((f) => f.code === 'secret.private_key').map((f) => f.span);
  for (let k = 0; k < runs.length; k += 2) {
    const s = runs[k]!;
    const e = runs[k + 1]!;
    if (e - s > MAX_TOKEN_RUN || (found.length > 0 && found.some(([a, b]) => a <= s && e <= b))) continue;
    scanRun(ctx, s, e);
  }
}

/** Keyword handlers for LITERAL_ANCHORS and Azure SAS `sig=`. */
export function anchorKeywords(): Record<string, KeywordHandler> {
  const out: Record<string, KeywordHandler> = {};
  for (const anchor of LITERAL_ANCHORS) out[anchor.toLowerCase()] = (ctx, at) => void tryAt(ctx, at);
  out['sig='] = (ctx, at) => {
    const span = SAS?.find(ctx.text, at);
    if (SAS && span && !isPlaceholder(ctx.text.slice(span[0], span[1])))
      report(ctx, SAS.code, SAS.label, span[0], span[1]);
  };
  return out;
}
