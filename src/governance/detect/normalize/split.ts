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

/** Literal, optional operator, optional line break, literal: `" + "`, `'\n  '`, `" . "`. */
const CONCAT = /["'`][ \t]*(?:\+|\.\.?|&|\|\|)?[ \t]*(?:\\?\r?\n[ \t]*(?:\+|\.\.?|&)?[ \t]*)?["'`]/g;
const FENCE_LINE = /^[ \t>]*```[\w-]*[ \t]*\r?\n/;

type Glue = [number, number];

function tokenRunBack(text: string, end: number): number {
  let s = end;
  while (s > 0 && end - s < 256 && inSet(TOKEN, text.charCodeAt(s - 1))) s--;
  return end - s;
}

function tokenRunForward(text: string, start: number): number {
  let e = start;
  while (e < text.length && e - start < 256 && inSet(TOKEN, text.charCodeAt(e))) e++;
  return e - start;
}

/** Fragments worth joining look like key material: long enough, with digits or mixed case. */
function keyish(text: string, s: number, e: number): boolean {
  const frag = text.slice(s, e);
  return /\d/.test(frag) || (/[a-z]/.test(frag) && /[A-Z]/.test(frag)) || /[_+/=-]/.test(frag);
}

function concatGlues(text: string, out: Glue[]): void {
  CONCAT.lastIndex = 0;
  for (let m = CONCAT.exec(text); m !== null && out.length < MAX_GLUES; m = CONCAT.exec(text)) {
    const s = m.index;
    const e = s + m[0].length;
    if (s > 0 && e < text.length && inSet(TOKEN, text.charCodeAt(s - 1)) && inSet(TOKEN, text.charCodeAt(e))) out.push([s, e]);
    else CONCAT.lastIndex = s + 1;
  }
}

function lineGlues(text: string, out: Glue[]): void {
  for (let nl = text.indexOf('\n'); nl !== -1 && out.length < MAX_GLUES; nl = text.indexOf('\n', nl + 1)) {
    let s = nl;
    if (s > 0 && text[s - 1] === '\r') s--;
    while (s > 0 && (text[s - 1] === ' ' || text[s - 1] === '\t' || text[s - 1] === '\\')) s--;
    const left = tokenRunBack(text, s);
    if (left < 4) continue;
    let e = nl + 1;
    for (let fences = 0; fences < 2; fences++) {
      const fence = FENCE_LINE.exec(text.slice(e, e + 40));
      if (!fence) break;
      e += fence[0].length;
    }
    while (e < text.length && (text[e] === ' ' || text[e] === '\t' || text[e] === '>')) e++;
    const right = tokenRunForward(text, e);
    if (right < 4 || Math.max(left, right) < 12) continue;
    if (!keyish(text, s - left, s) && !keyish(text, e, e + right)) continue;
    out.push([s, e]);
  }
}

/** Windows around glue; empty for almost all texts (no quotes-plus-quotes, no wrapped tokens). */
export function findSplitWindows(view: TextView): SplitWindow[] {
  const text = view.text;
  const glues: Glue[] = [];
  if (text.includes('\n')) lineGlues(text, glues);
  concatGlues(text, glues);
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
