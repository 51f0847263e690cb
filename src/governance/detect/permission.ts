// Advice that widens access: broad principals given access, things made public, credentials shared
// with a group, auth/MFA/TLS checks turned off, world-writable modes, wildcard IAM, privileged
// containers. Prose rules need a broad principal AND access language in the same sentence.
import { settingHandlers } from './permission-rules.ts';
import { charSet, type Family, finding, inSet, type KeywordHandler, type ScanContext, stickyAt } from './scan.ts';

const GROUP_CHAR = charSet('A-Za-z0-9_-');
const SERVICE_CHAR = charSet('A-Za-z0-9*-');

const PRINCIPAL = new RegExp(
  String.raw`(?:everyone(?:@[\w.-]{1,60})?|anyone(?:\s+with\s+the\s+link)?|all[-_ ]?(?:staff|engineers?|engineering|employees|users|hands|members|company|org|eng|devs|developers|people|contractors|guests|authenticated(?:[-_ ]users)?)|(?:the\s+)?(?:whole|entire)\s+(?:org|organi[sz]ation|company|team|workspace|internet|world|domain|tenant|enterprise)|(?:org|company|workspace|domain|tenant)-wide|allusers|allauthenticatedusers)(?![\w-])`,
  'iy',
);
const VERB =
  /\b(?:grant\w*|give[ns]?|gave|giving|add(?:ed|ing|s)?|invit\w+|shar(?:e|ed|es|ing)|open(?:ed|ing|s)?|allow\w*|assign\w*|mak(?:e|es|ing)|set(?:ting|s)?|chang\w+|bind\w*|let|(?:should|will|would|to)\s+have|ha(?:s|ve)|gets?|can\s+(?:access|edit|read|write|view|see|modify|delete|manage|admin\w*))\b/i;
const NOUN =
  /\b(?:access|acls?|permissions?|roles?|admins?|administrators?|owners?|ownership|editors?|write|read|viewers?|members?|membership|rights|privileges?|polic(?:y|ies)|iam|allowlist|whitelist|visibility|public|sudo|root|superusers?)\b/i;
const ADMIN =
  /\b(?:admins?|administrators?|owners?|ownership|superusers?|root|sudo|full\s+(?:access|control)|maintainers?|write|editors?)\b/i;
const TECHNICAL = /^(?:allusers|allauthenticatedusers|all[-_ ]?authenticated)/i;

function broadPrincipal(ctx: ScanContext, at: number): void {
  const text = ctx.text;
  let start = at;
  let m = stickyAt(PRINCIPAL, text, at);
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
    ctx.add(finding('permission.public_principal', 'permission', 'high', `grants to ${principal}`, start, end, { value }));
    return;
  }
  if (/with\s+the\s+link/i.test(principal)) {
    ctx.add(finding('permission.make_public', 'permission', 'high', 'shares with anyone who has the link', start, end, { value }));
    return;
  }
  const [s, e] = ctx.sentenceAt(at);
  const verdict = ctx.memo('permission.access', s, () => {
    const sentence = text.slice(s, e);
    return VERB.test(sentence) && NOUN.test(sentence) ? (ADMIN.test(sentence) ? 'admin' : 'access') : null;
  });
  if (!verdict) return;
  const admin = verdict === 'admin';
  const code = admin ? 'permission.broad_admin' : 'permission.broad_access';
  const message = admin ? `gives admin/owner/write rights to ${value}` : `gives access to ${value}`;
  ctx.add(finding(code, 'permission', 'high', message, start, end, { value }));
}

const PUBLIC_AT = /public(?:-read(?:-write)?\b|ly\s+(?:accessible|readable|writable|available|visible|viewable|shared|listed|exposed)\b)/iy;
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
  ctx.add(finding('permission.make_public', 'permission', 'high', 'makes a resource public', at, end, { value: 'public' }));
}

