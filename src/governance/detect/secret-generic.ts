// Generic credential assignments: `password=…`, `"apiKey": "…"`, `DB_PASSWORD: …`, `--token …`,
// `Authorization: Bearer …`, "my password is …". Triggered by name-part keywords, which the
// keyword pass also tries inside identifiers (after `_` and at camelCase humps).
import { isExampleValue, isLowVariety, isTemplateOrReference } from './allowlist.ts';
import {
  charSet,
  finding,
  inSet,
  isSpaceCode,
  mask,
  type ScanContext,
  shannonEntropy,
  stickyAt,
} from './scan.ts';

/** `key`: a name that only ends in `_key`/`Key` (`ADMIN_KEY`, `sdkKey`); its value must look random. */
type KeyClass = 'password' | 'secret' | 'token' | 'key';

const NAME_TAIL =
  /(?:(pass(?:word|wd|phrase|code)?|pwd)|(secret|(?:api|access|private|secret|client|signing|encryption|master|account|app|service|subscription|license|consumer|shared|session|auth)[-_]?key|credentials?|creds)|(token|auth|authorization|bearer|authtoken))$/i;
/** Names that end like a secret but hold something public. */
const NOT_SECRET_NAME =
  /(?:page|next|continuation|csrf|xsrf|sync|cursor|pagination|max|num|total|input|output|prompt|completion|id)[-_]?tokens?$|oauth$|bypass$|compass$|(?:public|publishable)[-_]?key$|_?path$/i;
/** Any `…_key`/`…Key` name, unless it names something that is not a secret. */
const KEY_TAIL = /(?:[-_.][A-Za-z0-9]*|[a-z0-9])(?:key|Key|KEY)$/;
const NOT_SECRET_KEY =
  /(?:primary|foreign|sort|partition|cache|idempotency|object|lookup|routing|dedup|hash|row|range|composite|unique|shard|sharding|map|dict|translation|i18n|public|publishable|ssh|gpg|pgp|kms|hot|short|cut|hotkey|keyboard|react|list|group|index|order|storage|registry|field|column|table|bucket|s3|file|path|json|yaml|env|config|setting|query|search|label|message|style|theme|feature|flag|event|metric|attribute|prop|api_key_id|key_id|signing_key_id|encryption_key_id|prefix|suffix|type)[-_.]?(?:key|Key|KEY)$/i;
const NAME_CHAR = charSet('A-Za-z0-9_.-');
const MAX_VALUE = 256;
const QUOTE_OR_BRACKET = charSet('"\'`]');
const VALUE_STOP = charSet(',;&)]}\'"`<>');
const TRAILING = charSet('.,:!?');
const WORD_VALUES =
  /^(?:true|false|null|none|nil|undefined|required|optional|string|hidden|masked|empty|secret|password|token|str|int|bool|object|any|yes|no|on|off)$/i;
const NUMBER_LITERAL = /^(?:0x[0-9a-f]+|0b[01]+|-?\d+(?:\.\d+)?(?:e-?\d+)?)$/i;
const CAMEL_WORDS = /^[A-Za-z][a-z]+(?:[A-Z][a-z]+)+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** `config.token`, `extra._meta?.progressToken`, `env['KEY']`: a reference, not a value. */
const DOTTED_NAME = /^[A-Za-z_$][\w$]*(?:[?!]?\.[A-Za-z_$][\w$]*|\[[^\]]{0,64}\])+$/;
const AUTH_SCHEME = /^(?:bearer|basic|token|digest|apikey)$/i;
const PATH_LIKE = /^\/?[\w.-]+(?:\/[\w.-]+){2,}$|\.[a-z]{2,4}$/;
/** Token names whose UUID value is an identifier (a request, a trace), not a credential. */
const ID_LIKE_TOKEN =
  /(?:^|[-_.]|[a-z])(?:id|request|trace|correlation|idempotency|nonce|cursor|page|sync|state|csrf|xsrf|client)[-_]?token$|^token$|^$/i;

// Names repeat (every config has `password`, `token`, `apiKey`): remember their class.
const classCache = new Map<string, KeyClass | null>();

function classOf(name: string): KeyClass | null {
  let cls = classCache.get(name);
  if (cls === undefined) {
    cls = computeClass(name);
    if (classCache.size > 2000) classCache.clear();
    classCache.set(name, cls);
  }
  return cls;
}

