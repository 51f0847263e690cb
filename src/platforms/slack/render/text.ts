// Slack mrkdwn helpers and Block Kit limits.

/** Block Kit limits (api.slack.com/reference/block-kit): section text, header, button value, input. */
export const LIMITS = {
  section: 3000,
  header: 150,
  context: 2000,
  buttonValue: 2000,
  blocks: 50,
  modalInput: 3000,
  privateMetadata: 3000,
} as const;

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Cuts `s` to `max` characters, saying how much was left out. */
export function truncate(s: string, max: number, note = 'more characters not shown'): string {
  if (s.length <= max) return s;
  const tail = `… (${s.length - max + 40} ${note})`;
  return s.slice(0, Math.max(0, max - tail.length)) + tail;
}

/** Splits text into chunks a section block can hold. */
export function chunks(s: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
  return out.length ? out : [''];
}

/** Quotes text as a mrkdwn block quote, marking [start, end) spans in bold with ⚠. */
export function quoteWithSpans(
  text: string,
  spans: Array<{ start: number; end: number }>,
  max: number,
): string {
  const sorted = spans
    .filter((s) => s.end > s.start && s.start >= 0 && s.end <= text.length)
    .sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const s of sorted) {
    if (s.start < at) continue;
    out += esc(text.slice(at, s.start));
    out += `*⚠ ${esc(text.slice(s.start, s.end)).replace(/\*/g, '∗').replace(/\n/g, ' ')}*`;
    at = s.end;
  }
  out += esc(text.slice(at));
  const cut = truncate(out, max - 20);
  return cut
    .split('\n')
    .map((l) => `>${l}`)
    .join('\n');
}

export const when = (d: Date): string =>
  `<!date^${Math.floor(d.getTime() / 1000)}^{date_short_pretty} {time}|${d.toISOString()}>`;