const SHARE_CREDS =
  /\b(?:shar\w*|send|sent|post\w*|give|distribut\w*|circulat\w*|hand\s+out|pass\s+around|paste|put|drop)\b[^.\n]{0,60}?\b(?:passwords?|credentials?|creds|logins?|api\s+keys?|tokens?|root\s+password|admin\s+password)\b[^.\n]{0,60}?\b(?:with|to|in|into)\s+(?:the\s+|our\s+|this\s+|a\s+)?(everyone|all\b|team|whole\s+\w+|entire\s+\w+|channel|group|org|company|contractors|vendors|interns|#[\w-]+|@(?:here|channel|everyone)|general|random)/i;
const SHARED_ACCOUNT = /\b(?:shared|same|common|team[-\s]wide)\s+(?:admin\s+|root\s+)?(?:passwords?|logins?|accounts?|credentials?)\b/i;
const USE_MY = /\b(?:use|using|log\s+in\s+with|sign\s+in\s+with|borrow)\s+(?:my|our|the\s+admin|the\s+root)\s+(?:password|login|account|credentials?)\b/i;

function shareCredentials(ctx: ScanContext, at: number): void {
  const [s, e] = ctx.sentenceAt(at);
  // One evaluation and at most one finding per sentence.
  const value = ctx.memo('permission.share', s, () => {
    const sentence = ctx.text.slice(s, e);
    const m = SHARE_CREDS.exec(sentence);
    if (m) return (m[1] ?? '').toLowerCase();
    return SHARED_ACCOUNT.test(sentence) || USE_MY.test(sentence) ? 'shared account' : null;
  });
  if (value === null || ctx.state.get('permission.shared') === s) return;
  ctx.state.set('permission.shared', s);
  ctx.add(finding('permission.share_credentials', 'permission', 'high', `shares credentials with ${value}`, s, e, { value }));
}

const DISABLE_BEFORE =
  /\b(?:disabl\w*|turn(?:ed|ing|s)?\s+off|switch(?:ed|ing)?\s+off|bypass\w*|deactivat\w*|get\s+rid\s+of|opt(?:ed|ing)?\s+out\s+of|no\s+longer\s+require|stop\s+requiring|don'?t\s+require|remov\w*|skip\w*)\s+(?:the\s+|your\s+|their\s+|our\s+|all\s+|any\s+)?(?:[\w-]+\s+)?$/i;
const DISABLED_AFTER =
  /[\w -]{0,24}?\s(?:is\s+|was\s+|to\s+)?(?:disabled|turned\s+off|switched\s+off|optional|not\s+required|off\b)/iy;

function disableAuth(ctx: ScanContext, at: number, end: number): void {
  const text = ctx.text;
  const word = text.slice(at, end).toLowerCase();
  const before = text.slice(Math.max(0, at - 50), at);
  const m = DISABLE_BEFORE.exec(before);
  // "remove"/"skip" the auth header is ordinary; only MFA-like words accept them.
  const weak = m && /^(?:remov|skip)/i.test(m[0]) && (word === 'auth' || word === 'login');
  const after = !m ? stickyAt(DISABLED_AFTER, text, end) : null;
  if ((!m || weak) && !after) return;
  const start = m && !weak ? at - m[0].length : at;
  const stop = after ? end + after[0].length : end;
  ctx.add(finding('permission.disable_auth', 'permission', 'high', `turns off ${word}`, start, stop, { value: word }));
}

function scanLiterals(ctx: ScanContext): void {
  const text = ctx.text;
  for (const net of ['0.0.0.0/0', '::/0']) {
    for (let i = text.indexOf(net); i !== -1; i = text.indexOf(net, i + net.length)) {
      if (/[\d.:a-fA-F]/.test(text[i - 1] ?? ' ') || /\d/.test(text[i + net.length] ?? ' ')) continue;
      ctx.add(finding('permission.open_network', 'permission', 'high', `opens access to every address (${net})`, i, i + net.length, { value: net }));
    }
  }
  for (let i = text.indexOf(':*'); i !== -1; i = text.indexOf(':*', i + 2)) {
    let s = i;
    while (s > 0 && i - s < 30 && inSet(SERVICE_CHAR, text.charCodeAt(s - 1))) s--;
    if (s === i || !/["'\s[,]/.test(text[s - 1] ?? ' ') || /[\w*]/.test(text[i + 2] ?? ' ')) continue;
    const action = text.slice(s, i + 2);
    ctx.add(finding('permission.wildcard_action', 'permission', 'high', `allows every ${action} action`, s, i + 2, { value: action }));
  }
  // Groups named "<team>-all" (eng-all): the keyword pass only sees word starts.
  for (let i = text.indexOf('-all'); i !== -1; i = text.indexOf('-all', i + 4)) {
    if (i > 0 && inSet(GROUP_CHAR, text.charCodeAt(i - 1)) && !inSet(GROUP_CHAR, text.charCodeAt(i + 4))) broadPrincipal(ctx, i);
  }
  for (const star of ['"*"', "'*'"]) {
    for (let i = text.indexOf(star); i !== -1; i = text.indexOf(star, i + 3)) starGrant(ctx, i);
  }
  for (let i = text.indexOf('/:/'); i !== -1; i = text.indexOf('/:/', i + 3)) {
    if (!/(?:-v|--volume)[\s=]{1,3}$/.test(text.slice(Math.max(0, i - 12), i))) continue;
    ctx.add(finding('permission.privileged_container', 'permission', 'high', 'mounts the host root filesystem', i, i + 3, { value: '/' }));
  }
  for (const flag of ['--pid=host', '--ipc=host', '--userns=host']) {
    for (let i = text.indexOf(flag); i !== -1; i = text.indexOf(flag, i + flag.length)) {
      ctx.add(finding('permission.privileged_container', 'permission', 'high', `shares the host namespace (${flag})`, i, i + flag.length, { value: flag }));
    }
  }
}

/** `"Action": "*"`, `actions: ['*']`, `verbs: ["*"]`, `"Principal": {"AWS": "*"}` (JSON or YAML). */
const STAR_KEY =
  /\b(not)?(actions?|verbs|principals?|aws)["']?\s{0,3}[:=]\s{0,3}(?:\{\s{0,3}["']?aws["']?\s{0,3}:\s{0,3})?(?:\[\s{0,3})?$/i;

function starGrant(ctx: ScanContext, i: number): void {
  const m = STAR_KEY.exec(ctx.text.slice(Math.max(0, i - 48), i));
  if (!m) return;
  const key = (m[2] ?? '').toLowerCase();
  const principal = key.startsWith('principal') || key === 'aws';
  const code = principal ? 'permission.public_principal' : 'permission.wildcard_action';
  const message = principal ? 'grants to every principal ("Principal": "*")' : `allows every ${key === 'verbs' ? 'verb' : 'action'} ("*")`;
  ctx.add(finding(code, 'permission', 'high', message, i - m[0].length, i + 3, { value: '*' }));
}

const GRANT_SQL = /grant\s{1,3}[^;\n]{1,200}?\bto\s{1,3}(public\b|['"`]?[\w.-]{0,64}['"`]?@['"`]%['"`])/iy;

const grantSql: KeywordHandler = (ctx, at) => {
  const m = stickyAt(GRANT_SQL, ctx.text, at);
  if (!m) return;
  const value = (m[1] ?? '').toLowerCase();
  ctx.add(finding('permission.broad_access', 'permission', 'high', `SQL grant to ${value}`, at, at + m[0].length, { value }));
};

// "all" alone is too common to wake a handler; the group names after it are listed instead.
const GROUPS = ['staff', 'engineers', 'engineer', 'engineering', 'employees', 'users', 'hands', 'members', 'company', 'org', 'eng', 'devs', 'developers', 'people', 'contractors', 'guests', 'authenticated'];
const principalWords = [
  'everyone', 'anyone', 'whole', 'entire', 'org-wide', 'company-wide', 'workspace-wide', 'domain-wide', 'tenant-wide',
  'allusers', 'allauthenticatedusers',
  ...GROUPS.flatMap((g) => [`all-${g}`, `all ${g}`, `all_${g}`, `all${g}`]),
];
const credentialWords = ['password', 'passwords', 'credential', 'credentials', 'creds', 'login', 'logins', 'shared'];
const authWords = ['mfa', '2fa', 'two-factor', 'two factor', 'multi-factor', 'multi factor', 'sso', 'authentication', 'auth', 'otp', 'totp', 'login'];

const settings = settingHandlers();
const keywords: Record<string, KeywordHandler> = {};
const on = (word: string, h: KeywordHandler): void => {
  const prev = keywords[word];
  keywords[word] = prev ? (ctx, at, end) => (prev(ctx, at, end), h(ctx, at, end)) : h;
};
for (const [w, h] of Object.entries(settings)) on(w, h);
for (const w of principalWords) on(w, broadPrincipal);
for (const w of credentialWords) on(w, shareCredentials);
for (const w of authWords) on(w, disableAuth);
on('public', makePublic);
on('grant', grantSql);

export const permissionFamily: Family = { category: 'permission', keywords, scan: scanLiterals };
