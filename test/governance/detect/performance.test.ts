// Pathological inputs must stay linear: each 1 MB input is scanned in under 200 ms of CPU, or, when a
// loaded machine inflates that, in at most 8× the CPU time of a quarter of it (4× is linear, 16× is
// quadratic). Measured after warming the JIT on a 100 KB slice of the same input (the limit is about
// complexity, not about first-call compilation of a hundred regexes), as this process's CPU time
// (vitest runs each test file in its own forked process). A quadratic path would take seconds.
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

/** Best-of-three CPU milliseconds of this process for scanning `text`. */
function cpuMs(text: string): number {
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 3; run++) {
    const cpu0 = process.cpuUsage();
    detectAll(text);
    const cpu = process.cpuUsage(cpu0);
    best = Math.min(best, (cpu.user + cpu.system) / 1000);
  }
  return best;
}

describe('pathological 1 MB inputs', () => {
  for (const [name, make] of Object.entries(INPUTS)) {
    it(`${name}: under ${LIMIT_MS} ms, or linear when the machine is busy`, () => {
      const text = make();
      const found = detectAll(text.slice(0, 100_000));
      expect(Array.isArray(found)).toBe(true);
      // Best of three: a stray GC pause or a busy core must not fail the suite; a super-linear path
      // is slow every time.
      const full = cpuMs(text);
      if (full < LIMIT_MS) return;
      // Over the limit: on a loaded machine CPU time inflates too (GC helper threads, cache misses), so
      // decide on the shape instead. A quarter of the input must cost at least an eighth as much: linear
      // scanning costs 4× for 4× the input, a quadratic path 16×.
      const quarter = cpuMs(text.slice(0, text.length / 4));
      expect(
        full,
        `${name}: ${full.toFixed(1)} ms CPU for 1 MB, ${quarter.toFixed(1)} ms for 250 KB (quadratic?)`,
      ).toBeLessThan(Math.max(LIMIT_MS, 8 * quarter + 20));
    });
  }
});
