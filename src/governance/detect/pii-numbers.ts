// Checks for personal numbers: payment cards (Luhn + issuer prefixes), US SSNs (valid ranges),
// IBANs (country length + mod 97) and phone-number shapes.

export function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Issuer (IIN) ranges and the lengths each network issues. */
export function cardNetwork(d: string): string | null {
  const n = d.length;
  const p2 = Number(d.slice(0, 2));
  const p3 = Number(d.slice(0, 3));
  const p4 = Number(d.slice(0, 4));
  const p6 = Number(d.slice(0, 6));
  if (d[0] === '4' && (n === 13 || n === 16 || n === 19)) return 'Visa';
  if (((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) && n === 16) return 'Mastercard';
  if ((p2 === 34 || p2 === 37) && n === 15) return 'American Express';
  if (
    (p4 === 6011 || p2 === 65 || (p3 >= 644 && p3 <= 649) || (p6 >= 622126 && p6 <= 622925)) &&
    n >= 16 &&
    n <= 19
  )
    return 'Discover';
  if ((p2 === 36 || p2 === 38 || p2 === 39 || (p3 >= 300 && p3 <= 305)) && n >= 14 && n <= 19)
    return 'Diners Club';
  if (p4 >= 3528 && p4 <= 3589 && n >= 16 && n <= 19) return 'JCB';
  if (p2 === 62 && n >= 16 && n <= 19) return 'UnionPay';
  if ((p2 === 50 || (p2 >= 56 && p2 <= 69)) && n >= 12 && n <= 19) return 'Maestro';
  return null;
}

/** Published test numbers (Stripe, Braintree, PayPal docs): still cards, but not a person's. */
export const TEST_CARDS = new Set([
  '4111111111111111',
  '4242424242424242',
  '4012888888881881',
  '4000056655665556',
  '5555555555554444',
  '5105105105105100',
  '2223003122003222',
  '378282246310005',
  '371449635398431',
  '6011111111111117',
  '6011000990139424',
  '3056930009020004',
  '36227206271667',
  '3566002020360505',
  '6200000000000005',
]);

/** Groups of a formatted card: one run, or groups of 3–6 split by one kind of separator. */
export function cardShaped(cluster: string): boolean {
  if (/^\d{12,19}$/.test(cluster)) return true;
  const sep = cluster.includes('-') ? '-' : ' ';
  if (cluster.includes('-') && cluster.includes(' ')) return false;
  const groups = cluster.split(sep);
  return groups.length >= 3 && groups.length <= 5 && groups.every((g) => /^\d{3,6}$/.test(g));
}

/** US SSN ranges: area not 000, 666 or 9xx; group not 00; serial not 0000. */
export function validSsn(area: string, group: string, serial: string): boolean {
  if (area === '000' || area === '666' || area[0] === '9') return false;
  return group !== '00' && serial !== '0000';
}

const PHONE_SHAPES = [
  /^\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]?\d{2,4}){1,4}$/, // international, +CC …
  /^(?:1[ .-]?)?(?:\(\d{3}\)[ .-]?|\d{3}[ .-])\d{3}[ .-]\d{4}$/, // North American
  /^0\d{1,4}[ -]\d{3,4}[ -]?\d{3,4}$/, // national with trunk prefix (020 7946 0958)
];

/** Digits of a phone number, or null when the cluster is not phone-shaped. */
export function phoneDigits(cluster: string): string | null {
  const digits = cluster.replace(/\D/g, '');
  const min = cluster.startsWith('+') ? 8 : 10;
  if (digits.length < min || digits.length > 15) return null;
  return PHONE_SHAPES.some((re) => re.test(cluster)) ? digits : null;
}

/** IBAN length per country (ISO 13616 registry). */
const IBAN_LENGTHS: Record<string, number> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  LY: 25,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MR: 27,
  MT: 31,
  MU: 30,
  NL: 18,
  NO: 15,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  SA: 24,
  SC: 31,
  SD: 18,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
};

export const ibanLength = (country: string): number | undefined => IBAN_LENGTHS[country];

/** ISO 7064 mod 97-10 over the rearranged IBAN, computed piecewise to stay in number range. */
export function ibanChecksumOk(iban: string): boolean {
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const code = ch.charCodeAt(0);
    const v = code >= 65 ? String(code - 55) : ch;
    for (const digit of v) rem = (rem * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return rem === 1;
}
