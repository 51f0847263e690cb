// Unicode evasion: invisible characters, compatibility forms (fullwidth, math alphanumerics) and
// lookalike letters from other scripts are folded to the ASCII the detectors match, one code point
// at a time so every output unit keeps the offsets of the code point it came from.
//
// The `confusables` package supplies the lookalike table (`confusablesMap`, ~3,300 entries). Its
// `remove()` is not used: it deletes and merges characters without reporting offsets, so spans
// could not be mapped back. The table also folds a few capitals to the wrong letter (Greek Ι to
// "l", ß to "B"); OVERRIDES below corrects the ones that matter for matching tokens and keywords.
import { confusablesMap } from 'confusables';
import { type TextView, ViewBuilder } from './view.ts';

const NON_ASCII = /[^\x00-\x7f]/;

const OVERRIDES: ReadonlyMap<number, string> = new Map([
  [0x0399, 'I'], // Greek capital iota
  [0x0406, 'I'], // Cyrillic capital byelorussian-ukrainian i
  [0x04c0, 'I'], // Cyrillic palochka
  [0x03b9, 'i'], // Greek small iota
  [0x0131, 'i'], // dotless i
  [0x00df, 'ss'],
  [0x2028, '\n'],
  [0x2029, '\n'],
  [0x0085, '\n'],
]);

/** Code points that render as nothing (or only change direction) and are dropped from the view. */
export function isInvisible(cp: number): boolean {
  return (
    cp === 0x00ad ||
    cp === 0x034f ||
    cp === 0x061c ||
    cp === 0x115f ||
    cp === 0x1160 ||
    cp === 0x17b4 ||
    cp === 0x17b5 ||
    (cp >= 0x180b && cp <= 0x180f) ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x206f) ||
    cp === 0x3164 ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    cp === 0xfeff ||
    cp === 0xffa0 ||
    (cp >= 0xe0100 && cp <= 0xe01ef) ||
    cp === 0xe0001 ||
    cp === 0xe007f
  );
}

/** Unicode tag characters (U+E0020..U+E007E) mirror ASCII invisibly ("ASCII smuggling"). */
export const isTagChar = (cp: number): boolean => cp >= 0xe0020 && cp <= 0xe007e;

const COMBINING = /^\p{M}$/u;

// Folding is pure per code point, so results are cached; the cap keeps a hostile stream of
// distinct code points from growing the cache without bound.
const cache = new Map<number, string>();
const CACHE_CAP = 20_000;

function foldCodePoint(cp: number): string {
  const hit = cache.get(cp);
  if (hit !== undefined) return hit;
  let out: string;
  const own = OVERRIDES.get(cp);
  if (own !== undefined) out = own;
  else if (isInvisible(cp)) out = '';
  else if (isTagChar(cp)) out = String.fromCharCode(cp - 0xe0000);
  else {
    const ch = String.fromCodePoint(cp);
    if (COMBINING.test(ch)) out = '';
    else {
      out = '';
      for (const c of ch.normalize('NFKC')) {
        const code = c.codePointAt(0) ?? 0;
        if (code < 0x80) out += c;
        else if (isInvisible(code) || COMBINING.test(c)) continue;
        else out += OVERRIDES.get(code) ?? confusablesMap.get(c) ?? c;
      }
    }
  }
  if (cache.size >= CACHE_CAP) cache.clear();
  cache.set(cp, out);
  return out;
}

export interface NormalizedView extends TextView {
  /** Number of Unicode tag characters seen (hidden ASCII); the runner reports these. */
  readonly tagChars: number;
  /** Original offset of the first tag character, -1 when none. */
  readonly firstTag: number;
  readonly lastTag: number;
}

/**
 * NFKC + invisible-character removal + lookalike folding with an offset map. Plain ASCII (almost
 * every message) returns the identity view after one regex test. Otherwise ASCII stretches and
 * stretches where every code point folds to the same number of code units (Cyrillic → Latin,
 * emoji unchanged) each become one offset-preserving segment; only removals and changes of
 * length (ligatures, tag characters) cost a segment per code point.
 */
export function normalizeUnicode(text: string): NormalizedView {
  // A literal, not a spread of identityView(): the spread costs more than the regex test.
  if (!NON_ASCII.test(text)) return { text, map: null, tagChars: 0, firstTag: -1, lastTag: -1 };
  let builder: ViewBuilder | null = null; // created at the first code point that changes
  let tagChars = 0;
  let firstTag = -1;
  let lastTag = -1;
  let plainFrom = 0; // original characters [plainFrom, i) are still to be copied as they are
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      i++;
      continue;
    }
    const cp = text.codePointAt(i) ?? c;
    const width = cp > 0xffff ? 2 : 1;
    if (isTagChar(cp)) {
      tagChars++;
      if (firstTag < 0) firstTag = i;
      lastTag = i + width;
    }
    const out = foldCodePoint(cp);
    if (out.length === width) {
      // Unchanged (CJK, most emoji) costs nothing more; a same-length fold (Cyrillic → Latin)
      // keeps offsets one to one, so it merges into the same segment as the text around it.
      if (out.charCodeAt(0) !== c || (width === 2 && out.charCodeAt(1) !== text.charCodeAt(i + 1))) {
        builder ??= new ViewBuilder();
        builder.same(text, plainFrom, i, plainFrom);
        builder.same(out, 0, width, i);
        plainFrom = i + width;
      }
      i += width;
      continue;
    }
    builder ??= new ViewBuilder();
    builder.same(text, plainFrom, i, plainFrom);
    builder.replace(out, i, i + width);
    i += width;
    plainFrom = i;
  }
  if (!builder) return { text, map: null, tagChars, firstTag, lastTag };
  builder.same(text, plainFrom, n, plainFrom);
  const view = builder.build();
  return { text: view.text, map: view.map, tagChars, firstTag, lastTag };
}
