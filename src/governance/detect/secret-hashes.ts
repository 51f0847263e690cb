// Password hashes: crypt(3) formats ($1$, $5$, $6$, $2b$, $apr1$, $y$, $argon2id$, passlib
// $pbkdf2$), LDAP/htpasswd `{SHA}`/`{SSHA}`, Django and SCRAM verifiers, PostgreSQL `md5…`, MySQL
// `*…`, Windows pwdump and NetNTLMv2 lines, Kerberos `$krb5tgs$`/`$krb5asrep$` (crackable offline).
// A hash is not a live credential, so it holds (high) rather than blocks. Every trigger is a rare
// character sequence found with indexOf, then a bounded sticky regex.
import { isLowVariety } from './allowlist.ts';
import { finding, type KeywordHandler, type ScanContext, stickyAt } from './scan.ts';

const CODE = 'secret.password_hash';

/** Formats that start with `$`, tried at each `$` whose next character can start one. */
const DOLLAR =
  /\$(?:(?:1|5|6|md5|apr1)\$(?:rounds=\d{1,9}\$)?[./0-9A-Za-z]{1,16}\$([./0-9A-Za-z]{22,86})|2[abxy]?\$\d{2}\$([./A-Za-z0-9]{53})|argon2(?:id|i|d)\$v=\d{1,3}\$m=\d{1,9},t=\d{1,4},p=\d{1,3}\$[A-Za-z0-9+/]{8,64}\$([A-Za-z0-9+/]{16,128})|(?:y|gy|7)\$[./A-Za-z0-9]{1,32}\$[./A-Za-z0-9]{8,64}\$([./A-Za-z0-9]{40,64})|pbkdf2(?:-sha\d{1,3})?\$\d{1,7}\$[./A-Za-z0-9+]{8,64}\$([./A-Za-z0-9+]{20,128})|krb5(?:tgs|asrep|pa)\$\d{1,2}\$[^\s]{0,300}?([0-9a-fA-F]{32}\$[0-9a-fA-F]{64,8192}))(?![./\w$])/y;
const DOLLAR_NEXT = new Set(['1', '2', '5', '6', '7', 'a', 'm', 'y', 'g', 'p', 'k']);
const LDAP =
  /\{(?:SHA|SSHA|SMD5|SHA256|SSHA256|SHA512|SSHA512|PBKDF2[-\w]{0,12})\}([A-Za-z0-9+/]{20,200}={0,2})/y;
const PWDUMP_END = /([^\s:]{1,64}):\d{1,10}:([0-9a-fA-F]{32}):([0-9a-fA-F]{32}):::$/;
const NETNTLM = /[\w.-]{1,64}:[0-9a-fA-F]{16}:([0-9a-fA-F]{32}):[0-9a-fA-F]{32,4096}/y;
/** The NT hash of the empty password: documentation, not a leak. */
const EMPTY_NT = '31d6cfe0d16ae931b73c59d7e0c089c0';

function add(ctx: ScanContext, what: string, start: number, end: number, body: string): void {
  if (isLowVariety(body)) return;
  ctx.add(finding(CODE, 'secret', 'high', `${what} password hash`, start, end));
}

function scanDollar(ctx: ScanContext): void {
  const text = ctx.text;
  for (let i = text.indexOf('$'); i !== -1 && !ctx.saturated(CODE); i = text.indexOf('$', i + 1)) {
    if (!DOLLAR_NEXT.has(text.charAt(i + 1))) continue;
    const m = stickyAt(DOLLAR, text, i);
    if (!m) continue;
    const body = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? m[6] ?? '';
    const kind = m[0].startsWith('$krb5') ? 'Kerberos' : 'crypt';
    add(ctx, kind, i, i + m[0].length, body);
    i += m[0].length - 1;
  }
}

function scanLdap(ctx: ScanContext): void {
  const text = ctx.text;
  for (let i = text.indexOf('{S'); i !== -1; i = text.indexOf('{S', i + 2)) {
    const m = stickyAt(LDAP, text, i);
    if (m?.[1]) add(ctx, 'LDAP/htpasswd', i, i + m[0].length, m[1]);
  }
  for (let i = text.indexOf('{PBKDF2'); i !== -1; i = text.indexOf('{PBKDF2', i + 2)) {
    const m = stickyAt(LDAP, text, i);
    if (m?.[1]) add(ctx, 'LDAP', i, i + m[0].length, m[1]);
  }
}

