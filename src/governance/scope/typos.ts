// Requests are typed in a hurry: "anwser Leilani's quetsion in the ml cahnnel". The words the scope
// rules key on are restored before a request is read: a lowercase word of five letters or more that
// is one adjacent transposition, one dropped letter or one doubled letter away from exactly one of
// these words is read as that word. Names, markup, URLs and quoted text are never touched.

const VOCABULARY = `channel channels thread threads question questions answer answers reply replies respond
  summarize summarise summary analyze analyse analysis message messages moderator moderators workspace
  invite invited remove removed access review investigate private privately public members member people
  announce announcement mention please between yourself whoever someone anyone everyone server category
  topic forum ticket thoughts report recap explain details update updates notify remind contact send
  share grant revoke permission permissions viewer editor temporary expire expires hours minutes weeks
  months tomorrow friday monday tuesday wednesday thursday saturday sunday website publish delete
  archive create assign promote admin owner biggest largest smallest fewest busiest quietest nothing
  only without myself draft prepare`
  .split(/\s+/)
  .filter(Boolean);

const KNOWN = new Set(VOCABULARY);

/** Every string one edit (transposition, deletion, doubling) away from a vocabulary word → that word. */
const VARIANTS: Map<string, string | null> = (() => {
  const out = new Map<string, string | null>();
  const put = (v: string, w: string): void => {
    if (KNOWN.has(v) || v === w) return;
    const had = out.get(v);
    out.set(v, had === undefined || had === w ? w : null);
  };
  for (const w of VOCABULARY) {
    for (let i = 0; i + 1 < w.length; i++) put(w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2), w);
    for (let i = 0; i < w.length; i++) put(w.slice(0, i) + w.slice(i + 1), w);
    for (let i = 0; i < w.length; i++) put(w.slice(0, i + 1) + w[i] + w.slice(i + 1), w);
  }
  return out;
})();

const WORD = /(?<![\w#@<|/.:'’-])[a-z]{5,}(?![\w/@'’-]|\.\w)/g;

/** The request with near-misses of the scope's key words corrected; same text when nothing matched. */
export function correctTypos(text: string): string {
  return text.replace(WORD, (w) => (KNOWN.has(w) ? w : (VARIANTS.get(w) ?? w)));
}
