// Broadcasts: @channel/@here/@everyone (plain, Slack `<!here>` markup, Discord), Slack user-group
// and Discord role mentions, and mass mentions (MASS_MENTIONS or more distinct people).
import { type Family, finding, isWordCode, type ScanContext, stickyAt } from './scan.ts';

export const MASS_MENTIONS = 8;

const SLACK_SPECIAL = /<!(channel|here|everyone)(?:\|[^>\n]{0,40})?>/y;
const SLACK_GROUP = /<!subteam\^([A-Z0-9]{2,24})(?:\|([^>\n]{1,60}))?>/y;
const USER_MARKUP = /<@([!&]?)([A-Za-z0-9]{2,24})(?:\|[^>\n]{0,60})?>/y;
const AT_NAME = /@([A-Za-z0-9][A-Za-z0-9._-]{1,39})/y;
const SPECIAL_NAMES = new Set(['channel', 'here', 'everyone']);

interface Mentions {
  users: Set<string>;
  first: number;
  last: number;
}

function mentions(ctx: ScanContext): Mentions {
  let m = ctx.state.get('broadcast') as Mentions | undefined;
  if (!m) {
    m = { users: new Set(), first: -1, last: -1 };
    ctx.state.set('broadcast', m);
  }
  return m;
}

function addUser(ctx: ScanContext, id: string, start: number, end: number): void {
  const m = mentions(ctx);
  m.users.add(id.toLowerCase());
  if (m.first < 0) m.first = start;
  m.last = end;
}

function special(ctx: ScanContext, name: string, start: number, end: number): void {
  const value = `@${name.toLowerCase()}`;
  ctx.add(
    finding(
      'broadcast.mention',
      'broadcast',
      'medium',
      `${value} notifies everyone in the channel`,
      start,
      end,
      { value },
    ),
  );
}

function scanMarkup(ctx: ScanContext): void {
  const text = ctx.text;
  for (let i = text.indexOf('<!'); i !== -1; i = text.indexOf('<!', i + 2)) {
    const s = stickyAt(SLACK_SPECIAL, text, i);
    if (s) {
      special(ctx, s[1] ?? '', i, i + s[0].length);
      continue;
    }
    const g = stickyAt(SLACK_GROUP, text, i);
    if (g) {
      const value = g[2] ?? g[1] ?? '';
      ctx.add(
        finding(
          'broadcast.group_mention',
          'broadcast',
          'medium',
          `mentions user group ${value}`,
          i,
          i + g[0].length,
          {
            value,
          },
        ),
      );
    }
  }
  for (let i = text.indexOf('<@'); i !== -1; i = text.indexOf('<@', i + 2)) {
    const u = stickyAt(USER_MARKUP, text, i);
    if (!u) continue;
    const id = u[2] ?? '';
    if (u[1] === '&') {
      const value = `<@&${id}>`;
      ctx.add(
        finding(
          'broadcast.role_mention',
          'broadcast',
          'medium',
          'mentions a whole role',
          i,
          i + u[0].length,
          { value },
        ),
      );
    } else addUser(ctx, id, i, i + u[0].length);
  }
}

/** `@tag` preceded on its line only by spaces and a `*`: a doc-comment tag, not a mention. */
function docComment(text: string, at: number): boolean {
  let j = at - 1;
  while (j >= 0 && j > at - 16 && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j--;
  return j >= 0 && text.charCodeAt(j) === 42;
}

function scanAt(ctx: ScanContext): void {
  const text = ctx.text;
  for (let i = text.indexOf('@'); i !== -1; i = text.indexOf('@', i + 1)) {
    if (!isWordCode(text.charCodeAt(i + 1))) continue;
    const before = i > 0 ? text.charCodeAt(i - 1) : 32;
    // Part of an e-mail, a markup mention handled above, or a scoped package.
    if (isWordCode(before) || before === 46 || before === 60 || before === 45 || before === 43) continue;
    if (docComment(text, i)) continue; // @param, @returns in a JSDoc block
    const m = stickyAt(AT_NAME, text, i);
    if (!m) continue;
    let name = m[1] ?? '';
    name = name.replace(/[._-]+$/, '');
    const end = i + 1 + name.length;
    const next = text[end];
    if (next === '/' || next === '(' || next === '@') continue;
    if (next === '.' && /[A-Za-z]/.test(text[end + 1] ?? '')) continue; // @host.domain, not a mention
    const lower = name.toLowerCase();
    if (SPECIAL_NAMES.has(lower)) special(ctx, lower, i, end);
    else addUser(ctx, name, i, end);
  }
}

export const broadcastFamily: Family = {
  category: 'broadcast',
  scan(ctx) {
    if (ctx.text.includes('<')) scanMarkup(ctx);
    scanAt(ctx);
  },
  finish(ctx) {
    const m = ctx.state.get('broadcast') as Mentions | undefined;
    if (!m || m.users.size < MASS_MENTIONS) return;
    ctx.add(
      finding(
        'broadcast.mass_mention',
        'broadcast',
        'medium',
        `mentions ${m.users.size} different people`,
        m.first,
        m.last,
        { value: 'mass-mention' },
      ),
    );
  },
};
