// Values that look like secrets but are documented examples or placeholders. Docs and READMEs are
// full of them, and holding every message that quotes AWS's example key would teach reviewers to
// click "approve" without reading.
import { shannonEntropy } from './scan.ts';

/** Published example credentials (provider docs, jwt.io, RFCs). */
const EXAMPLES = new Set([
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'AKIAI44QH8DHBEXAMPLE',
  'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
  'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
  'sk_test_BQokikJOvBiI2HlWgH4olfQ2',
  'xoxb-not-a-real-token-this-will-not-work',
]);

/** Substrings (lowercase) that mark a value as a placeholder. */
const MARKERS = [
  'example',
  'dummy',
  'redacted',
  'placeholder',
  'changeme',
  'change_me',
  'change-me',
  'changeit',
  'your_',
  'your-',
  'yourtoken',
  'yourkey',
  'yoursecret',
  'yourpass',
  'sample',
  'notreal',
  'not_real',
  'not-real',
  'not_a_real',
  'not-a-real',
  'fake',
  'xxxx',
  '****',
  '••••',
  '....',
  '…',
  '<your',
  'insert_',
  'insert-',
  'replace_',
  'replace-',
  'replaceme',
  'lorem',
  'foobar',
  'username:password',
  'user:pass',
  'secret_here',
  'token_here',
  'key_here',
  '_here',
  '-here',
  'abcdef1234',
  'abc123',
  '123456789',
];

/** Template and reference syntax: `${TOKEN}`, `{{ secret }}`, `<token>`, `%VAR%`, `$VAR`. */
const TEMPLATE =
  /^(?:\$\{[^}]{0,80}\}|\$\([^)]{0,80}\)|\{\{[^}]{0,80}\}\}|\{[^}]{0,80}\}|<[^>]{0,80}>|%[A-Za-z_]{1,40}%|\$[A-Za-z_][A-Za-z0-9_]{0,60}|\[[^\]]{0,80}\])$/;

/** References to where the real value lives, not the value. */
const REFERENCE =
  /^(?:process\.env|os\.environ|os\.getenv|env\.|ENV\[|secrets\.|vars\.|settings\.|config\.|getenv\(|System\.getenv|!Ref|!Sub|vault:|arn:aws:secretsmanager|ssm:|keyvault:|op:\/\/)/;

// One case-insensitive pass instead of one `includes` per marker: values can be 512 chars long.
const MARKER_RE = new RegExp(MARKERS.map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'i');

export function isExampleValue(value: string): boolean {
  return EXAMPLES.has(value) || MARKER_RE.test(value);
}

export function isTemplateOrReference(value: string): boolean {
  if (TEMPLATE.test(value) || REFERENCE.test(value)) return true;
  return value.includes('${') || value.includes('{{') || (value.startsWith('<') && value.endsWith('>'));
}

/** Long runs of one character or of consecutive characters (`aaaa…`, `abcdef…`, `123456…`). */
export function isLowVariety(body: string, entropy?: number): boolean {
  const n = body.length;
  if (n === 0) return true;
  let steps = 0;
  let repeats = 0;
  for (let i = 1; i < n; i++) {
    const d = body.charCodeAt(i) - body.charCodeAt(i - 1);
    if (d === 1 || d === -1) steps++;
    else if (d === 0) repeats++;
  }
  if ((steps + repeats) / Math.max(1, n - 1) > 0.5) return true;
  return n >= 12 && (entropy ?? shannonEntropy(body)) < 2.5;
}

/** One verdict for the value part of any candidate secret. */
export function isPlaceholder(value: string): boolean {
  return isExampleValue(value) || isTemplateOrReference(value) || isLowVariety(value);
}
