// Values split to dodge pattern matching: string concatenation (`"ghp_ab" + "cd…"`, adjacent
// literals, backticks) and tokens wrapped across lines or code-fence lines. Each place where two
// fragments meet is "glue"; glues close together form one small window whose text has the glue
// removed. Detectors scan the windows and keep only findings that cross a removed glue.
import { charSet, inSet } from '../scan.ts';
import { type TextView, ViewBuilder } from './view.ts';

export interface SplitWindow {
  readonly view: TextView;
  /** Positions in view.text where glue was removed. */
  readonly cuts: readonly number[];
}

const MAX_WINDOWS = 32;
const MAX_GLUES = 256;
const MARGIN = 160;
const TOKEN = charSet('A-Za-z0-9_+/=-');

const BLANK = charSet(' \t\r\n\\');
const QUOTE = charSet('"\'`');
const INDENT = charSet(' \t>');

function skipIndent(text: string, from: number): number {
  let e = from;
  while (e < text.length && e - from < 16 && inSet(INDENT, text.charCodeAt(e))) e++;
  return e;
}

type Glue = [number, number];

function tokenRunBack(text: string, end: number): number {
  let s = end;
  while (s > 0 && end - s < 128 && inSet(TOKEN, text.charCodeAt(s - 1))) s--;
  return end - s;
}

function tokenRunForward(text: string, start: number): number {
  let e = start;
  while (e < text.length && e - start < 128 && inSet(TOKEN, text.charCodeAt(e))) e++;
  return e - start;
}

/**
 * Fragments worth joining look like key material: a digit, or a separator and mixed case. Code
 * lines ending in identifiers (`getElementById`) do not qualify, so ordinary code opens no window.
 */
function keyish(text: string, s: number, e: number): boolean {
  let lower = false;
  let upper = false;
  let sep = false;
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
    if (c >= 97 && c <= 122) lower = true;
    else if (c >= 65 && c <= 90) upper = true;
    else sep = true;
  }
  return sep && lower && upper;
}

/** `"ghp_ab" + "cd…"` (also across lines): found from the rare `+`, then quotes on both sides. */
function concatGlues(text: string, out: Glue[]): void {
  for (let i = text.indexOf('+'); i !== -1 && out.length < MAX_GLUES; i = text.indexOf('+', i + 1)) {
    let s = i;
    while (s > 0 && i - s < 40 && inSet(BLANK, text.charCodeAt(s - 1))) s--;
    let e = i + 1;
    while (e < text.length && e - i < 40 && inSet(BLANK, text.charCodeAt(e))) e++;
    if (!inSet(QUOTE, text.charCodeAt(s - 1)) || !inSet(QUOTE, text.charCodeAt(e))) continue;
    if (!inSet(TOKEN, text.charCodeAt(s - 2)) || !inSet(TOKEN, text.charCodeAt(e + 1))) continue;
    out.push([s - 1, e + 1]);
  }
}

/** Skips spaces, tabs, newlines and one optional `+` (operator) backwards from `i`; returns the new end. */
function backOverGap(text: string, i: number): number {
  let s = i;
  while (s > 0 && i - s < 40 && inSet(BLANK, text.charCodeAt(s - 1))) s--;
  if (text.charCodeAt(s - 1) === 43) {
    s--;
    while (s > 0 && i - s < 60 && inSet(BLANK, text.charCodeAt(s - 1))) s--;
  }
  return s;
}

function forwardOverGap(text: string, i: number): number {
  let e = i;
  while (e < text.length && e - i < 40 && inSet(BLANK, text.charCodeAt(e))) e++;
  if (text.charCodeAt(e) === 43) {
    e++;
    while (e < text.length && e - i < 60 && inSet(BLANK, text.charCodeAt(e))) e++;
  }
  return e;
}

/**
 * `"ghp_ab" + // first half⏎ "cd…"`, `'ab' /* x *\/ + 'cd'`, `("ab"  # part one⏎ "cd")`: a comment
 * between two literals. Found from the comment marker; the glue runs from quote to quote.
 */
function commentGlues(text: string, out: Glue[]): void {
  for (const marker of ['//', '/*', '#']) {
    for (let i = text.indexOf(marker); i !== -1 && out.length < MAX_GLUES; i = text.indexOf(marker, i + 1)) {
      const s = backOverGap(text, i);
      if (s === i && marker !== '#') continue; // `https://`, `a/*b`: no gap before the comment
      if (!inSet(QUOTE, text.charCodeAt(s - 1)) || !inSet(TOKEN, text.charCodeAt(s - 2))) continue;
      // Bounded look-ahead: a text full of markers and no terminator stays linear.
      const ahead = text.slice(i + marker.length, i + 122);
      const close = marker === '/*' ? ahead.indexOf('*/') : ahead.indexOf('\n');
      if (close === -1) continue;
      const end = i + marker.length + close + (marker === '/*' ? 2 : 0);
      const e = forwardOverGap(text, end);
      if (!inSet(QUOTE, text.charCodeAt(e)) || !inSet(TOKEN, text.charCodeAt(e + 1))) continue;
      out.push([s - 1, e + 1]);
      i = e;
    }
  }
}

