// Splits a request into clauses: quotes and code set aside (someone else's words), task lists and
// their selection ("do 1 and 3"), sentences, the dictated message after ':' / 'that' / 'saying', and
// several requests joined by "and", "then", ';' or ", don't …".
import { isVerbStem } from './intent.ts';
import { stem } from './lexicon.ts';

export interface Piece {
  /** The request part: what to do and to whom. */
  text: string;
  /** What the message should say, when the clause dictates one. */
  content: string;
  item: number | null;
  selected: boolean;
}

export interface SplitRequest {
  pieces: Piece[];
  /** Quoted passages; `\u0000Q<i>\u0000` in piece text stands for quoted[i]. */
  quoted: string[];
  /** The request without quotes and code, for request-wide markers (broadcast, privacy). */
  plain: string;
}

const QUOTE =
  /```[\s\S]*?```|`[^`\n]+`|“[^”]*”|«[^»]*»|"[^"\n]*"|(?<=^|[\s([{,:;])'(?=\S)[^'\n]*?[^\s'\\]'(?=$|[\s.,;:!?)\]}])|‘[^’\n]*’/g;

/** Replace quoted text and code with placeholders; blockquote lines (`> …`) are dropped. */
function setAside(text: string, quoted: string[]): string {
  const noBlock = text.replace(/^\s*>.*$/gm, ' ');
  return noBlock.replace(QUOTE, (q) => {
    const inner = q.replace(/^(```|`|“|«|"|'|‘)/, '').replace(/(```|`|”|»|"|'|’)$/, '');
    quoted.push(inner.trim());
    // A quoted sentence ends the sentence it sits in: `asked: "Can someone post it?" Reply to her…`.
    return `\u0000Q${quoted.length - 1}\u0000${/[.?!]\s*$/.test(inner) ? '.' : ''}`;
  });
}

const ORDINALS: Record<string, string> = {
  first: '1',
  second: '2',
  third: '3',
  fourth: '4',
  fifth: '5',
  sixth: '6',
  seventh: '7',
  eighth: '8',
  ninth: '9',
  tenth: '10',
  last: 'last',
};
const NUMS = String.raw`#?(\d+|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last)((?:\s*(?:,|and|&|or|plus|-|–|to|through)\s*(?:the\s+)?#?(?:\d+|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last))*)`;
const SELECT = new RegExp(
  String.raw`\b(?:do|run|handle|complete|execute|perform|only|just|items?|tasks?|steps?|points?|numbers?)\s+(?:the\s+)?(?:(?:items?|tasks?|steps?|points?|numbers?|no\.?)\s+)?${NUMS}\b`,
  'gi',
);
const SKIP = new RegExp(
  String.raw`\b(?:skip|except|ignore|leave\s+out|excluding|but\s+not|not|don't\s+do|do\s+not\s+do)\s+(?:the\s+)?(?:(?:items?|tasks?|steps?|numbers?)\s+)?${NUMS}\b`,
  'gi',
);

function numbersIn(match: string, count: number): number[] {
  const out: number[] = [];
  const words = match
    .toLowerCase()
    .match(/\d+|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last/g);
  const vals = (words ?? []).map((w) => (ORDINALS[w] === 'last' ? count : Number(ORDINALS[w] ?? w)));
  const range = /\d\s*(?:-|–|to|through)\s*\d/.test(match);
  if (range && vals.length === 2) for (let n = vals[0]!; n <= vals[1]!; n++) out.push(n);
  else out.push(...vals);
  return out.filter((n) => n >= 1 && n <= count);
}

const LIST_ITEM = /^\s*(?:(\d+)[.)]|[-*•]|\[[ xX]?\])\s+(.*)$/;
const HEADERS =
  /^(?:note|notes|fyi|ps|context|background|update|heads up|todo|to-?do|tasks?|request|re|subject|ask)$/i;

/** Where the dictated message starts inside a clause: 'that'/'saying'/'know' past the lead verb. */
/** Nouns a relative "that" attaches to: "the channel that has the most members" is not a message. */
const RELATIVE_HEADS = new Set(
  `channel channels room rooms thread threads one person user people members question message post topic
  category space group ticket issue doc page file everyone anyone someone whoever server forum`.split(/\s+/),
);

/** First words of a relative clause ("that has the most members", "that we use for launches"). */
const RELATIVE_STARTS = new Set(
  `has have had is was gets got sees contains includes hosts belongs owns we you i they he she people
  everyone most nobody no uses handles covers`.split(/\s+/),
);

