// Config changes are in scope only when operation, target and subject all match a request clause and
// the change grants no more than the clause named. A broader change is also `permission` (or
// `destructive` for deletions and removals nobody asked for), per the classify contract.
import type { ActionInput, ConfigChange } from '../model.ts';
import { labelClause } from './intent.ts';
import {
  ACCESS_WORDS,
  levelOf,
  OFF_VALUE,
  type OpFamily,
  opFamiliesOf,
  opFamilyOf,
  SECURITY_KEY,
  SITE_WORDS,
  stem,
  WEAKENING_WHEN_ON,
  WILDCARD,
} from './lexicon.ts';
import { changeSpan, outlasts } from './duration.ts';
import type { Resolver } from './resolve.ts';
import type { ChangeGrant, Scope, ScopeReason } from './types.ts';

const GENERIC_TARGETS = new Set([
  'user',
  'users',
  'account',
  'accounts',
  'profile',
  'member',
  'site',
  'instance',
]);
const STOP = new Set(['the', 'a', 'an', 'of', 'for', 'on', 'in', 'to', 'and', 'v', 'old', 'new']);

export function familyOfOperation(operation: string): { family: OpFamily | undefined; tokens: string[] } {
  const tokens = operation
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const first = tokens[0] ? opFamilyOf(tokens[0]) : undefined;
  return { family: first ?? tokens.map((t) => opFamilyOf(t)).find(Boolean), tokens };
}

function compatible(g: ChangeGrant, got: OpFamily | undefined, tokens: string[]): boolean {
  if (got === undefined) return false;
  const asked = new Set([g.family, ...opFamiliesOf(g.verb.split(' ')[0] ?? '')]);
  if (asked.has(got)) return true;
  const access = tokens.some((t) => ACCESS_WORDS.has(stem(t)));
  const grants = (f: OpFamily): boolean => f === 'grant' || f === 'revoke';
  return access && [...asked].some((a) => (grants(a) && got === 'update') || (a === 'update' && grants(got)));
}

/** Does the clause name this value: by mention, through context, as "me", or by most of its words? */
type Who = { id: string; name?: string | undefined };

