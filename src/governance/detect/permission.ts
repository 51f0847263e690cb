// Advice that widens access: broad principals given access, things made public, credentials shared
// with a group, auth/MFA/TLS checks turned off, world-writable modes, wildcard IAM, privileged
// containers. Prose rules need a broad principal AND access language in the same sentence.
import { adminGrantKeywords } from './permission-grants.ts';
import { grantSql, scanLiterals } from './permission-literals.ts';
import { settingHandlers } from './permission-rules.ts';
import {
  addKeyword,
  charSet,
  type Family,
  finding,
  inSet,
  isSpaceCode,
  type KeywordHandler,
  type ScanContext,
  stickyAt,
} from './scan.ts';

const GROUP_CHAR = charSet('A-Za-z0-9_-');

const PRINCIPAL =
  /(?:everyone(?:@[\w.-]{1,60})?|anyone(?:\s+with\s+the\s+link)?|all[-_ ]?(?:staff|engineers?|engineering|employees|users|hands|members|company|org|eng|devs|developers|people|contractors|guests|authenticated(?:[-_ ]users)?)|(?:the\s+)?(?:whole|entire)\s+(?:[\w-]{2,20}\s+){0,2}?(?:org|organi[sz]ation|company|team|department|division|workspace|internet|world|domain|tenant|enterprise)|(?:org|company|workspace|domain|tenant)-wide|allusers|allauthenticatedusers)(?![\w-])/iy;
const VERB =
  /\b(?:grant\w*|give[ns]?|gave|giving|add(?:ed|ing|s)?|attach\w*|put|move|invit\w+|shar(?:e|ed|es|ing)|open(?:ed|ing|s)?|allow\w*|assign\w*|mak(?:e|es|ing)|set(?:ting|s)?|chang\w+|bind\w*|let|(?:should|will|would|to)\s+have|ha(?:s|ve)|gets?|can\s+(?:access|edit|read|write|view|see|modify|delete|manage|admin\w*))\b/i;
const NOUN =
  /\b(?:access|acls?|permissions?|roles?|admins?|administrators?|owners?|ownership|editors?|write|read|viewers?|members?|membership|rights|privileges?|polic(?:y|ies)|iam|allowlist|whitelist|visibility|public|sudo|root|superusers?|edit|editable|view|viewable|readable|writable|groups?)\b/i;
const ADMIN =
  /\b(?:admins?|administrators?|owners?|ownership|superusers?|root|sudo|full\s+(?:access|control)|maintainers?|write|editors?)\b/i;
/** Grants on their own: "share … with", "open … to", "make it editable by". */
const SHARE_WITH =
  /\bshar(?:e|ed|es|ing)\b[^.\n]{0,80}\bwith\b|\bopen(?:ed|ing)?\s+(?:\w+\s+){0,2}?to\b|\b(?:editable|viewable|writable)\s+by\b/i;
const TECHNICAL = /^(?:allusers|allauthenticatedusers|all[-_ ]?authenticated)/i;

function broadPrincipal(ctx: ScanContext, at: number): void {
  const text = ctx.text;
  let start = at;
  const m = stickyAt(PRINCIPAL, text, at);
  let principal = m?.[0] ?? '';
  if (!m && text[at] === '-') {
    // eng-all, company-all: a group named "<x>-all"
    while (start > 0 && at - start < 40 && inSet(GROUP_CHAR, text.charCodeAt(start - 1))) start--;
    const group = /^-all(?![\w-])/i.exec(text.slice(at, at + 5));
    if (!group || start === at) return;
    principal = text.slice(start, at + 4);
  } else if (!m) return;
  const end = start + principal.length;
  const value = principal.toLowerCase().replace(/\s+/g, ' ');
  if (TECHNICAL.test(principal)) {
    ctx.add(
      finding('permission.public_principal', 'permission', 'high', `grants to ${principal}`, start, end, {
        value,
      }),
    );
    return;
  }
  if (/with\s+the\s+link/i.test(principal)) {
    ctx.add(
      finding(
        'permission.make_public',
        'permission',
        'high',
        'shares with anyone who has the link',
        start,
        end,
        { value },
      ),
    );
    return;
  }
  const [s, e] = ctx.sentenceAt(at);
  const verdict = ctx.memo('permission.access', s, () => {
    const sentence = text.slice(s, e);
    // "share … with <principal>" grants access by itself; otherwise an access verb and noun.
    const grants = SHARE_WITH.test(sentence) || (VERB.test(sentence) && NOUN.test(sentence));
    return grants ? (ADMIN.test(sentence) ? 'admin' : 'access') : null;
  });
  if (!verdict) return;
  const admin = verdict === 'admin';
  const code = admin ? 'permission.broad_admin' : 'permission.broad_access';
  const message = admin ? `gives admin/owner/write rights to ${value}` : `gives access to ${value}`;
  ctx.add(finding(code, 'permission', 'high', message, start, end, { value }));
}

