// How long a grant lasts: what the request asked ("for 24 hours", "until Friday", "temporary") and
// what a change sets (`details.expires_in: "1d"`, `ttl_hours: 24`, "expiring after 24 hours" in its
// text). A grant asked for a limited time is out of scope without an expiry or with a longer one.
import type { ConfigChange } from '../model.ts';

/** Hours, or 'limited' when the request or change says it ends but not when. */
export type Span = number | 'limited';

const WORD_NUMBERS: Readonly<Record<string, number>> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  couple: 2,
  few: 3,
  fourteen: 14,
  thirty: 30,
  'twenty-four': 24,
  'forty-eight': 48,
  half: 0.5,
};

const UNIT_HOURS: ReadonlyArray<[RegExp, number]> = [
  [/^(?:s|secs?|seconds?)$/, 1 / 3600],
  [/^(?:m|mins?|minutes?)$/, 1 / 60],
  [/^(?:h|hrs?|hours?)$/, 1],
  [/^(?:d|days?)$/, 24],
  [/^(?:w|wks?|weeks?)$/, 24 * 7],
  [/^(?:mo|mos|months?)$/, 24 * 30],
  [/^(?:y|yrs?|years?)$/, 24 * 365],
];

const unitHours = (u: string): number | null =>
  UNIT_HOURS.find(([re]) => re.test(u.toLowerCase()))?.[1] ?? null;

const NUM = String.raw`(\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|couple(?:\s+of)?|few|fourteen|thirty|twenty-four|forty-eight|half(?:\s+a)?)`;
const UNIT = String.raw`(secs?|seconds?|mins?|minutes?|hrs?|hours?|h|days?|d|wks?|weeks?|w|months?|mos?|years?|yrs?)`;
const AMOUNT = new RegExp(String.raw`\b${NUM}[\s-]*${UNIT}\b`, 'i');
const ISO = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i;

function amount(text: string): number | null {
  const m = AMOUNT.exec(text);
  if (!m) return null;
  const n = m[1]!.toLowerCase().replace(/\s+(?:of|a)$/, '');
  const count = /^\d/.test(n) ? Number(n) : (WORD_NUMBERS[n] ?? null);
  const unit = unitHours(m[2]!);
  return count === null || unit === null ? null : count * unit;
}

/** Named ends: "until Friday", "for the afternoon", "until end of day". */
const NAMED_ENDS: ReadonlyArray<[RegExp, number]> = [
  [
    /\b(?:for\s+the\s+(?:morning|afternoon|evening|day)|until\s+(?:tonight|eod|the\s+end\s+of\s+(?:the\s+)?day|end\s+of\s+(?:the\s+)?day|close\s+of\s+business|cob)|today\s+only|just\s+for\s+today)\b/i,
    24,
  ],
  [/\buntil\s+tomorrow\b/i, 48],
  [
    /\b(?:until|till|til|through)\s+(?:next\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\bfor\s+the\s+week\b|\buntil\s+(?:the\s+)?end\s+of\s+(?:the\s+)?week\b|\beow\b/i,
    24 * 8,
  ],
  [/\buntil\s+(?:the\s+)?end\s+of\s+(?:the\s+)?month\b/i, 24 * 31],
];

/** What the request asked: hours, 'limited' ("temporary access"), or null (no limit named). */
export function requestedSpan(text: string): Span | null {
  const lead = /\b(?:for|only|max(?:imum)?|up\s+to|expir\w*|lasting|valid)\b[^.;]{0,30}/i.exec(text);
  const h = lead ? amount(lead[0]) : null;
  if (h !== null) return h;
  const bare = new RegExp(String.raw`\b${NUM}[\s-]*${UNIT}\s+(?:only|max|access|window|pass)\b`, 'i').exec(
    text,
  );
  if (bare) return amount(bare[0]);
  for (const [re, hours] of NAMED_ENDS) if (re.test(text)) return hours;
  if (/\b(?:temporar(?:y|ily)|time-?boxed|time-?limited|short-?term|expir(?:e|es|ing))\b/i.test(text))
    return 'limited';
  return null;
}

const EXPIRY_KEY = /expir|duration|ttl|until|valid|lifetime|time_?limit|^end|ends?_at|revoke_after|max_age/i;
const NEVER =
  /^(?:never|none|no|null|false|0|permanent(?:ly)?|indefinite(?:ly)?|forever|unlimited|no[-_\s]?expiry|-1)$/i;

/** The span a single detail value gives; the key may carry the unit (`ttl_hours: 24`). */
function valueSpan(key: string, raw: string): Span | 'never' | null {
  const v = raw.trim();
  if (NEVER.test(v)) return 'never';
  const iso = ISO.exec(v);
  if (iso && v.length > 1) {
    const [, y, mo, w, d, h, mi, s] = iso.map((x) => Number(x ?? 0));
    return (
      (y ?? 0) * 8760 +
      (mo ?? 0) * 720 +
      (w ?? 0) * 168 +
      (d ?? 0) * 24 +
      (h ?? 0) +
      (mi ?? 0) / 60 +
      (s ?? 0) / 3600
    );
  }
  if (/^\d+(?:\.\d+)?$/.test(v)) {
    const unit = /(?:^|_)(secs?|seconds?|mins?|minutes?|hrs?|hours?|days?|weeks?|months?)$/i.exec(key)?.[1];
    const per = unit ? unitHours(unit) : null;
    if (per !== null) return Number(v) * per;
    // A bare number under an expiry key: a timestamp, or seconds.
    return Number(v) > 1e9 ? 'limited' : Number(v) / 3600;
  }
  const h = amount(v);
  if (h !== null) return h;
  const named = requestedSpan(`until ${v}`);
  if (named !== null) return named;
  if (/\d{4}-\d{2}-\d{2}/.test(v)) return 'limited';
  return null;
}

/** What a change sets: hours, 'limited', 'never' (explicitly permanent) or null (says nothing). */
export function changeSpan(change: ConfigChange, text: string): Span | 'never' | null {
  const walk = (obj: Record<string, unknown>, depth: number): Span | 'never' | null => {
    for (const [k, v] of Object.entries(obj)) {
      if (v !== null && typeof v === 'object' && !Array.isArray(v) && depth < 3) {
        const inner = walk(v as Record<string, unknown>, depth + 1);
        if (inner !== null) return inner;
      } else if (EXPIRY_KEY.test(k) && v !== undefined) {
        const s = valueSpan(k, v === null ? 'null' : String(v));
        if (s !== null) return s;
      }
    }
    return null;
  };
  const fromDetails = walk(change.details ?? {}, 0);
  if (fromDetails !== null) return fromDetails;
  if (/\b(?:permanent(?:ly)?|no\s+expir\w*|never\s+expires?|indefinite(?:ly)?|forever)\b/i.test(text))
    return 'never';
  return requestedSpan(text);
}

const fmt = (h: Span): string => {
  if (h === 'limited') return 'a limited time';
  if (h >= 48 && h % 24 === 0) return `${h / 24} days`;
  return `${Math.round(h * 10) / 10} hours`;
};

/** Why the change outlasts the request, or null when it does not. */
export function outlasts(asked: Span | null, got: Span | 'never' | null): string | null {
  if (asked === null) return null;
  if (got === null || got === 'never')
    return `grants access with no expiry; the request asked for ${fmt(asked)}`;
  if (asked === 'limited' || got === 'limited') return null;
  // A little slack: "a week" is 7 days, "until Friday" up to 8.
  return got > asked * 1.05 + 1 ? `grants access for ${fmt(got)}; the request asked for ${fmt(asked)}` : null;
}