/** A name written as an identifier (`fh-tmp-uploads-2021`, `tmp_import_0413`), not a described thing. */
export const isIdentifier = (w: string): boolean =>
  /^[#@]?[a-z0-9][\w.-]*$/i.test(w) &&
  /[a-z]/i.test(w) &&
  (/[\d_]/.test(w) || (w.match(/-/g) ?? []).length >= 2);

/** Containers a single person is invited into: a target, not an audience. */
const CONTAINER = /^(?:workspace|org|organi[sz]ation|company|server|guild|tenant|domain|team|site)$/i;

function container(
  target: string,
  subject: string | null | undefined,
  family: OpFamily | undefined,
): boolean {
  return (
    CONTAINER.test(target.trim()) &&
    !!subject &&
    !WILDCARD.test(subject.trim()) &&
    (family === 'grant' || family === 'revoke')
  );
}

function names(
  g: ChangeGrant,
  requester: Who,
  r: Resolver,
  value: string,
  explicit = false,
  origin = '',
  asTarget = false,
): boolean {
  if (WILDCARD.test(value.trim())) return g.wildcard || g.words.has(value.trim().toLowerCase());
  // "add Alice to this channel", "add her here": the channel the requester spoke in.
  if (origin && g.mentions.some((m) => m.kind === 'origin') && r.sameChannel(value, origin)) return true;
  if (r.isRequester(requester, value) && g.mentions.some((m) => m.kind === 'requester')) return true;
  if (r.mentionsChannel(g.mentions, value) || r.mentionsPerson(g.mentions, value)) return true;
  // "invite Dora" → dora@example.com: an address whose local part is a person the request named.
  const local = /^([\w.+-]+)@[\w-]+(?:\.[\w-]+)+$/.exec(value.trim())?.[1]?.toLowerCase();
  if (local) {
    const parts = local.split(/[._+-]/);
    const people = g.mentions
      .filter((m) => m.kind === 'person')
      .map((m) => r.personName(m.value).toLowerCase());
    if (people.some((p) => parts.includes(p) || local === p)) return true;
  }
  const known = r.channel(value) !== undefined || r.user(value) !== undefined;
  // "invite Dora to the workspace": whatever id the system gives the workspace is the workspace.
  const invite = g.family === 'grant' || g.family === 'revoke';
  if (
    asTarget &&
    invite &&
    !known &&
    !g.mentions.some((m) => m.kind === 'channel') &&
    [...g.words].some((w) => CONTAINER.test(w))
  )
    return true;
  // "publish this on our site": the site is whatever the system calls it (a domain, "company blog").
  if (asTarget && g.family === 'publish' && !known && [...g.words].some((w) => SITE_WORDS.test(w)))
    return true;
  // "publish this": the page is whatever the agent was given; a page named in quotes must match.
  if (g.family === 'publish' && !known && !g.mentions.some((m) => m.kind === 'name')) return true;
  // When the request named things exactly (#proj-lantern, 'Pricing v1 (old)'), a slug or quoted name
  // must be one of them; loose word matching is for requests that described ("the roadmap doc").
  const exact = g.mentions.filter((m) => m.kind === 'channel' || m.kind === 'name');
  const channelLike = value.trim().startsWith('#') || r.channel(value) !== undefined;
  if (exact.length && (explicit || (channelLike && exact.some((m) => m.kind === 'channel')))) return false;
  // "give Emil mod" asked for the moderator role: a role at the level the request named.
  const level = levelOf(value);
  if (level !== null && g.level === level && !r.user(value) && !r.channel(value)) return true;
  // "our site" names the website whatever its system calls it (site, docs-site, blog).
  const parts = value
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (g.family === 'publish' && parts.length && parts.every((p) => SITE_WORDS.test(p)))
    return [...g.words].some((w) => SITE_WORDS.test(w));
  const shown = [value, r.channel(value)?.name, r.user(value)?.name].filter((v): v is string => Boolean(v));
  const lows = shown.map((v) => v.trim().toLowerCase().replace(/^[#@]/, ''));
  const quoted = g.mentions.filter((m) => m.kind === 'name').map((m) => m.value);
  if (quoted.length)
    return lows.some((l) => quoted.some((q) => l === q || l.endsWith(`/${q}`) || l.includes(q)));
  const ids = [...g.words].filter(isIdentifier);
  // A request that wrote identifiers named things exactly: single-token values must appear verbatim.
  if (ids.length && lows.every((l) => /^[\w.-]+$/.test(l)))
    return lows.some((l) => g.words.has(l) || ids.includes(l));
  for (const v of shown) {
    const low = v.toLowerCase().replace(/^[#@]/, '');
    if (g.words.has(low)) return true;
    const parts = low.split(/[^a-z0-9]+/).filter((p) => p && !STOP.has(p));
    const hits = parts.filter((p) => g.stems.has(stem(p)) || g.words.has(p)).length;
    if (hits >= 1 && hits * 2 >= parts.length) return true;
  }
  return false;
}

function flatten(details: Record<string, unknown> | undefined): [string, string][] {
  const out: [string, string][] = [];
  const walk = (key: string, v: unknown, depth: number): void => {
    if (v === null || v === undefined || depth > 3) return;
    if (Array.isArray(v)) for (const x of v) walk(key, x, depth + 1);
    else if (typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(k, x, depth + 1);
    else out.push([key, String(v)]);
  };
  for (const [k, v] of Object.entries(details ?? {})) walk(k, v, 0);
  return out;
}

/** What in this change goes beyond the clause `g` (or beyond anything, when nothing asked for it). */
export function breadth(
  change: ConfigChange,
  g: ChangeGrant | null,
  r: Resolver,
  requester: Who,
  text = '',
): ScopeReason[] {
  const out: ScopeReason[] = [];
  const { family } = familyOfOperation(change.operation);
  const asked = (v: string): boolean => g !== null && (g.words.has(v.toLowerCase()) || g.stems.has(stem(v)));
  const harm = family === 'delete' || family === 'revoke';
  const wild = [change.target, change.subject].filter((v): v is string => !!v && WILDCARD.test(v.trim()));
  for (const v of wild) {
    if (g?.wildcard) continue;
    // "Invite Dora to the workspace": the workspace is where one named person goes, not who gets in.
    if (v === change.target && container(v, change.subject, family)) continue;
    out.push(
      harm
        ? {
            code: 'destructive.broad_change',
            category: 'destructive',
            message: `${change.operation} applies to everything ("${v}")`,
          }
        : {
            code: 'permission.broad_change',
            category: 'permission',
            message: `${change.operation} opens access to everyone ("${v}")`,
          },
    );
  }
  if (family === 'delete' && g?.family !== 'delete') {
    const what = change.target ? r.channelName(change.target) : 'it';
    out.push({
      code: 'destructive.unrequested_deletion',
      category: 'destructive',
      message: `deletes ${what}, which nobody asked to delete`,
    });
  }
  const pairs = flatten(change.details);
  if (!harm) {
    const values = [change.target, change.subject, ...pairs.map(([k, v]) => `${k} ${v}`)]
      .filter(Boolean)
      .join(' ');
    const got = levelOf(values);
    const want = g?.level ?? null;
    if (got !== null && got >= 3 && (want === null ? got >= 4 : got > want)) {
      const what = got >= 5 ? 'admin/owner' : got === 4 ? 'moderator/maintainer' : 'write';
      out.push({
        code: 'permission.higher_role',
        category: 'permission',
        message: `grants ${what} rights${want ? ', more than the request named' : ''}`,
      });
    }
  }
  const requestedOff =
    g !== null && /\b(?:off|disable|remove|without|turn off|unprotect|open)\b/i.test([...g.words].join(' '));
  const weakens = /\b(?:remove|disable|turn\s+off|drop|bypass|skip|unprotect)\b/i;
  if (text && weakens.test(text) && SECURITY_KEY.test(text) && !requestedOff) {
    out.push({
      code: 'permission.weakened_control',
      category: 'permission',
      message: 'turns a security control off',
    });
  }
  const forced = pairs.some(
    ([k, v]) => /^(?:force|recursive|purge)$/i.test(k) && /^(?:true|yes|1)$/i.test(v),
  );
  if (family === 'delete' && forced) {
    out.push({
      code: 'destructive.forced',
      category: 'destructive',
      message: 'forces deletion of everything inside',
    });
  }
  for (const [key, value] of pairs) {
    const v = value.trim();
    if (WILDCARD.test(v) && !g?.wildcard && !asked(v)) {
      out.push({ code: 'permission.broad_change', category: 'permission', message: `sets ${key} to "${v}"` });
    } else if (/^private$/i.test(key) && /^false$/i.test(v) && g?.visibility !== 'public') {
      out.push({
        code: 'permission.public',
        category: 'permission',
        message: 'makes it public instead of private',
      });
    } else if (SECURITY_KEY.test(key) && OFF_VALUE.test(v) && !requestedOff) {
      out.push({ code: 'permission.weakened_control', category: 'permission', message: `turns ${key} off` });
    } else if (WEAKENING_WHEN_ON.test(key) && /^(?:yes|true|on|enabled?|allow)$/i.test(v) && !asked(key)) {
      out.push({ code: 'permission.weakened_control', category: 'permission', message: `turns ${key} on` });
    } else if (/^members?$/i.test(key) && g && !names(g, requester, r, v) && !asked(v)) {
      out.push({ code: 'permission.extra_members', category: 'permission', message: `also adds ${v}` });
    }
  }
  return dedupe(out);
}

const dedupe = (rs: ScopeReason[]): ScopeReason[] =>
  rs.filter((x, i) => rs.findIndex((y) => y.code === x.code) === i);

export interface ReadChange {
  change: ConfigChange;
  /** Every place or name the change's words touch, when the change came only as text. */
  named: string[];
}

/** A change given only in words: read it like a request clause ("Add Greta to #design-crit"). */
export function changeOf(action: ActionInput): ReadChange {
  if (action.change) return { change: action.change, named: [] };
  const lab = labelClause(action.text.slice(0, 400), []);
  const ms = lab.scan.mentions;
  const named = ms.filter((m) => m.kind === 'channel' || m.kind === 'name').map((m) => m.value);
  const target = named[0];
  const subject = ms.find((m) => m.kind === 'person')?.value;
  const change = {
    system: 'unknown',
    operation: lab.verb ?? 'change',
    ...(target ? { target } : {}),
    ...(subject ? { subject } : {}),
  };
  return { change, named };
}

/**
 * A change aimed at something other than what was asked: granting access there is a permission risk,
 * deleting there is destructive (the request asked to touch something else).
 */
function offTarget(change: ConfigChange, misses: ConfigMatch['misses'], r: Resolver): ScopeReason[] {
  if (!misses.some((m) => m === 'target' || m === 'subject')) return [];
  const { family, tokens } = familyOfOperation(change.operation);
  const what = [change.subject, change.target]
    .filter((v): v is string => !!v)
    .map((v) => r.personName(v))
    .join(' on ');
  if (family === 'delete') {
    const message = `deletes ${what}, not what was asked`;
    return [{ code: 'destructive.unrequested_deletion', category: 'destructive', message }];
  }
  const access = tokens.some((t) => ACCESS_WORDS.has(stem(t)));
  const role = levelOf(`${change.target ?? ''} ${change.subject ?? ''}`) !== null;
  if (family !== 'revoke' && (family === 'grant' || access || role)) {
    const message = `grants access to ${what}, which nobody asked for`;
    return [{ code: 'permission.unrequested_access', category: 'permission', message }];
  }
  return [];
}

/** A grant asked for a limited time that sets no expiry, or a longer one, widens the request. */
function lasting(g: ChangeGrant, change: ConfigChange, text: string): ScopeReason[] {
  const family = familyOfOperation(change.operation).family;
  if (family === 'revoke' || family === 'delete' || family === 'archive') return [];
  const why = outlasts(g.span, changeSpan(change, text));
  return why ? [{ code: 'permission.longer_grant', category: 'permission', message: why }] : [];
}

export interface ConfigMatch {
  grant: ChangeGrant;
  misses: ('operation' | 'target' | 'subject')[];
  extra: ScopeReason[];
}

/** The closest change clause: fewest mismatched fields, then fewest extra grants. */
export function bestMatch(scope: Scope, read: ReadChange, r: Resolver, text = ''): ConfigMatch | null {
  let best: ConfigMatch | null = null;
  const { change, named } = read;
  const { family, tokens } = familyOfOperation(change.operation);
  for (const g of scope.changes) {
    const misses: ConfigMatch['misses'] = [];
    if (!compatible(g, family, tokens)) misses.push('operation');
    const targets = named.length
      ? named
      : (change.target ?? '')
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean);
    // A target that only names the kind of thing ("user", "account") adds nothing to match once the subject does.
    const generic = (t: string): boolean => GENERIC_TARGETS.has(t.toLowerCase()) && !!change.subject;
    const origin = scope.origin.channel;
    const wrong = targets.filter(
      (t) => !generic(t) && !names(g, scope.requester, r, t, named.length > 0, origin, true),
    );
    // "Remove Nadia from #ops" done workspace-wide: no target where the request named a channel.
    const widened = !targets.length && g.mentions.some((m) => m.kind === 'channel' || m.kind === 'origin');
    if (wrong.length || widened) misses.push('target');
    if (change.subject && !names(g, scope.requester, r, change.subject)) misses.push('subject');
    const extra = [
      ...breadth(change, g, r, scope.requester, text),
      ...offTarget(change, misses, r),
      ...lasting(g, change, text),
    ];
    const m = { grant: g, misses, extra };
    const score = (x: ConfigMatch): number => x.misses.length * 10 + x.extra.length;
    if (!best || score(m) < score(best)) best = m;
  }
  return best;
}
