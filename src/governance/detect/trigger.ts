// Keyword triggers for all enabled families in one pass. A large case-insensitive alternation
// costs V8 several nanoseconds per character whatever it matches, and so does a loop that looks
// for word starts (the branch on "is this a word start" is unpredictable). The pass therefore
// checks the case-folded trigram at EVERY position against a table of keyword-start trigrams —
// branch-free until a rare hit — and only on a hit checks the word boundary and walks a typed
// array trie of the keywords. Linear in the text; keywords start with a word character and have
// at least three characters.
import type { Family, KeywordHandler, ScanContext } from './scan.ts';

/** Keywords compiled into an array trie; node 0 is the root. */
interface KeywordTrie {
  /** children[node * SYMBOLS + symbol] = child node, 0 = none. */
  readonly children: Int32Array;
  /** Handlers of the keyword ending at a node (merged with its prefix keywords), or undefined. */
  readonly handlers: ReadonlyArray<readonly KeywordHandler[] | undefined>;
  readonly maxLength: number;
}

interface Trigger {
  /** Keywords tried at word starts (all keywords). */
  readonly start: KeywordTrie | null;
  /** Name keywords, also tried after `_` and at camelCase humps inside identifiers. */
  readonly inner: KeywordTrie | null;
  /** trigram → START_BIT | INNER_BIT for the first three characters of the keywords. */
  readonly trigrams: Uint8Array;
}

const START_BIT = 1;
const INNER_BIT = 2;

/** Case-folded code 1..63 for characters that occur in keywords; 0 for everything else. */
const FOLD = new Uint8Array(65536);
{
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_ :#.'/$=&@";
  for (let k = 0; k < alphabet.length; k++) {
    const c = alphabet.charCodeAt(k);
    FOLD[c] = k + 1;
    if (c >= 97 && c <= 122) FOLD[c - 32] = k + 1;
  }
}
const WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  WORD[c] = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 ? 1 : 0;
}

const SYMBOLS = 64;
const fold = (c: number): number => FOLD[c] ?? 0;
const trigramOf = (word: string): number =>
  (fold(word.charCodeAt(0)) << 12) | (fold(word.charCodeAt(1)) << 6) | fold(word.charCodeAt(2));

const cache = new WeakMap<readonly Family[], Trigger>();

function compile(table: Map<string, KeywordHandler[]>): KeywordTrie | null {
  if (table.size === 0) return null;
  const children: number[] = new Array(SYMBOLS).fill(0);
  const own: (KeywordHandler[] | undefined)[] = [undefined];
  let maxLength = 0;
  for (const [word, list] of table) {
    let node = 0;
    for (let k = 0; k < word.length; k++) {
      const sym = fold(word.charCodeAt(k));
      if (sym === 0) throw new Error(`keyword "${word}" has a character the keyword trie does not know`);
      let next = children[node * SYMBOLS + sym] ?? 0;
      if (next === 0) {
        next = own.length;
        own.push(undefined);
        for (let j = 0; j < SYMBOLS; j++) children.push(0);
        children[node * SYMBOLS + sym] = next;
      }
      node = next;
    }
    own[node] = [...(own[node] ?? []), ...list];
    maxLength = Math.max(maxLength, word.length);
  }
  // A keyword fires whenever the text starts with it, so a node's handlers include those of the
  // keywords ending above it on the path ('passwords' → 'password' → 'pass').
  const handlers: (KeywordHandler[] | undefined)[] = new Array(own.length).fill(undefined);
  const visit = (node: number, inherited: KeywordHandler[]): void => {
    const here = own[node] ? [...new Set([...inherited, ...(own[node] ?? [])])] : inherited;
    if (own[node]) handlers[node] = here;
    for (let sym = 1; sym < SYMBOLS; sym++) {
      const child = children[node * SYMBOLS + sym] ?? 0;
      if (child !== 0) visit(child, here);
    }
  };
  visit(0, []);
  return { children: Int32Array.from(children), handlers, maxLength };
}

function collect(
  into: Map<string, KeywordHandler[]>,
  table: Readonly<Record<string, KeywordHandler>> | undefined,
): void {
  for (const [word, handler] of Object.entries(table ?? {})) {
    const key = word.toLowerCase();
    if (key.length < 3 || !WORD[key.charCodeAt(0)])
      throw new Error(`keyword "${word}" must be 3+ chars starting with [a-z0-9_]`);
    into.set(key, [...(into.get(key) ?? []), handler]);
  }
}

function build(families: readonly Family[]): Trigger {
  const start = new Map<string, KeywordHandler[]>();
  const inner = new Map<string, KeywordHandler[]>();
  for (const family of families) {
    collect(start, family.keywords);
    collect(start, family.nameKeywords);
    collect(inner, family.nameKeywords);
  }
  const trigrams = new Uint8Array(1 << 18);
  for (const w of start.keys()) trigrams[trigramOf(w)]! |= START_BIT;
  for (const w of inner.keys()) trigrams[trigramOf(w)]! |= INNER_BIT;
  return { start: compile(start), inner: compile(inner), trigrams };
}

/** Walks the trie from `i`; calls the handlers of the longest keyword the text starts with there. */
function fire(trie: KeywordTrie, ctx: ScanContext, i: number): void {
  const { children } = trie;
  const text = ctx.text;
  const limit = Math.min(text.length, i + trie.maxLength);
  let node = 0;
  let found: readonly KeywordHandler[] | undefined;
  let end = i;
  for (let k = i; k < limit; k++) {
    const c = text.charCodeAt(k);
    node = c < 128 ? (children[node * SYMBOLS + (FOLD[c] ?? 0)] ?? 0) : 0;
    if (node === 0) break;
    const h = trie.handlers[node];
    if (h !== undefined) {
      found = h;
      end = k + 1;
    }
  }
  if (found !== undefined) for (const h of found) h(ctx, i, end);
}

/** Calls every family's keyword handlers for each keyword that starts a word in ctx.text. */
export function runKeywords(ctx: ScanContext, families: readonly Family[]): void {
  let trigger = cache.get(families);
  if (trigger === undefined) {
    trigger = build(families);
    cache.set(families, trigger);
  }
  const { start, inner, trigrams } = trigger;
  if (!start) return;
  const text = ctx.text;
  const n = text.length - 2; // keywords are at least three characters
  let f0 = FOLD[text.charCodeAt(0)] ?? 0;
  let f1 = FOLD[text.charCodeAt(1)] ?? 0;
  for (let i = 0; i < n; i++) {
    const f2 = FOLD[text.charCodeAt(i + 2)] ?? 0;
    const bits = trigrams[(f0 << 12) | (f1 << 6) | f2] ?? 0;
    if (bits !== 0) {
      const prev = i > 0 ? text.charCodeAt(i - 1) : 32;
      if (prev >= 128 || WORD[prev] !== 1) fire(start, ctx, i);
      else if ((bits & INNER_BIT) !== 0 && inner !== null) {
        const c = text.charCodeAt(i);
        // db_password, clientSecret, PGPASSWORD
        if (
          prev === 95 ||
          (c <= 90 && c >= 65 && ((prev >= 97 && prev <= 122) || (prev >= 65 && prev <= 90)))
        )
          fire(inner, ctx, i);
      }
    }
    f0 = f1;
    f1 = f2;
  }
}