/** Adjacent literals on one line: `"ghp_""ab…"`, `'ghp_' 'ab…'` (shell and Python join them). */
function adjacentGlues(text: string, out: Glue[]): void {
  for (const pair of ['""', "''", '" "', "' '"]) {
    for (let i = text.indexOf(pair); i !== -1 && out.length < MAX_GLUES; i = text.indexOf(pair, i + 2)) {
      const e = i + pair.length - 1;
      if (!inSet(TOKEN, text.charCodeAt(i - 1)) || !inSet(TOKEN, text.charCodeAt(e + 1))) continue;
      if (tokenRunBack(text, i) < 3 || tokenRunForward(text, e + 1) < 3) continue;
      out.push([i, e + 1]);
    }
  }
}

function lineGlues(text: string, out: Glue[], skip: readonly (readonly [number, number])[]): void {
  for (let nl = text.indexOf('\n'); nl !== -1 && out.length < MAX_GLUES; nl = text.indexOf('\n', nl + 1)) {
    let s = nl;
    while (s > 0 && nl - s < 8 && inSet(BLANK, text.charCodeAt(s - 1))) s--;
    const before = text.charCodeAt(s - 1);
    // Most lines end in punctuation or a short word: nothing to join, decided from one character.
    if (!inSet(TOKEN, before) && !inSet(QUOTE, before)) continue;
    let inside = -1;
    for (const [a, b] of skip) if (a <= nl && nl < b) inside = b;
    if (inside >= 0) {
      nl = inside - 1; // jump over a block already reported (a private key's lines)
      continue;
    }
    if (inSet(QUOTE, before)) {
      implicitConcat(text, nl, out);
      continue;
    }
    const left = tokenRunBack(text, s);
    if (left < 4) continue;
    let e = skipIndent(text, nl + 1);
    for (let fences = 0; fences < 2 && text.startsWith('```', e); fences++) {
      const eol = text.indexOf('\n', e);
      if (eol === -1 || eol - e > 40) break;
      e = skipIndent(text, eol + 1); // a code fence between the two halves
    }
    const right = tokenRunForward(text, e);
    if (right < 4 || Math.max(left, right) < 12) continue;
    if (!keyish(text, s - left, s) && !keyish(text, e, e + right)) continue;
    out.push([s, e]);
  }
}

/** Adjacent literals on consecutive lines (Python/C implicit concatenation): `"ab"⏎ "cd"`. */
function implicitConcat(text: string, nl: number, out: Glue[]): boolean {
  let s = nl;
  while (s > 0 && nl - s < 8 && inSet(BLANK, text.charCodeAt(s - 1))) s--;
  if (!inSet(QUOTE, text.charCodeAt(s - 1)) || !inSet(TOKEN, text.charCodeAt(s - 2))) return false;
  let e = nl + 1;
  while (e < text.length && e - nl < 40 && inSet(BLANK, text.charCodeAt(e))) e++;
  if (!inSet(QUOTE, text.charCodeAt(e)) || !inSet(TOKEN, text.charCodeAt(e + 1))) return false;
  out.push([s - 1, e + 1]);
  return true;
}

/**
 * Windows around glue; empty for almost all texts (no quotes-plus-quotes, no wrapped tokens).
 * Glue inside `skip` spans (view offsets of findings already made, e.g. a whole private key
 * block whose base64 lines would otherwise all look like a wrapped token) is ignored.
 */
export function findSplitWindows(
  view: TextView,
  skip: readonly (readonly [number, number])[] = [],
): SplitWindow[] {
  const text = view.text;
  const found: Glue[] = [];
  if (text.includes('\n')) lineGlues(text, found, skip);
  concatGlues(text, found);
  if (text.includes('//') || text.includes('/*') || text.includes('#')) commentGlues(text, found);
  adjacentGlues(text, found);
  const glues =
    skip.length === 0 ? found : found.filter(([s, e]) => !skip.some(([a, b]) => a <= s && e <= b));
  if (glues.length === 0) return [];
  glues.sort((a, b) => a[0] - b[0]);
  const windows: SplitWindow[] = [];
  let k = 0;
  while (k < glues.length && windows.length < MAX_WINDOWS) {
    const cluster: Glue[] = [glues[k]!];
    k++;
    while (k < glues.length && glues[k]![0] - cluster[cluster.length - 1]![1] <= 2 * MARGIN) {
      const g = glues[k]!;
      if (g[0] >= cluster[cluster.length - 1]![1]) cluster.push(g);
      k++;
    }
    const from = Math.max(0, cluster[0]![0] - MARGIN);
    const to = Math.min(text.length, cluster[cluster.length - 1]![1] + MARGIN);
    const builder = new ViewBuilder();
    const cuts: number[] = [];
    let pos = from;
    let written = 0;
    for (const [gs, ge] of cluster) {
      builder.copy(view, pos, gs);
      written += gs - pos;
      cuts.push(written);
      pos = ge;
    }
    builder.copy(view, pos, to);
    windows.push({ view: builder.build(), cuts });
  }
  return windows;
}
