// Name patterns for policy rules (`ext-*`, `C0?`, `helper-bot`). Compiled once when the policy loads,
// because rules are evaluated on every agent message.

/** Matches a value (an id or a name) against a precompiled list of patterns. */
export type NameMatcher = (value: string) => boolean;

const GLOB_CHARS = /[*?]/;

/** Lowercase and without the `#`/`@` sigil people write in front of channel and user names. */
export const normalizeName = (s: string): string => s.replace(/^[#@]/, '').toLowerCase();

function globToRegexSource(glob: string): string {
  let out = '';
  for (const ch of glob) {
    if (ch === '*') out += '.*';
    else if (ch === '?') out += '.';
    else out += ch.replace(/[.+^${}()|[\]\\/-]/g, '\\$&');
  }
  return out;
}

/**
 * `*` matches any run of characters, `?` exactly one; everything else is literal. Case-insensitive, and a
 * leading `#` or `@` is ignored on both sides, so `#ext-*` and `ext-*` mean the same thing.
 */
export function compileNamePatterns(patterns: ReadonlyArray<string>): NameMatcher {
  const exact = new Set<string>();
  const globs: string[] = [];
  for (const raw of patterns) {
    const p = normalizeName(raw);
    if (GLOB_CHARS.test(p)) globs.push(globToRegexSource(p));
    else exact.add(p);
  }
  const re = globs.length > 0 ? new RegExp(`^(?:${globs.join('|')})$`, 's') : null;
  if (re === null) return (value) => exact.has(normalizeName(value));
  return (value) => {
    const v = normalizeName(value);
    return exact.has(v) || re.test(v);
  };
}
