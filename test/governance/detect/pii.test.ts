import { describe, expect, it } from 'vitest';
import { detectPii } from '../../../src/governance/detect/index.ts';
import { codes, slices } from './helpers.ts';

/** Appends the Luhn check digit to a partial card number. */
function withLuhn(partial: string): string {
  for (let d = 0; d <= 9; d++) {
    const candidate = partial + d;
    let sum = 0;
    for (let i = 0; i < candidate.length; i++) {
      let v = Number(candidate[candidate.length - 1 - i]);
      if (i % 2 === 1) {
        v *= 2;
        if (v > 9) v -= 9;
      }
      sum += v;
    }
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}

const group = (digits: string, sep: string, sizes: number[]): string => {
  const out: string[] = [];
  let at = 0;
  for (const n of sizes) {
    out.push(digits.slice(at, at + n));
    at += n;
  }
  return out.join(sep);
};

describe('payment cards', () => {
  const visa = withLuhn('453201511283036');
  const mastercard = withLuhn('522222123456789');
  const amex = withLuhn('34987654321098');

  it.each([
    ['plain', visa],
    ['spaces', group(visa, ' ', [4, 4, 4, 4])],
    ['dashes', group(mastercard, '-', [4, 4, 4, 4])],
    ['amex grouping', group(amex, ' ', [4, 6, 5])],
  ])('finds a card (%s) and spans it', (_, card) => {
    const text = `my card is ${card}, exp 04/27`;
    const hits = detectPii(text);
    expect(codes(hits)).toEqual(['pii.payment_card']);
    expect(slices(text, hits)).toEqual([card]);
    expect(hits[0]).toMatchObject({ category: 'pii', severity: 'high' });
    expect(hits[0]!.value).toBeUndefined();
  });

  it('does not report a published test number described as a test card', () => {
    expect(detectPii('For staging checkout, the published test number 4242 4242 4242 4242 works.')).toEqual(
      [],
    );
    expect(detectPii('card 4111 1111 1111 1111')).toMatchObject([
      { code: 'pii.payment_card', severity: 'medium' },
    ]);
  });

  it.each([
    ['bad Luhn', `${visa.slice(0, 15)}${(Number(visa[15]) + 1) % 10}`],
    ['no issuer', withLuhn('123456789012345')],
    ['order number', 'order #98765432109876'],
    ['timestamps', '1711000000.000100 and 1711000000.000200'],
    ['version', 'v4111.1111.1111.1111'],
    ['mixed separators', '4532-0151 1283-0366'],
  ])('no card: %s', (_, text) => {
    expect(detectPii(text).filter((f) => f.code === 'pii.payment_card')).toEqual([]);
  });
});

describe('US SSN', () => {
  it('finds valid-range numbers', () => {
    const text = 'SSN 536-22-1234 on file';
    expect(slices(text, detectPii(text))).toEqual(['536-22-1234']);
  });

  it.each(['000-12-3456', '666-12-3456', '912-12-3456', '536-00-1234', '536-22-0000'])(
    'rejects %s',
    (ssn) => {
      expect(detectPii(`number ${ssn}`)).toEqual([]);
    },
  );

  it('finds an undashed SSN only next to its context words', () => {
    expect(codes(detectPii('her social security number is 536221234'))).toEqual(['pii.ssn']);
    expect(detectPii('ticket 536221234 was closed')).toEqual([]);
  });
});

describe('IBAN', () => {
  it('finds valid IBANs with and without spaces', () => {
    for (const iban of [
      'DE89 3704 0044 0532 0130 00',
      'GB82WEST12345698765432',
      'FR14 2004 1010 0505 0001 3M02 606',
    ]) {
      const text = `please wire it to ${iban} today`;
      expect(slices(text, detectPii(text)), iban).toEqual([iban]);
    }
  });

  it('rejects a bad checksum or a wrong length', () => {
    expect(detectPii('DE88 3704 0044 0532 0130 00')).toEqual([]);
    expect(detectPii('DE89 3704 0044 0532 0130')).toEqual([]);
  });
});

describe('numbers that need context', () => {
  it.each([
    ['account number: 12345678901', 'pii.bank_account', '12345678901'],
    ['routing number 021000021', 'pii.bank_account', '021000021'],
    ['Passport No. X12345678', 'pii.passport', 'X12345678'],
    ["driver's license D1234-5678-9012", 'pii.drivers_license', 'D1234-5678-9012'],
  ])('%s', (text, code, value) => {
    const hits = detectPii(text);
    expect(codes(hits)).toEqual([code]);
    expect(slices(text, hits)).toEqual([value]);
  });

  it('ignores the same numbers without context, and cloud account ids', () => {
    expect(detectPii('build 12345678901 finished')).toEqual([]);
    expect(detectPii('the AWS account number 123456789012 owns the bucket')).toEqual([]);
  });
});

describe('personal data in bulk', () => {
  it('reports three or more different people’s e-mail addresses as one finding', () => {
    const text = 'Attendees: priya.n@acme.io, sam.k@acme.io, lee.w@partner.co — thanks!';
    const hits = detectPii(text);
    expect(codes(hits)).toEqual(['pii.bulk_emails']);
    expect(text.slice(hits[0]!.span[0], hits[0]!.span[1])).toBe(
      'priya.n@acme.io, sam.k@acme.io, lee.w@partner.co',
    );
  });

  it('reports three or more phone numbers', () => {
    const text = 'Call +1 415 555 0100, (212) 555-0199 or +44 20 7946 0958.';
    expect(codes(detectPii(text))).toEqual(['pii.bulk_phone_numbers']);
  });

  it('does not report one colleague’s address, one phone number, or role addresses', () => {
    expect(detectPii('Ping priya.n@acme.io if it breaks')).toEqual([]);
    expect(detectPii('Ping priya.n@acme.io or call +1 415 555 0100')).toEqual([]);
    expect(detectPii('Write to support@acme.io, security@acme.io or noreply@acme.io')).toEqual([]);
    expect(detectPii('priya@acme.io and priya@acme.io and PRIYA@acme.io')).toEqual([]);
    expect(detectPii('user1@example.com, user2@example.com, user3@example.com')).toEqual([]);
  });

  it('does not read dates, times or versions as phone numbers', () => {
    expect(
      detectPii('2024-01-15 10:30, 2024-02-16 11:45, 2024-03-17 12:00, v1.2.3, 192.168.100.200'),
    ).toEqual([]);
  });
});