const PUBLIC_AT =
  /public(?:-read(?:-write)?\b|ly\s+(?:accessible|readable|writable|available|visible|viewable|shared|listed|exposed)\b)/iy;
const PUBLIC_NOUN = /public\s+(?:access|link|url|acl|read|visibility)\b/iy;
const ENABLE_BEFORE =
  /\b(?:enable|enabling|allow|allowing|grant|granting|turn\s+on|give|open|add|create|generate|set\s+up|via\s+a|with\s+a|using\s+a)\b[^.\n]{0,40}$/i;
const MAKE_PUBLIC_BEFORE =
  /\b(?:make|makes|making|made|set|sets|setting|change|changes|changing|switch|switching|flip|flipping|turn|turning|mark|marking|convert|converting|publish|publishing|open|opening|expose|exposing)\b[^.\n]{0,60}$/i;
const VISIBILITY_BEFORE = /visibility["']?\s{0,3}[:=]?\s{0,3}["']?$/i;
const RESOURCE =
  /\b(?:bucket|buckets|repo|repos|repository|repositories|doc|docs|document|drive|folder|file|files|container|blob|dashboard|notebook|sheet|site|channel|s3|gcs|storage|project|space|page|board|dataset|database|table|object|objects|link|it|this|them|everything)\b/i;

/** `public` in code: modifiers and declarations, the bulk of all hits. */
const CODE_PUBLIC =
  /public\s{1,4}(?:static|class|void|function|readonly|abstract|async|final|override|interface|enum|const|int|long|bool|boolean|string|String|get|set|var|let|[A-Z]\w*[<\s(])|public:|public\s*\(/y;

function makePublic(ctx: ScanContext, at: number): void {
  const text = ctx.text;
  if (stickyAt(CODE_PUBLIC, text, at)) return;
  const before = text.slice(Math.max(0, at - 80), at);
  if (/\bblock\s+$/i.test(before)) return; // S3 "Block Public Access" is the opposite
  let direct = stickyAt(PUBLIC_AT, text, at);
  if (!direct && ENABLE_BEFORE.test(before)) direct = stickyAt(PUBLIC_NOUN, text, at);
  let hit = direct !== null || VISIBILITY_BEFORE.test(before);
  if (!hit && MAKE_PUBLIC_BEFORE.test(before)) {
    const [s, e] = ctx.sentenceAt(at);
    hit = RESOURCE.test(text.slice(s, e));
  }
  if (!hit) return;
  const end = direct ? at + direct[0].length : at + 6;
  ctx.add(
    finding('permission.make_public', 'permission', 'high', 'makes a resource public', at, end, {
      value: 'public',
    }),
  );
}

// Checked around a credential word (the keyword), not over whole sentences: a verb before it, a
// group after it ("post the admin password in #general"), or "shared/same … login".
const SHARE_VERB_BEFORE =
  /\b(?:shar\w*|send|sent|post\w*|give|distribut\w*|circulat\w*|hand\s+out|pass\s+around|paste|put|drop)\b[^.\n]{0,60}$/i;
const GROUP_AFTER =
  /[^.\n]{0,60}?\b(?:with|to|in|into)\s+(?:the\s+|our\s+|this\s+|a\s+)?(everyone|all\b|team|whole\s+\w+|entire\s+\w+|channel|group|org|company|contractors|vendors|interns|#[\w-]+|@(?:here|channel|everyone)|general|random)/iy;
const SHARED_ACCOUNT =
  /(?:shared|same|common)\s+(?:admin\s+|root\s+)?(?:passwords?|logins?|accounts?|credentials?)\b/iy;
const USE_MY_BEFORE =
  /\b(?:use|using|log\s+in\s+with|sign\s+in\s+with|borrow)\s+(?:my|our|the\s+admin|the\s+root)\s+$/i;

/**
 * Prose rules only look at words that start a word in prose: after whitespace, an opening bracket
 * or quote, or at the start. `feature/login`, `x-password`, `password=…` are not prose.
 */
const PROSE_BEFORE = charSet('(\'"`*>[');
const notProse = (text: string, at: number): boolean => {
  if (at === 0) return false;
  const c = text.charCodeAt(at - 1);
  return !isSpaceCode(c) && !inSet(PROSE_BEFORE, c);
};

/** Any verb the share rules look for, tested once per sentence before the costlier patterns. */
const ANY_SHARE_VERB =
  /shar|send|sent|post|give|distribut|circulat|hand\s+out|pass\s+around|paste|\bput\b|drop|\buse\b|using|log\s+in|sign\s+in|borrow|common|same/i;

function shareCredentials(ctx: ScanContext, at: number, end: number): void {
  const text = ctx.text;
  if (notProse(text, at)) return;
  const [ss, se] = ctx.sentenceAt(at);
  if (!ctx.memo('permission.share-verb', ss, () => ANY_SHARE_VERB.test(text.slice(ss, se)))) return;
  let start = -1;
  let stop = end;
  let value = 'shared account';
  const shared = stickyAt(SHARED_ACCOUNT, text, at);
  if (shared) {
    start = at;
    stop = at + shared[0].length;
  } else {
    const before = text.slice(Math.max(0, at - 75), at);
    const verb = SHARE_VERB_BEFORE.exec(before);
    const group = verb ? stickyAt(GROUP_AFTER, text, end) : null;
    if (verb && group) {
      start = at - (before.length - verb.index);
      stop = end + group[0].length;
      value = (group[1] ?? '').toLowerCase();
    } else {
      const mine = USE_MY_BEFORE.exec(before);
      if (mine) start = at - mine[0].length;
    }
  }
  if (start < 0 || start < ((ctx.state.get('permission.shared') as number | undefined) ?? -1)) return;
  ctx.state.set('permission.shared', stop);
  ctx.add(
    finding(
      'permission.share_credentials',
      'permission',
      'high',
      `shares credentials with ${value}`,
      start,
      stop,
      { value },
    ),
  );
}

const DISABLE_BEFORE =
  /\b(?:disabl\w*|turn(?:ed|ing|s)?\s+off|switch(?:ed|ing)?\s+off|bypass\w*|deactivat\w*|get\s+rid\s+of|opt(?:ed|ing)?\s+out\s+of|no\s+longer\s+require|stop\s+requiring|don'?t\s+require|remov\w*|skip\w*)\s+(?:the\s+|your\s+|their\s+|our\s+|all\s+|any\s+)?(?:[\w-]+\s+)?$/i;
const DISABLED_AFTER =
  /[\w -]{0,24}?\s(?:is\s+|was\s+|to\s+)?(?:disabled|turned\s+off|switched\s+off|optional|not\s+required|off\b)/iy;

function disableAuth(ctx: ScanContext, at: number, end: number): void {
  const text = ctx.text;
  if (notProse(text, at)) return;
  const word = text.slice(at, end).toLowerCase();
  const before = text.slice(Math.max(0, at - 50), at);
  const m = DISABLE_BEFORE.exec(before);
  // "remove"/"skip" the auth header is ordinary; only MFA-like words accept them.
  const weak = m && /^(?:remov|skip)/i.test(m[0]) && (word === 'auth' || word === 'login');
  const after = !m ? stickyAt(DISABLED_AFTER, text, end) : null;
  if ((!m || weak) && !after) return;
  const start = m && !weak ? at - m[0].length : at;
  const stop = after ? end + after[0].length : end;
  const code = CONTROLS.has(word) ? 'permission.disable_security_control' : 'permission.disable_auth';
  ctx.add(finding(code, 'permission', 'high', `turns off ${word}`, start, stop, { value: word }));
}

/** Security controls other than authentication whose removal widens exposure. */
const CONTROLS = new Set(['encryption', 'firewall', 'audit logging', 'audit logs', 'antivirus']);

// "all" alone is too common to wake a handler; the group names after it are listed instead.
const GROUPS = [
  'staff',
  'engineers',
  'engineer',
  'engineering',
  'employees',
  'users',
  'hands',
  'members',
  'company',
  'org',
  'eng',
  'devs',
  'developers',
  'people',
  'contractors',
  'guests',
  'authenticated',
];
const principalWords = [
  'everyone',
  'anyone',
  'whole',
  'entire',
  'org-wide',
  'company-wide',
  'workspace-wide',
  'domain-wide',
  'tenant-wide',
  'allusers',
  'allauthenticatedusers',
  ...GROUPS.flatMap((g) => [`all-${g}`, `all ${g}`, `all_${g}`, `all${g}`]),
];
const credentialWords = [
  'password',
  'passwords',
  'credential',
  'credentials',
  'creds',
  'login',
  'logins',
  'shared',
];
const authWords = [
  'mfa',
  '2fa',
  'two-factor',
  'two factor',
  'multi-factor',
  'multi factor',
  'sso',
  'authentication',
  'auth',
  'otp',
  'totp',
  'login',
  ...CONTROLS,
];

const settings = settingHandlers();
const keywords: Record<string, KeywordHandler> = {};
const on = (word: string, h: KeywordHandler): void => addKeyword(keywords, word, h);
for (const [w, h] of Object.entries(settings)) on(w, h);
for (const w of principalWords) on(w, broadPrincipal);
for (const w of credentialWords) on(w, shareCredentials);
for (const w of authWords) on(w, disableAuth);
for (const [w, h] of Object.entries(adminGrantKeywords)) on(w, h);
on('public', makePublic);
on('grant', grantSql);

function scan(ctx: ScanContext): void {
  scanLiterals(ctx);
  const text = ctx.text;
  // Groups named "<team>-all" (eng-all): the keyword pass only sees word starts.
  for (let i = text.indexOf('-all'); i !== -1; i = text.indexOf('-all', i + 4)) {
    if (i > 0 && inSet(GROUP_CHAR, text.charCodeAt(i - 1)) && !inSet(GROUP_CHAR, text.charCodeAt(i + 4)))
      broadPrincipal(ctx, i);
  }
}

export const permissionFamily: Family = { category: 'permission', keywords, scan };