/** `user:rid:LM:NT:::` (pwdump/secretsdump) and `user::DOMAIN:challenge:NTProofStr:blob`. */
function scanWindows(ctx: ScanContext): void {
  const text = ctx.text;
  for (let i = text.indexOf(':::'); i !== -1; i = text.indexOf(':::', i + 3)) {
    // `…:<32 hex>:<32 hex>:::` — checked from the end, so a run of colons costs O(1) per hit.
    if (i < 70 || text.charCodeAt(i - 33) !== 58 || text.charCodeAt(i - 66) !== 58) continue;
    const window = text.slice(Math.max(0, i - 142), i + 3);
    const m = PWDUMP_END.exec(window);
    if (!m) continue;
    const start = i + 3 - m[0].length;
    if ((m[3] ?? '').toLowerCase() !== EMPTY_NT) add(ctx, 'Windows NTLM', start, i + 3, m[3] ?? '');
  }
  for (let i = text.indexOf('::'); i !== -1; i = text.indexOf('::', i + 2)) {
    if (text.charCodeAt(i + 2) === 58) continue;
    const m = stickyAt(NETNTLM, text, i + 2);
    if (!m) continue;
    let s = i;
    while (s > 0 && i - s < 64 && /[\w.$-]/.test(text.charAt(s - 1))) s--;
    add(ctx, 'NetNTLMv2', s, i + 2 + m[0].length, m[1] ?? '');
    i += m[0].length;
  }
}

export function scanPasswordHashes(ctx: ScanContext): void {
  const text = ctx.text;
  if (text.includes('$')) scanDollar(ctx);
  if (text.includes('{S') || text.includes('{PBKDF2')) scanLdap(ctx);
  if (text.includes('::')) scanWindows(ctx);
}

const DJANGO =
  /(?:pbkdf2_sha256|pbkdf2_sha1|bcrypt_sha256|argon2)\$[^\s$]{1,64}\$[^\s$]{6,64}\$[A-Za-z0-9+/.]{20,}={0,2}/y;
const SCRAM =
  /SCRAM-SHA-256\$\d{3,7}:[A-Za-z0-9+/]{16,}={0,2}\$[A-Za-z0-9+/]{40,}={0,2}:[A-Za-z0-9+/]{40,}={0,2}/y;
const PG_MD5 = /md5[0-9a-f]{32}(?![0-9A-Za-z])/y;
const MYSQL = /\*[0-9A-F]{40}(?![0-9A-Za-z])/g;

function stickyHash(re: RegExp, what: string): KeywordHandler {
  return (ctx, at) => {
    const m = stickyAt(re, ctx.text, at);
    if (m) add(ctx, what, at, at + m[0].length, m[0].slice(m[0].lastIndexOf('$') + 1));
  };
}

/** Keyword handlers for hash formats that start with a word. */
export const HASH_KEYWORDS: Record<string, KeywordHandler> = {
  pbkdf2_sha256: stickyHash(DJANGO, 'Django'),
  pbkdf2_sha1: stickyHash(DJANGO, 'Django'),
  bcrypt_sha256: stickyHash(DJANGO, 'Django'),
  argon2$: stickyHash(DJANGO, 'Django'),
  'scram-sha-256$': (ctx, at) => {
    if (!ctx.text.startsWith('SCRAM-SHA-256$', at)) return;
    stickyHash(SCRAM, 'SCRAM')(ctx, at, at);
  },
  // PostgreSQL's md5 verifier (`md5` + md5(password || user)), only in a password context.
  md5: (ctx, at) => {
    const m = stickyAt(PG_MD5, ctx.text, at);
    if (!m) return;
    const [s] = ctx.sentenceAt(at, 160);
    if (/password|passwd|rolpassword/i.test(ctx.text.slice(s, at)))
      add(ctx, 'PostgreSQL', at, at + m[0].length, m[0]);
  },
  // MySQL's mysql_native_password verifier: `IDENTIFIED … AS '*<40 hex>'`.
  identified: (ctx, at) => {
    const window = ctx.text.slice(at, at + 160);
    MYSQL.lastIndex = 0;
    const m = MYSQL.exec(window);
    if (m) add(ctx, 'MySQL', at + m.index, at + m.index + m[0].length, m[0]);
  },
};