function computeClass(name: string): KeyClass | null {
  const m = NAME_TAIL.exec(name);
  if (!m && KEY_TAIL.test(name) && !NOT_SECRET_KEY.test(name) && !NOT_SECRET_NAME.test(name)) return 'key';
  if (!m || NOT_SECRET_NAME.test(name)) return null;
  const word = (m[1] ?? m[2] ?? m[3] ?? '').toLowerCase();
  // `pass`/`auth` must start a name part (db_pass, dbPass), not end a word (bypass, oauth).
  if (word === 'pass' || word === 'auth') {
    const before = name.charAt(name.length - word.length - 1);
    if (before && /[a-z]/.test(before) && name.charAt(name.length - word.length) === word[0]) return null;
  }
  return m[1] ? 'password' : m[2] ? 'secret' : 'token';
}

function charClasses(v: string): number {
  return (
    (/[a-z]/.test(v) ? 1 : 0) +
    (/[A-Z]/.test(v) ? 1 : 0) +
    (/\d/.test(v) ? 1 : 0) +
    (/[^A-Za-z0-9]/.test(v) ? 1 : 0)
  );
}

/** Does `value` look like a real credential for a name of class `cls`? */
export function looksLikeCredential(value: string, cls: KeyClass, name = ''): boolean {
  // Longer values are documents, not credentials (keys and tokens have their own detectors).
  if (value.length < 6 || value.length > MAX_VALUE) return false;
  if (WORD_VALUES.test(value) || value.includes('(') || value.includes('[')) return false;
  // `config.token` is a reference; `Klym649.wjd` (digits and both cases) is a password with a dot.
  if (DOTTED_NAME.test(value) && !(/\d/.test(value) && /[A-Z]/.test(value) && /[a-z]/.test(value)))
    return false;
  if (/^[$%&*@#]/.test(value) || value.toLowerCase() === name.toLowerCase()) return false;
  const entropy = shannonEntropy(value);
  if (isExampleValue(value) || isTemplateOrReference(value) || isLowVariety(value, entropy)) return false;
  // Numbers (`0x0B96`, `3000`) and type or class names (`CredentialsContainer`) fill the same
  // slots in code and config as secrets do.
  if (NUMBER_LITERAL.test(value) || CAMEL_WORDS.test(value)) return false;
  if (cls === 'password') {
    if (/^\d{1,7}$/.test(value)) return false;
    return (value.length >= 8 && entropy >= 2.5) || charClasses(value) >= 2;
  }
  const classes = charClasses(value);
  if (cls === 'key') {
    // A bare `…_key` name says less: the value must be long, random and mix letters and digits.
    if (value.length < 20 || entropy < 3.5 || !/\d/.test(value) || !/[A-Za-z]/.test(value)) return false;
    // `uploads/2024/06/report-81f3.pdf` under `objKey`: a path, not key material.
    if (PATH_LIKE.test(value)) return false;
  } else if (value.length < 16) {
    // Short values pass only when they mix three classes like a generated password (`qNRi382_T5B2`).
    if (value.length < 12 || classes < 3 || entropy < 3) return false;
  }
  if (entropy < 3.2 || classes < 2) return false;
  // Random keys carry digits or symbols; a 16+ letter value without any is a word or a name.
  if (!/[\d\W_]/.test(value) && (value.length < 24 || entropy < 4)) return false;
  // A UUID under an id-like token name is an id; under an auth token or key name it is the credential.
  return !(cls === 'token' && UUID.test(value) && ID_LIKE_TOKEN.test(name));
}

interface Value {
  start: number;
  end: number;
}

/** Reads the value after a connector ending at `from`; quoted or bare, bounded to MAX_VALUE + 1. */
function readValue(text: string, from: number): Value | null {
  let j = from;
  while (j < text.length && j - from < 8 && (text[j] === ' ' || text[j] === '\t')) j++;
  const q = text[j];
  if (q === '"' || q === "'" || q === '`') {
    // indexOf stops at the next quote of this kind: later hits start after it, so this is linear.
    const close = text.indexOf(q, j + 1);
    if (close === -1 || close - j > MAX_VALUE + 1) return null;
    if (text.slice(j + 1, close).includes('\n')) return null;
    return { start: j + 1, end: close };
  }
  let e = j;
  while (e < text.length && e - j <= MAX_VALUE) {
    const c = text.charCodeAt(e);
    if (isSpaceCode(c) || inSet(VALUE_STOP, c)) break;
    e++;
  }
  while (e > j && inSet(TRAILING, text.charCodeAt(e - 1))) e--;
  return e > j ? { start: j, end: e } : null;
}

function report(ctx: ScanContext, cls: KeyClass, name: string, v: Value): void {
  const text = ctx.text;
  let { start, end } = v;
  let value = text.slice(start, end);
  let code = cls === 'password' ? 'secret.password' : 'secret.generic';
  if (ctx.saturated(code)) return;
  const space = value.indexOf(' ');
  const scheme = space > 0 ? value.slice(0, space) : value;
  if (AUTH_SCHEME.test(scheme)) {
    // `Authorization: Bearer xyz` (quoted or not): the credential is the word after the scheme.
    const after = space > 0 ? start + space + 1 : end + 1;
    const next = space > 0 ? { start: after, end } : readValue(text, after);
    if (!next || next.end <= next.start) return;
    ({ start, end } = next);
    value = text.slice(start, end);
    code = /^basic$/i.test(scheme) ? 'secret.basic_auth' : 'secret.bearer_token';
    if (code === 'secret.basic_auth') {
      const decoded = Buffer.from(value, 'base64').toString('latin1');
      if (!decoded.includes(':') || !looksLikeCredential(decoded.slice(decoded.indexOf(':') + 1), 'password'))
        return;
    } else if (!looksLikeCredential(value, 'token')) return;
  } else if (!looksLikeCredential(value, cls, name)) return;
  if (/secret[-_]?access[-_]?key$/i.test(name) && /^[A-Za-z0-9/+=]{40}$/.test(value)) {
    ctx.add(
      finding(
        'secret.aws_secret_key',
        'secret',
        'critical',
        `AWS secret access key ${mask(value)}`,
        start,
        end,
        {
          blocking: true,
        },
      ),
    );
    return;
  }
  const what = code === 'secret.password' ? 'password' : code === 'secret.generic' ? 'secret' : 'credential';
  ctx.add(finding(code, 'secret', 'high', `${what} assigned to "${name}" (${mask(value)})`, start, end));
}

const NAME_DONE = 'secret.assignment.nameEnd';

/**
 * Keyword handler for secret-looking names (`db_password`, `clientSecret`, `x-api-key`, `"apiKey"`):
 * finds the whole name around the keyword, then a `=`/`:` connector, then the value.
 */
export function matchAssignment(ctx: ScanContext, at: number): void {
  const text = ctx.text;
  // One name may hold several keywords (secret_access_key); handle it once.
  if (at < ((ctx.state.get(NAME_DONE) as number | undefined) ?? -1)) return;
  let s = at;
  while (s > 0 && at - s < 64 && inSet(NAME_CHAR, text.charCodeAt(s - 1))) s--;
  let e = at;
  while (e < text.length && e - at < 64 && inSet(NAME_CHAR, text.charCodeAt(e))) e++;
  ctx.state.set(NAME_DONE, e);
  if (markupValue(ctx, s, e)) return;
  let j = e;
  while (j < text.length && j - e < 4) {
    const c = text.charCodeAt(j);
    if (!isSpaceCode(c) && !inSet(QUOTE_OR_BRACKET, c)) break;
    j++;
  }
  const c = text.charCodeAt(j);
  if (c !== 61 && c !== 58) return; // '=' or ':'
  if (c === 58 && text.charCodeAt(j + 1) === 47 && text.charCodeAt(j + 2) === 47) return; // scheme://
  const name = text.slice(s, e);
  const cls = classOf(name);
  if (!cls) return;
  let from = j + 1;
  const next = text.charCodeAt(from);
  if (next === 61 || next === 62 || next === 58) from++; // ==, =>, :=
  const v = readValue(text, from);
  if (!v) return;
  // Names inside the value are not assignments of their own: keeps `password=password=…` linear.
  ctx.state.set(NAME_DONE, v.end);
  if (v.end - v.start < 6) return; // too short for any credential (and for `Bearer x`)
  report(ctx, cls, name.replace(/^-+/, ''), v);
}

const XML_VALUE_END = /^[^<>\n]{1,256}(?=<\/)/;
const ATTR_VALUE = /^["']\s{0,3}value\s{0,3}=\s{0,3}["']([^"'\n]{1,256})["']/;

/**
 * Values in markup: `<password>…</password>` (Maven settings.xml) and `key="ClearTextPassword"
 * value="…"` (NuGet.config, appSettings). True when the name was markup (handled here).
 */
function markupValue(ctx: ScanContext, s: number, e: number): boolean {
  const text = ctx.text;
  const before = text.charCodeAt(s - 1);
  const after = text.charCodeAt(e);
  let v: Value | null = null;
  if (before === 60 && after === 62) {
    const m = XML_VALUE_END.exec(text.slice(e + 1, e + 260));
    if (!m) return true;
    const lead = m[0].length - m[0].trimStart().length;
    v = { start: e + 1 + lead, end: e + 1 + m[0].trimEnd().length };
  } else if ((after === 34 || after === 39) && (before === 34 || before === 39)) {
    const m = ATTR_VALUE.exec(text.slice(e, e + 280));
    if (!m?.[1]) return false;
    const start = e + m[0].length - 1 - m[1].length;
    v = { start, end: start + m[1].length };
  } else return false;
  const name = text.slice(s, e);
  const cls = classOf(name);
  if (cls && v.end - v.start >= 6) report(ctx, cls, name, v);
  return true;
}

/** Name parts that make an identifier a secret's name; they may start inside an identifier. */
export const SECRET_NAME_PARTS = [
  'password',
  'passwd',
  'pwd',
  'pass',
  'passphrase',
  'passcode',
  'secret',
  'token',
  'key',
  'apikey',
  'credential',
  'credentials',
  'creds',
  'auth',
  'authorization',
  'authtoken',
  'bearer',
];

const PROSE_PASSWORD =
  /(?:password|passwd|passphrase|passcode|pwd)(?:\s+for\s+[\w@.-]{1,60})?\s{1,3}(?:is|was)\s{1,3}["'`]?([^\s"'`]{4,128})/iy;
const CLI_FLAG =
  /(?:password|passwd|token|secret|api-?key|client-secret|auth-token)\s+["']?([^\s"'`-][^\s"'`]{3,255})/iy;
const BEARER = /bearer\s+([A-Za-z0-9._~+/-]{20,512}=*)/iy;

/** Keyword handler: "the password is hunter2", `--token abc…`, a bare `Bearer abc…`. */
export function matchSecretWords(ctx: ScanContext, at: number, end: number): void {
  const text = ctx.text;
  // Every form needs `--` before the word or whitespace after it: `password=…` is not prose.
  const dashed = text.charCodeAt(at - 1) === 45 && text.charCodeAt(at - 2) === 45;
  if (!dashed && !isSpaceCode(text.charCodeAt(end))) return;
  if (dashed) {
    const m = stickyAt(CLI_FLAG, text, at);
    const g = m?.[1];
    if (m && g) {
      const start = at + m[0].length - g.length;
      const cls = /^pass|^pwd/i.test(m[0]) ? 'password' : 'token';
      if (looksLikeCredential(g, cls))
        report(ctx, cls, m[0].split(/\s/)[0] ?? '', { start, end: start + g.length });
    }
    return;
  }
  const prose = stickyAt(PROSE_PASSWORD, text, at);
  if (prose?.[1]) {
    const value = prose[1].replace(/[.,;:)]+$/, ''); // '!' and '?' are common in passwords: kept
    const start = at + prose[0].length - prose[1].length;
    // Prose needs more than a word: "the password is stored in vault" is not a leak.
    if (/[\d\W_]/.test(value) && looksLikeCredential(value, 'password')) {
      ctx.add(
        finding(
          'secret.password',
          'secret',
          'high',
          `password given in text (${mask(value)})`,
          start,
          start + value.length,
        ),
      );
    }
    return;
  }
  if ((text.charCodeAt(at) | 32) !== 98) return; // only `bearer` is left
  const bearer = stickyAt(BEARER, text, at);
  if (bearer?.[1] && looksLikeCredential(bearer[1], 'token')) {
    const start = at + bearer[0].length - bearer[1].length;
    ctx.add(
      finding(
        'secret.bearer_token',
        'secret',
        'high',
        `bearer token ${mask(bearer[1])}`,
        start,
        start + bearer[1].length,
      ),
    );
  }
}

/** "Login for the sandbox: qa-owner / Hx4$kLm8!pQz1" — a user and a password side by side. */
const LOGIN_PAIR =
  /(?:logins?|credentials?|creds|username\s{0,2}(?:and|&|\/)\s{0,2}password)\b[^:\n]{0,40}:\s{0,3}["'`]?[^\s"'`/|,:]{2,64}["'`]?\s{0,3}[/|,:]\s{0,3}["'`]?([^\s"'`]{6,128})/iy;

export function matchLoginPair(ctx: ScanContext, at: number): void {
  const m = stickyAt(LOGIN_PAIR, ctx.text, at);
  const raw = m?.[1];
  if (!m || !raw) return;
  const password = raw.replace(/[.,;)]+$/, '');
  // A real password mixes letters, digits and symbols; "user / admin" in prose does not.
  if (charClasses(password) < 3 || !looksLikeCredential(password, 'password')) return;
  const start = at + m[0].length - raw.length;
  ctx.add(
    finding(
      'secret.password',
      'secret',
      'high',
      `login and password given in text (${mask(password)})`,
      start,
      start + password.length,
    ),
  );
}