function contentStart(s: string): number {
  const marker = /\s(?:saying|stating|telling\s+(?:them|him|her)|explaining\s+that|that|know|[-–—])\s/gi;
  const words = s.trimStart().split(/\s+/);
  let at = -1;
  for (const m of s.matchAll(marker)) {
    const before = s.slice(0, m.index).trim().split(/\s+/);
    if (words.length <= 2 || before.length < 2) continue;
    const prev = (before[before.length - 1] ?? '').toLowerCase();
    const next = (s.slice(m.index + m[0].length).match(/^[\w']+/)?.[0] ?? '').toLowerCase();
    if (/^\s*that\s$/i.test(m[0]) && RELATIVE_HEADS.has(prev) && RELATIVE_STARTS.has(next)) continue;
    // "add her to that channel": a demonstrative, not the start of a message.
    if (/^\s*that\s$/i.test(m[0]) && RELATIVE_HEADS.has(next)) continue;
    at = m.index;
    break;
  }
  // "let the team know in #eng that …": the place after 'know' is still part of the request.
  const where = at >= 0 ? /^\s+know\s+(?:in|on|via|over|through|by)\s+\S+/i.exec(s.slice(at)) : null;
  if (where) at += where[0].length;
  return at;
}

/** A verb in its base form: "and post" starts a request, "and looks good" continues a statement. */
function imperative(word: string): boolean {
  if (!word || /(?:ed|ing)$/.test(word)) return false;
  if (/[^s]s$/.test(word) && isVerbStem(stem(word.slice(0, -1)))) return false;
  return isVerbStem(stem(word));
}

/** Split a sentence's request part where another request starts. */
function splitClauses(s: string): string[] {
  const out: string[] = [];
  const re =
    /\s*;\s*|,?\s+(?:and\s+then|and\s+also|but\s+also|but|then|also)\s+|,?\s+and\s+|,\s+|\s+[-–—]+\s+|\s+(?=(?:before|after|once|until|unless|because|since|while|so\s+that|if|whether)\s)/gi;
  let last = 0;
  for (const m of s.matchAll(re)) {
    const rest = s.slice(m.index + m[0].length);
    const next = /^(?:(?:please|just|also|but|and|so)\s+)*([A-Za-z']+)/i.exec(rest)?.[1]?.toLowerCase() ?? '';
    const sub = /^(?:before|after|once|until|unless|because|since|while|so|if|whether)$/.test(next);
    const neg = /^(?:don't|dont|do|never|not|no)$/.test(next);
    const hard = /^\s*;|then|but|and|[-–—]/i.test(m[0]);
    // A bare comma splits only before a request of three words or more ("…, comment access" does not).
    const long = hard || rest.trim().split(/\s+/).length >= 3;
    if (sub || neg || (imperative(next) && long)) {
      out.push(s.slice(last, m.index));
      last = m.index + m[0].length;
    }
  }
  out.push(s.slice(last));
  return out.map((x) => x.trim()).filter(Boolean);
}

function sentencePieces(sentence: string, item: number | null, selected: boolean): Piece[] {
  let s = sentence.trim();
  const header = /^([^:]{1,40}):\s+(.*)$/.exec(s);
  if (header && HEADERS.test(header[1]!.trim())) s = header[2]!;
  // Text after the first colon is the dictated message; it is never split into requests.
  const colon = /(?<!<)[:]\s(?!\/)/.exec(s);
  const head = colon ? s.slice(0, colon.index) : s;
  const tail = colon ? s.slice(colon.index + colon[0].length).trim() : '';
  const clauses = splitClauses(head);
  return clauses.map((c, i) => {
    const at = contentStart(c);
    const text = at >= 0 ? c.slice(0, at) : c;
    let content =
      at >= 0
        ? c
            .slice(at)
            .replace(/^\s*(?:saying|stating|telling\s+\w+|explaining\s+that|that|know|[-–—])\s*/i, '')
        : '';
    if (i === clauses.length - 1 && tail) content = content ? `${content}: ${tail}` : tail;
    return { text: text.trim(), content: content.trim(), item, selected };
  });
}

const SENTENCE = /(?<=[.!?])\s+(?=[A-Z<@#"'“\d])|(?<=[!?])\s+/;

export function splitRequest(text: string): SplitRequest {
  const quoted: string[] = [];
  const plain = setAside(text, quoted);
  const lines = plain.split(/\r?\n/);
  const items: { n: number; text: string }[] = [];
  const prose: string[] = [];
  let order = 0;
  for (const line of lines) {
    const m = LIST_ITEM.exec(line);
    if (m) {
      order += 1;
      items.push({ n: m[1] ? Number(m[1]) : order, text: m[2] ?? '' });
    } else if (line.trim()) prose.push(line);
  }
  let chosen: Set<number> | null = null;
  if (items.length > 1) {
    const proseText = prose.join(' ');
    // "I'll do 1 myself" selects item 1 for the requester, so the agent skips it.
    const mine = prose.flatMap((p) => p.split(SENTENCE)).filter((x) => /^\s*(?:i|we)\b/i.test(x));
    const theirs = proseText
      .split(SENTENCE)
      .filter((x) => !/^\s*(?:i|we)\b/i.test(x))
      .join(' ');
    const picked = [...theirs.matchAll(SELECT)].flatMap((m) => numbersIn(m[0], items.length));
    const skipped = [
      ...[...proseText.matchAll(SKIP)].flatMap((m) => numbersIn(m[0], items.length)),
      ...mine.flatMap((x) => [...x.matchAll(SELECT)].flatMap((m) => numbersIn(m[0], items.length))),
    ];
    if (picked.length) chosen = new Set(picked);
    else if (skipped.length) chosen = new Set(items.map((i) => i.n));
    for (const n of skipped) chosen?.delete(n);
  }
  const pieces: Piece[] = [];
  for (const p of prose) {
    for (const sentence of p.split(SENTENCE)) {
      // A sentence that only selects list items ("Do 1 and 3.") is not a request of its own.
      if (items.length > 1 && (SELECT.test(sentence) || SKIP.test(sentence))) {
        SELECT.lastIndex = 0;
        SKIP.lastIndex = 0;
        if (!/[a-z]{3,}\s+(?:to|in|with)\s/i.test(sentence.replace(SELECT, '').replace(SKIP, ''))) continue;
      }
      SELECT.lastIndex = 0;
      SKIP.lastIndex = 0;
      pieces.push(...sentencePieces(sentence.replace(/[.!]+\s*$/, ''), null, true));
    }
  }
  for (const it of items) {
    const selected = chosen === null || chosen.has(it.n);
    for (const sentence of it.text.split(SENTENCE)) {
      pieces.push(...sentencePieces(sentence.replace(/[.!]+\s*$/, ''), it.n, selected));
    }
  }
  return { pieces, quoted, plain: plain.replace(/\u0000Q\d+\u0000/g, ' ') };
}
