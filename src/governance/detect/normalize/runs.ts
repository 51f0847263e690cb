// Long runs of token characters ([A-Za-z0-9+/=_-]), shared by the provider-token scan and the
// encoded-run decoder so the text is sampled once. Sampling every STRIDE characters finds every
// run of at least 2*STRIDE characters while touching about one character in STRIDE on prose.
import { charSet, inSet } from '../scan.ts';

export const MIN_LONG_RUN = 20;
const STRIDE = MIN_LONG_RUN / 2;
const RUN = charSet('A-Za-z0-9+/=_-');
let lastText = '';
let lastRuns: Int32Array = new Int32Array(0);

/** Flat [start0, end0, start1, end1, …] of runs with at least MIN_LONG_RUN characters. */
export function longRuns(text: string): Int32Array {
  // One-entry cache: the plain scan and the decoder ask for the same text back to back.
  if (text.length === lastText.length && text === lastText) return lastRuns;
  const out: number[] = [];
  const n = text.length;
  let after = 0;
  for (let k = STRIDE; k < n; k += STRIDE) {
    if (k < after || !inSet(RUN, text.charCodeAt(k)) || !inSet(RUN, text.charCodeAt(k - STRIDE))) continue;
    // Every character between the two samples must belong to the run: walk back from k first,
    // which on prose stops at the nearest space after a few characters.
    let s = k;
    while (s > k - STRIDE && inSet(RUN, text.charCodeAt(s - 1))) s--;
    if (s > k - STRIDE) continue;
    while (s > 0 && inSet(RUN, text.charCodeAt(s - 1))) s--;
    let e = k + 1;
    while (e < n && inSet(RUN, text.charCodeAt(e))) e++;
    after = e;
    if (e - s >= MIN_LONG_RUN) out.push(s, e);
  }
  lastText = text;
  lastRuns = Int32Array.from(out);
  return lastRuns;
}
