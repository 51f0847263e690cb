// Value generators for the generated detector corpus: every credential, hash and personal number is
// built here from a seeded PRNG (random bodies, valid check digits). None is copied from a scanner's
// test data or from a provider's documentation; none works anywhere.
import { seeded } from '../../test/governance/detect/fakes.ts';

export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const DIGITS = '0123456789';
export const ALNUM = UPPER + LOWER + DIGITS;
export const LOWER_ALNUM = LOWER + DIGITS;
export const UPPER_ALNUM = UPPER + DIGITS;
export const HEX = '0123456789abcdef';
export const B64 = `${ALNUM}+/`;
export const URLSAFE = `${ALNUM}_-`;
export const CRYPT64 = `./${DIGITS}${UPPER}${LOWER}`;

export interface Rng {
  next(): number;
  int(lo: number, hi: number): number;
  pick<T>(xs: readonly T[]): T;
  chars(n: number, alphabet?: string): string;
  /** A password people would choose for a service account: mixed classes, 10–18 characters. */
  password(): string;
  uuid(): string;
}

export function rng(seed: number): Rng {
  const next = seeded(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const chars = (n: number, alphabet = ALNUM): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(next() * alphabet.length)];
    return s;
  };
  const password = (): string => {
    const symbols = '!#%^*-_+?.';
    let p = chars(int(3, 6), UPPER + LOWER) + chars(int(2, 4), DIGITS) + pick(symbols.split(''));
    p += chars(int(3, 6), ALNUM);
    return p;
  };
  const uuid = (): string =>
    `${chars(8, HEX)}-${chars(4, HEX)}-4${chars(3, HEX)}-${pick(['8', '9', 'a', 'b'])}${chars(3, HEX)}-${chars(12, HEX)}`;
  return { next, int, pick, chars, password, uuid };
}

export function luhnDigit(body: string): string {
  let sum = 0;
  let double = true;
  for (let i = body.length - 1; i >= 0; i--) {
    let d = body.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return String((10 - (sum % 10)) % 10);
}

/** A Luhn-valid number of `length` digits starting with `prefix`. */
export function cardNumber(r: Rng, prefix: string, length: number): string {
  const body = prefix + r.chars(length - prefix.length - 1, DIGITS);
  return body + luhnDigit(body);
}

/** A number that fails Luhn (an order id, a reference). */
export function nonLuhn(r: Rng, length: number, first = '1'): string {
  const body = first + r.chars(length - 2, DIGITS);
  const good = Number(luhnDigit(body));
  return body + String((good + r.int(1, 9)) % 10);
}

const CARD_PREFIXES: readonly [string, string, number][] = [
  ['Visa', '4', 16],
  ['Visa', '4', 13],
  ['Mastercard', '5', 16],
  ['Mastercard', '22', 16],
  ['American Express', '37', 15],
  ['American Express', '34', 15],
  ['Discover', '6011', 16],
  ['Discover', '65', 16],
  ['JCB', '35', 16],
  ['Diners Club', '36', 14],
  ['UnionPay', '62', 16],
  ['Maestro', '67', 16],
];

export function anyCard(r: Rng): { network: string; number: string } {
  const [network, p, len] = r.pick(CARD_PREFIXES);
  let prefix = p;
  if (prefix === '5') prefix += r.pick(['1', '2', '3', '4', '5']);
  if (prefix === '22') prefix += r.pick(['21', '50', '70']);
  if (prefix === '35') prefix += r.pick(['28', '40', '89']);
  return { network, number: cardNumber(r, prefix, len) };
}

/** Groups a card the way it is printed: 4-4-4-4, Amex 4-6-5, or none. */
export function groupCard(n: string, sep: string): string {
  if (n.length === 15) return [n.slice(0, 4), n.slice(4, 10), n.slice(10)].join(sep);
  return n.match(/.{1,4}/g)!.join(sep);
}

const IBAN_FORMATS: readonly [string, number, string][] = [
  // country, length, body alphabet ('9' digits only, 'A' upper alnum for bank codes)
  ['DE', 22, '9'],
  ['FR', 27, '9'],
  ['GB', 22, 'A'],
  ['NL', 18, 'A'],
  ['ES', 24, '9'],
  ['IT', 27, 'A'],
  ['BE', 16, '9'],
  ['CH', 21, '9'],
  ['AT', 20, '9'],
  ['IE', 22, 'A'],
  ['PL', 28, '9'],
  ['SE', 24, '9'],
];

function mod97(s: string): number {
  let rem = 0;
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    const v = code >= 65 ? String(code - 55) : ch;
    for (const d of v) rem = (rem * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return rem;
}

/** A valid IBAN (mod-97 check digits) for a random supported country. */
export function iban(r: Rng): string {
  const [cc, len, kind] = r.pick(IBAN_FORMATS);
  const n = len - 4;
  let bban: string;
  if (kind === 'A') bban = r.chars(4, UPPER) + r.chars(n - 4, DIGITS);
  else bban = r.chars(n, DIGITS);
  const check = 98 - mod97(`${bban}${cc}00`);
  return `${cc}${String(check).padStart(2, '0')}${bban}`;
}

export const groupIban = (s: string, sep = ' '): string => s.match(/.{1,4}/g)!.join(sep);

/** A US SSN in the valid ranges. */
export function ssn(r: Rng): string {
  let area = r.int(1, 899);
  if (area === 666) area = 667;
  return `${String(area).padStart(3, '0')}-${String(r.int(1, 99)).padStart(2, '0')}-${String(r.int(1, 9999)).padStart(4, '0')}`;
}

export const b64 = (s: string): string => Buffer.from(s).toString('base64');
export const b64url = (s: string): string => Buffer.from(s).toString('base64url');
export const hex = (s: string): string => Buffer.from(s).toString('hex');
