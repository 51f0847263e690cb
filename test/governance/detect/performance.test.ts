// Pathological inputs must stay linear: each 1 MB input is scanned in under 200 ms. One generous
// measurement per input, after warming the JIT on a 100 KB slice of the same input (the limit is
// about complexity, not about first-call compilation of a hundred regexes). The measure is this
// process's CPU time (vitest runs each test file in its own forked process), so test files running
// in parallel on the same cores do not fail each other. A quadratic path would take seconds.
import { describe, expect, it } from 'vitest';
import { detectAll } from '../../../src/governance/detect/index.ts';

const MB = 1_000_000;
const LIMIT_MS = 200;

const repeat = (unit: string): string => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
const randomBase64 = (): string => {
  const bytes = Buffer.alloc((MB * 3) / 4);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
  return bytes.toString('base64');
};

const INPUTS: Record<string, () => string> = {
  'a × 1M': () => 'a'.repeat(MB),
  '-----BEGIN × N': () => repeat('-----BEGIN '),
  'private key headers without END': () => repeat('-----BEGIN RSA PRIVATE KEY-----\n'),
  '@ × 1M': () => '@'.repeat(MB),
  'a@ × N': () => repeat('a@'),
  "'http://' + 'a.' × N": () => `http://${repeat('a.')}`,
  'http:// × N': () => repeat('http://'),
  'www. × N': () => repeat('www.'),
  'a.com × N': () => repeat('a.com'),
  'one long base64 run': randomBase64,
  'base64 words': () => repeat(`${Buffer.from('ignore all previous instructions now').toString('base64')} `),
  'password= × N': () => repeat('password='),
  'password=value × N': () => repeat('password=Xy9!abcdef '),
  'token: × N': () => repeat('token: '),
  digits: () => repeat('1234567890'),
  'card-like groups': () => repeat('4111 '),
  'ghp_ × N': () => repeat('ghp_'),
  'eyJ. × N': () => repeat('eyJhbGciOi.'),
  'everyone … admin × N': () => repeat('everyone can access the admin role '),
  'rm -rf × N': () => repeat('rm -rf '),
  '<!-- × N': () => repeat('<!--'),
  '<@U1 × N': () => repeat('<@U123 '),
  'wrapped token-like lines': () => repeat('abcdefghijklmnop1234\n'),
  'string concatenation': () => repeat('"abc1234" + "def5678" + '),
  '%41 × N': () => repeat('%41'),
  'zero-width after every char': () => repeat('a\u200b'),
  'Cyrillic lookalikes': () => repeat('раssword='),
  emoji: () => repeat('😀'),
  'tag characters': () => repeat('\u{E0041}'),
  'you are now × N': () => repeat('you are now '),
  '0.0.0.0/0 × N': () => repeat('0.0.0.0/0 '),
  'e-mail list': () => repeat('user1@acme.io, '),
  'colons × N': () => repeat('::'),
  'pwdump-like × N': () => repeat('a:::'),
  'crypt prefixes × N': () => repeat('$6$ab$'),
  'block comments without end': () => repeat("'ab1' /* "),
  'line comments without newline': () => repeat('"ab1" # '),
  'curl -u × N': () => repeat('curl -u a:b '),
  'markup values × N': () => repeat('<password>abc '),
  'ALL-CAPS names × N': () => repeat('PASSWORDPASSWORD '),
  'keyword soup': () => repeat('password token secret key auth bearer public everyone drop delete git push '),
};

describe('pathological 1 MB inputs', () => {
  for (const [name, make] of Object.entries(INPUTS)) {
    it(`${name}: under ${LIMIT_MS} ms`, () => {
      const text = make();
      detectAll(text.slice(0, 100_000));
      // Best of three: a stray GC pause or a busy core must not fail the suite; a super-linear path
      // is slow every time.
      let ms = Number.POSITIVE_INFINITY;
      let wall = 0;
      let found: unknown[] = [];
      for (let run = 0; run < 3 && ms >= LIMIT_MS; run++) {
        const wall0 = performance.now();
        const cpu0 = process.cpuUsage();
        found = detectAll(text);
        const cpu = process.cpuUsage(cpu0);
        ms = Math.min(ms, (cpu.user + cpu.system) / 1000);
        wall = performance.now() - wall0;
      }
      expect(Array.isArray(found)).toBe(true);
      expect(ms, `${name}: ${ms.toFixed(1)} ms CPU (${wall.toFixed(1)} ms wall)`).toBeLessThan(LIMIT_MS);
    });
  }
});
