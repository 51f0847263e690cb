// Keyword triggers for all enabled families in one pass. A large case-insensitive alternation
// costs V8 several nanoseconds per character whatever it matches, so the pass is a plain loop
// instead: at each word start it looks the next three characters up in a trigram table built
// from the keywords, and only on a hit runs the (sticky, trie-shaped, purely literal) keyword
// regex at that position. Linear in the text; keywords must start with a word character.
import type { Family, KeywordHandler, ScanContext } from './scan.ts';

interface KeywordSet {
  readonly re: RegExp;
  readonly trigrams: Uint8Array;
  readonly handlers: ReadonlyMap<string, readonly KeywordHandler[]>;
}

interface Trigger {
  /** Keywords tried at word starts (all keywords). */
  readonly start: KeywordSet | null;
  /** Name keywords, also tried after `_` and at camelCase humps inside identifiers. */
  readonly inner: KeywordSet | null;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

interface TrieNode {
  children: Map<string, TrieNode>;
  terminal: boolean;
}

function trieSource(words: readonly string[]): string {
  const root: TrieNode = { children: new Map(), terminal: false };
  for (const w of words) {
    let node = root;
    for (const ch of w) {
      let next = node.children.get(ch);
      if (!next) {
        next = { children: new Map(), terminal: false };
        node.children.set(ch, next);
      }
      node = next;
    }
    node.terminal = true;
  }
  const emit = (node: TrieNode): string => {
    const alts = [...node.children].map(([ch, child]) => escapeRe(ch) + emit(child));
    if (alts.length === 0) return '';
    const body = alts.length === 1 ? alts[0]! : `(?:${alts.join('|')})`;
    // Longest keyword first: an optional tail is greedy, so 'sk-ant-' wins over 'sk-'.
    return node.terminal ? `(?:${body})?` : body;
  };
  return emit(root);
}

/** Case-folded code 1..63 for characters that occur in keywords; 0 for everything else. */
const FOLD = new Uint8Array(128);
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

const fold = (c: number): number => (c < 128 ? (FOLD[c] ?? 0) : 0);
const trigramKey = (a: number, b: number, c: number): number => (a << 12) | (b << 6) | c;

const cache = new WeakMap<readonly Family[], Trigger>();

function compile(handlers: Map<string, KeywordHandler[]>): KeywordSet | null {
  if (handlers.size === 0) return null;
  const words = [...handlers.keys()].sort();
  const trigrams = new Uint8Array(1 << 18);
  for (const w of words) {
    const [a, b, c] = [fold(w.charCodeAt(0)), fold(w.charCodeAt(1)), fold(w.charCodeAt(2))];
    if (!a || !b || !c) throw new Error(`keyword "${w}" has a character the trigram table does not know`);
    trigrams[trigramKey(a, b, c)] = 1;
  }
  // The regex reports the longest keyword at a position; a keyword fires whenever the text starts
  // with it, so the longer keyword's hit also calls the handlers of its prefixes ('passwords' →
  // 'password').
  const merged = new Map<string, KeywordHandler[]>();
  for (const w of words) {
    const list: KeywordHandler[] = [];
    for (const p of words) if (w.startsWith(p)) list.push(...(handlers.get(p) ?? []));
    merged.set(w, [...new Set(list)]);
  }
  return { re: new RegExp(trieSource(words), 'iy'), trigrams, handlers: merged };
}

function collect(into: Map<string, KeywordHandler[]>, table: Readonly<Record<string, KeywordHandler>> | undefined): void {
  for (const [word, handler] of Object.entries(table ?? {})) {
    const key = word.toLowerCase();
    if (key.length < 3 || !WORD[key.charCodeAt(0)]) throw new Error(`keyword "${word}" must be 3+ chars starting with [a-z0-9_]`);
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
  return { start: compile(start), inner: compile(inner) };
}

function fire(set: KeywordSet, ctx: ScanContext, i: number, c0: number, c1: number, c2: number): void {
  if (set.trigrams[trigramKey(fold(c0), fold(c1), fold(c2))] !== 1) return;
  set.re.lastIndex = i;
  const m = set.re.exec(ctx.text);
  if (m === null) return;
  const hit = m[0];
  // Most hits are already lower case; only the rest pay for toLowerCase().
  const list = set.handlers.get(hit) ?? set.handlers.get(hit.toLowerCase());
  if (list) for (const h of list) h(ctx, i, i + hit.length);
}

/** Calls every family's keyword handlers for each keyword that starts a word in ctx.text. */
export function runKeywords(ctx: ScanContext, families: readonly Family[]): void {
  let trigger = cache.get(families);
  if (trigger === undefined) {
    trigger = build(families);
    cache.set(families, trigger);
  }
  const { start, inner } = trigger;
  if (!start) return;
  const text = ctx.text;
  const n = text.length - 2;
  let prev = 0; // previous code unit; 0 = start of text
  let c0 = text.charCodeAt(0);
  let c1 = text.charCodeAt(1);
  for (let i = 0; i < n; i++) {
    const c2 = text.charCodeAt(i + 2);
    if (c0 < 128 && WORD[c0] === 1) {
      if (prev >= 128 || WORD[prev] !== 1) fire(start, ctx, i, c0, c1, c2);
      else if (inner && (prev === 95 || (c0 >= 65 && c0 <= 90 && prev >= 97 && prev <= 122))) {
        fire(inner, ctx, i, c0, c1, c2); // db_password, clientSecret
      }
    }
    prev = c0;
    c0 = c1;
    c1 = c2;
  }
}
