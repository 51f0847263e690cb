// Personal data: payment cards, US SSNs, IBANs, bank account / passport / driver-licence numbers
// next to their context words, and contact details in bulk (3+ different people's e-mails or
// phone numbers). One colleague's address or one phone number is ordinary conversation.
import {
  cardNetwork,
  cardShaped,
  ibanChecksumOk,
  ibanLength,
  luhn,
  phoneDigits,
  TEST_CARDS,
  validSsn,
} from './pii-numbers.ts';
import {
  charSet,
  type Family,
  finding,
  inSet,
  isAlnumCode,
  isWordCode,
  type KeywordHandler,
  type ScanContext,
  stickyAt,
} from './scan.ts';

export const BULK_CONTACTS = 3;

/**
 * Digits with the separators people type in numbers; bounded, ends on a digit, and at least eight
 * characters (the shortest phone number with a `+`): shorter numbers never reach JavaScript.
 */
const CLUSTER = /[+(]?\d[\d ().-]{6,30}\d/g;
const TEST_CONTEXT = /\b(?:test|testing|sandbox|dummy|sample|example|fake|staging)\b/i;
const SSN_SHAPE = /^(\d{3})-(\d{2})-(\d{4})$/;
const CARD_CONTEXT =
  /\b(?:cards?|cc|credit|debit|visa|mastercard|amex|pan|lost|stolen|charged?|paid\s+with)\b[^.!?\n]{0,40}$/i;

interface Bulk {
  emails: Map<string, [number, number]>;
  phones: Map<string, [number, number]>;
}

function bulk(ctx: ScanContext): Bulk {
  let b = ctx.state.get('pii') as Bulk | undefined;
  if (!b) {
    b = { emails: new Map(), phones: new Map() };
    ctx.state.set('pii', b);
  }
  return b;
}

function checkCluster(ctx: ScanContext, raw: string, start: number): void {
  const cluster = raw.trimEnd();
  const end = start + cluster.length;
  const digits = cluster.replace(/\D/g, '');
  const ssn = SSN_SHAPE.exec(cluster);
  if (ssn) {
    if (validSsn(ssn[1]!, ssn[2]!, ssn[3]!)) {
      ctx.add(finding('pii.ssn', 'pii', 'high', 'US Social Security number', start, end));
    }
    return;
  }
  if (digits.length >= 12 && digits.length <= 19 && cardShaped(cluster) && luhn(digits)) {
    const network = cardNetwork(digits);
    if (network) {
      // A published test number (4242 4242 4242 4242) described as one belongs to no one; the same
      // number alone may still be pasted from a real record, so it stays a (medium) finding.
      const test = TEST_CARDS.has(digits);
      if (!(test && TEST_CONTEXT.test(ctx.text.slice(Math.max(0, start - 60), start)))) {
        const message = test ? `${network} card number (a published test number)` : `${network} card number`;
        ctx.add(finding('pii.payment_card', 'pii', test ? 'medium' : 'high', message, start, end));
      }
      return;
    }
  }
  // A Luhn-valid number of card length that no network table knows (Mir, RuPay, Verve, a new
  // range) is still a card when the words around it say so ("lost card 2201…", "cc: …").
  if (digits.length >= 13 && digits.length <= 19 && cardShaped(cluster) && luhn(digits)) {
    const before = ctx.text.slice(Math.max(0, start - 60), start);
    if (CARD_CONTEXT.test(before)) {
      ctx.add(finding('pii.payment_card', 'pii', 'high', 'payment card number', start, end));
      return;
    }
  }
  const phone = phoneDigits(cluster);
  if (phone) {
    const phones = bulk(ctx).phones;
    if (!phones.has(phone)) phones.set(phone, [start, end]);
  }
}

function scanDigits(ctx: ScanContext): void {
  const text = ctx.text;
  CLUSTER.lastIndex = 0;
  for (let m = CLUSTER.exec(text); m !== null; m = CLUSTER.exec(text)) {
    const s = m.index;
    const e = s + m[0].length;
    const before = s > 0 ? text.charCodeAt(s - 1) : 32;
    const after = e < text.length ? text.charCodeAt(e) : 32;
    // Inside an identifier, a version (1.2.3), a hex string or a longer run: not a number on its own.
    if (isWordCode(before) || before === 46 || isWordCode(after)) continue;
    if (after === 46 && e + 1 < text.length && isAlnumCode(text.charCodeAt(e + 1))) continue;
    checkCluster(ctx, m[0], s);
  }
}

/** Upper or lower case (people type `de89 3704 …`); mixed case is not an IBAN. */
const IBAN_START = /\b(?:[A-Z]{2}\d{2} ?[A-Z0-9]{4}|[a-z]{2}\d{2} ?[a-z0-9]{4})/g;
const LOWER_ALNUM = charSet('a-z0-9');

function scanIban(ctx: ScanContext): void {
  const text = ctx.text;
  IBAN_START.lastIndex = 0;
  for (let m = IBAN_START.exec(text); m !== null; m = IBAN_START.exec(text)) {
    const s = m.index;
    const lower = text.charCodeAt(s) >= 97;
    const len = ibanLength(text.slice(s, s + 2).toUpperCase());
    if (!len) continue;
    const chars = lower ? LOWER_ALNUM : UPPER_ALNUM;
    let iban = '';
    let e = s;
    while (e < text.length && iban.length < len) {
      const c = text.charCodeAt(e);
      if (inSet(chars, c)) iban += text[e];
      else if (!(c === 32 && inSet(chars, text.charCodeAt(e + 1)))) break;
      e++;
    }
    iban = iban.toUpperCase();
    if (iban.length !== len || (e < text.length && isAlnumCode(text.charCodeAt(e))) || !ibanChecksumOk(iban))
      continue;
    ctx.add(finding('pii.iban', 'pii', 'high', `IBAN (${iban.slice(0, 2)})`, s, e));
    IBAN_START.lastIndex = e;
  }
}

const EMAIL_LOCAL = charSet('A-Za-z0-9._%+-');
const UPPER_ALNUM = charSet('A-Z0-9');
const EMAIL_DOMAIN = /[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}(?![A-Za-z0-9-])/y;
const ROLE_ADDRESS =
  /^(?:no-?reply|do-?not-?reply|support|help|info|admin|security|sales|contact|team|hello|billing|abuse|postmaster|webmaster|privacy|legal|jobs|careers|press|marketing|notifications?|alerts?|ops|devops|it|hr|git|root)$/i;
const PLACEHOLDER_DOMAIN = /^(?:example\.(?:com|org|net)|[\w-]+\.(?:example|test|invalid|localhost))$/i;

function scanEmails(ctx: ScanContext): void {
  const text = ctx.text;
  for (let i = text.indexOf('@'); i !== -1; i = text.indexOf('@', i + 1)) {
    let s = i;
    while (s > 0 && i - s < 64 && inSet(EMAIL_LOCAL, text.charCodeAt(s - 1))) s--;
    if (s === i) continue;
    const dom = stickyAt(EMAIL_DOMAIN, text, i + 1);
    if (!dom) continue;
    const emails = bulk(ctx).emails;
    const email = text.slice(s, i + 1 + dom[0].length).toLowerCase();
    if (emails.has(email) || ROLE_ADDRESS.test(text.slice(s, i)) || PLACEHOLDER_DOMAIN.test(dom[0])) continue;
    emails.set(email, [s, i + 1 + dom[0].length]);
  }
}

function reportBulk(
  ctx: ScanContext,
  items: Map<string, [number, number]>,
  code: string,
  what: string,
): void {
  if (items.size < BULK_CONTACTS) return;
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  for (const [s, e] of items.values()) {
    first = Math.min(first, s);
    last = Math.max(last, e);
  }
  ctx.add(finding(code, 'pii', 'medium', `${items.size} different people's ${what}`, first, last));
}

// Numbers that are only personal data next to their context words.
const NUMBER_TAIL = String.raw`\s{0,3}(?:number|num|no\.?|#)?\s{0,3}(?:is|:|=)?\s{0,3}#?\s{0,2}`;
const BANK = new RegExp(
  String.raw`(?:bank\s+account|account\s*(?:number|num|no\.?|#)|acct\.?|routing\s*(?:number|no\.?)|sort\s+code)${NUMBER_TAIL}(\d[\d -]{4,20}\d)(?!\w)`,
  'iy',
);
const PASSPORT = new RegExp(String.raw`passport${NUMBER_TAIL}([A-Z0-9]{6,9})(?!\w)`, 'iy');
const LICENCE = new RegExp(
  String.raw`(?:driver'?s?\s+licen[cs]e|driving\s+licen[cs]e|DL)${NUMBER_TAIL}([A-Z0-9][A-Z0-9-]{4,18})(?!\w)`,
  'iy',
);
const SSN_CONTEXT = new RegExp(
  String.raw`(?:ssn|social\s+security)${NUMBER_TAIL}(\d{3})[ -]?(\d{2})[ -]?(\d{4})(?!\w)`,
  'iy',
);

function contextHandler(re: RegExp, code: string, label: string, ok: (v: string) => boolean): KeywordHandler {
  return (ctx, at) => {
    const m = stickyAt(re, ctx.text, at);
    const v = m?.[1];
    if (!m || !v || !ok(v)) return;
    const before = ctx.text.slice(Math.max(0, at - 24), at).toLowerCase();
    if (code === 'pii.bank_account' && /aws|gcp|azure|cloud|billing|service/.test(before)) return;
    const start = at + m[0].length - v.length;
    ctx.add(finding(code, 'pii', 'high', label, start, start + v.length));
  };
}

const digitsIn = (v: string): number => v.replace(/\D/g, '').length;
const bank = contextHandler(BANK, 'pii.bank_account', 'bank account number', (v) => {
  const d = digitsIn(v);
  return d >= 6 && d <= 17;
});
const passport = contextHandler(PASSPORT, 'pii.passport', 'passport number', (v) => digitsIn(v) >= 5);
const licence = contextHandler(
  LICENCE,
  'pii.drivers_license',
  "driver's licence number",
  (v) => digitsIn(v) >= 4,
);

const ssnContext: KeywordHandler = (ctx, at) => {
  const m = stickyAt(SSN_CONTEXT, ctx.text, at);
  if (!m || !validSsn(m[1]!, m[2]!, m[3]!)) return;
  const start = at + m[0].search(/\d/);
  ctx.add(finding('pii.ssn', 'pii', 'high', 'US Social Security number', start, at + m[0].length));
};

export const piiFamily: Family = {
  category: 'pii',
  // Phrases rather than "account" or "social": the common words alone would wake these handlers
  // on every other sentence.
  keywords: {
    'bank account': bank,
    'account number': bank,
    'account no': bank,
    'account num': bank,
    'account #': bank,
    acct: bank,
    'routing number': bank,
    'routing no': bank,
    'sort code': bank,
    passport,
    "driver's licen": licence,
    'drivers licen': licence,
    'driver licen': licence,
    'driving licen': licence,
    'dl#': licence,
    'dl number': licence,
    'dl no': licence,
    ssn: ssnContext,
    'social security': ssnContext,
  },
  scan(ctx) {
    scanDigits(ctx);
    scanIban(ctx);
    if (ctx.text.includes('@')) scanEmails(ctx);
  },
  finish(ctx) {
    const b = ctx.state.get('pii') as Bulk | undefined;
    if (!b) return;
    reportBulk(ctx, b.emails, 'pii.bulk_emails', 'e-mail addresses');
    reportBulk(ctx, b.phones, 'pii.bulk_phone_numbers', 'phone numbers');
  },
};
