// Tokens and targets of one clause: platform markup, #channels, @people, e-mail addresses, names written
// plainly, forum topics, "me", "this thread", and targets described instead of named.
import {
  DESCRIBED_CHANNEL,
  DESCRIBED_PERSON,
  NOT_NAMES,
  SUPERLATIVE_LEAST,
  SUPERLATIVE_MOST,
} from './lexicon.ts';
import type { Description, Mention } from './types.ts';

export type TokenType = 'channel' | 'person' | 'broadcast' | 'url' | 'email' | 'number' | 'word' | 'quoted';

export interface Token {
  type: TokenType;
  /** Lowercased value: a name, an id, a word (possessive `'s` removed). */
  value: string;
  raw: string;
  /** Second value carried by markup: the label of `<#C123|general>`. */
  alias?: string;
  possessive?: boolean;
  capitalized?: boolean;
}

const TOKEN =
  /<#([A-Za-z0-9]+)(?:\|([^>]*))?>|<@[!&]?([A-Za-z0-9]+)(?:\|([^>]*))?>|<!(here|channel|everyone)(?:\|[^>]*)?>|<(?:mailto:)?([\w.+-]+@[\w-]+(?:\.[\w-]+)+)(?:\|[^>]*)?>|<(https?:\/\/[^|>\s]+)(?:\|[^>]*)?>|(https?:\/\/[^\s<>]+)|([\w.+-]+@[\w-]+(?:\.[\w-]+)+)|#([A-Za-z0-9](?:[\w-]|\.(?=\w))*)|@([A-Za-z](?:[\w-]|\.(?=\w))*)|\u0000Q(\d+)\u0000|(\d+(?:[.:/,-]\d+)*)|([A-Za-z][\w]*(?:[-'’][\w]+)*['’]?)/g;

const BROADCAST_NAMES = new Set(['here', 'channel', 'everyone', 'all']);

export function tokenize(text: string, quoted: ReadonlyArray<string> = []): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const raw = m[0];
    if (m[1] !== undefined) {
      out.push({
        type: 'channel',
        value: m[1].toLowerCase(),
        raw,
        ...(m[2] ? { alias: m[2].toLowerCase() } : {}),
      });
    } else if (m[3] !== undefined) {
      out.push({
        type: 'person',
        value: m[3].toLowerCase(),
        raw,
        ...(m[4] ? { alias: m[4].toLowerCase() } : {}),
      });
    } else if (m[5] !== undefined) out.push({ type: 'broadcast', value: m[5].toLowerCase(), raw });
    else if (m[6] !== undefined) out.push({ type: 'email', value: m[6].toLowerCase(), raw });
    else if (m[7] !== undefined || m[8] !== undefined)
      out.push({ type: 'url', value: m[7] ?? m[8] ?? '', raw });
    else if (m[9] !== undefined) out.push({ type: 'email', value: m[9].toLowerCase(), raw });
    else if (m[10] !== undefined) {
      out.push({ type: /^\d+$/.test(m[10]) ? 'number' : 'channel', value: m[10].toLowerCase(), raw });
    } else if (m[11] !== undefined) {
      const v = m[11].toLowerCase();
      out.push({ type: BROADCAST_NAMES.has(v) ? 'broadcast' : 'person', value: v, raw });
    } else if (m[12] !== undefined) {
      const q = quoted[Number(m[12])] ?? '';
      out.push({ type: 'quoted', value: q.toLowerCase(), raw: `'${q}'` });
    } else if (m[13] !== undefined) out.push({ type: 'number', value: m[13], raw });
    else if (m[14] !== undefined) {
      const possessive = /['’]s?$/i.test(raw) && !/n['’]t$/i.test(raw) && !/['’](?:re|ve|ll|d|m)$/i.test(raw);
      const base = possessive ? raw.replace(/['’]s?$/i, '') : raw;
      out.push({
        type: 'word',
        value: base.toLowerCase(),
        raw,
        ...(possessive && /['’]s$/i.test(raw) ? { possessive: true } : {}),
        ...(possessive && /s['’]$/i.test(raw) ? { possessive: true } : {}),
        ...(/^[A-Z]/.test(raw) ? { capitalized: true } : {}),
      });
    }
  }
  return out;
}

/** Verbs after which the next name is a recipient or subject ("tell Priya", "give Tomasz"). */
const NAME_AFTER = new Set(
  `tell dm ping email mail message answer thank remind notify inform contact cc text welcome greet congratulate
  warn alert send give add invite remove kick ban grant assign promote demote to with for from and or loop ask
  brief let nudge chase poke help`.split(/\s+/),
);
/** After these, a lowercase word is taken as a name too ("tell priya"); after others only Capitalized. */
const LOWER_NAME_AFTER = new Set(
  'tell dm ping email message thank remind notify inform contact cc text welcome greet warn alert brief ask nudge chase poke'.split(
    ' ',
  ),
);
const NOT_PERSON = new Set(
  `the a an all any every some this that these those my our your his her their its everyone everybody anyone
  access it them him me us you team channel thread group people folks whole entire rights role permission
  permissions back know about in on at of by as be is are was to from for with and or not no new old own
  how what why when where which who whom whose if whether up out over into onto off via per than then only
  just too also again now today tomorrow yesterday please`.split(/\s+/),
);
const PLACE_WORDS = new Set(['thread', 'topic', 'post', 'issue', 'ticket', 'question', 'message']);
// A number after "topic" or "thread" names where to answer; after "ticket", "issue" or "case" it is a
// reference the conversation is about, not a thread id.
const THREAD_WORDS = new Set(['topic', 'thread', 'post', 'discussion']);
/** Verbs that follow a person in a described thread: "where Odile asked", "the question Omar posted". */
const SAID_VERBS = new Set(
  `asked asks posted posts wrote writes mentioned raised reported said started opened filed complained
  was is had has flagged shared replied commented needs needed wants wanted`.split(/\s+/),
);
const ABOUT = new Set(['about', 'regarding', 're', 'concerning', 'from']);
const IN_WORDS = new Set(['in', 'to', 'into', 'on', 'at', 'under', 'category']);

function personLike(t: Token, prev: Token | undefined, next: Token | undefined): boolean {
  if (t.type !== 'word' || NOT_PERSON.has(t.value) || NOT_NAMES.has(t.value)) return false;
  if (t.possessive && (t.capitalized || (next && PLACE_WORDS.has(next.value)))) return true;
  if (!prev || !NAME_AFTER.has(prev.value)) return false;
  return t.capitalized === true || LOWER_NAME_AFTER.has(prev.value);
}

export interface ClauseScan {
  tokens: Token[];
  mentions: Mention[];
  described: Description[];
}

export function scanClause(text: string, quoted: ReadonlyArray<string>, first: boolean): ClauseScan {
  const tokens = tokenize(text, quoted);
  const mentions: Mention[] = [];
  const add = (kind: Mention['kind'], value: string, raw: string): void => {
    if (value && !mentions.some((x) => x.kind === kind && x.value === value))
      mentions.push({ kind, value, raw });
  };
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    if (t.type === 'channel') {
      add('channel', t.value, t.raw);
      if (t.alias) add('channel', t.alias, t.raw);
    } else if (t.type === 'person' || t.type === 'email') {
      add('person', t.value, t.raw);
      if (t.alias) add('person', t.alias, t.raw);
    } else if (t.type === 'number' && prev && THREAD_WORDS.has(prev.value)) {
      // "about topic 48890" names the subject matter, not where to answer.
      const before = tokens.slice(Math.max(0, i - 4), i - 1).map((x) => x.value);
      if (!before.some((w) => ABOUT.has(w))) add('thread', t.value, t.raw);
    } else if (t.type === 'quoted' && t.value.split(/\s+/).length <= 5) {
      add(prev && IN_WORDS.has(prev.value) ? 'channel' : 'name', t.value, t.raw);
    } else if (t.type === 'word') {
      if (['me', 'myself', 'us'].includes(t.value)) add('requester', 'me', t.raw);
      else if (t.value === 'here' && prev?.value !== 'from') add('origin', 'here', t.raw);
      else if (
        t.value === 'this' &&
        next &&
        ['thread', 'channel', 'conversation', 'dm', 'chat'].includes(next.value)
      ) {
        add('origin', 'here', `this ${next.value}`);
      } else if (next?.value === 'channel' && /[-_]/.test(t.value)) add('channel', t.value, t.raw);
      else if (
        prev &&
        IN_WORDS.has(prev.value) &&
        !t.possessive &&
        /^[a-z0-9]+(?:-[a-z0-9]+)+$/.test(t.value)
      ) {
        add('channel', t.value, t.raw);
      } else if (personLike(t, prev, next) && !(first && i === 0)) add('person', t.value, t.raw);
      else if (
        t.capitalized &&
        i > 0 &&
        next &&
        SAID_VERBS.has(next.value) &&
        !NOT_PERSON.has(t.value) &&
        !NOT_NAMES.has(t.value)
      ) {
        add('person', t.value, t.raw);
      }
    }
  });
  return { tokens, mentions, described: describe(text, mentions) };
}

const WHERE_CROWD =
  /\bwhere\s+(?:the\s+)?(most|biggest|largest|fewest|least)\s+(?:number\s+of\s+)?(?:people|members|users|folks|eyes|readers)\b/i;
const DESCRIBED_THREAD = /\b(?:the|their|his|her|that)\s+(?:[\w#-]+\s+){0,4}?thread\b/i;

const DESCRIPTION_STOP = new Set(
  `the a an with that where which has have had most least more fewer members member users user people ppl in
  of is are our their biggest largest smallest busiest quietest fewest active highest lowest number count
  population populated crowded tiniest widest audience reach whatever whichever called named we got it it's
  we've there one`.split(/\s+/),
);

function describe(text: string, mentions: Mention[]): Description[] {
  const out: Description[] = [];
  const person = DESCRIBED_PERSON.exec(text);
  if (person)
    out.push({ kind: 'person', text: text.slice(person.index).slice(0, 80), words: [], order: null });
  if (!mentions.some((m) => m.kind === 'channel')) {
    const ch = DESCRIBED_CHANNEL.exec(text);
    const crowd = WHERE_CROWD.exec(text);
    const thread = DESCRIBED_THREAD.exec(text);
    if (ch) {
      const phrase = ch[0];
      const words = `${ch[1] ?? ''} ${ch[3] ?? ''}`
        .toLowerCase()
        .split(/[^a-z0-9-]+/)
        .filter((w) => w && !DESCRIPTION_STOP.has(w));
      const order = SUPERLATIVE_MOST.test(phrase) ? 'most' : SUPERLATIVE_LEAST.test(phrase) ? 'least' : null;
      out.push({ kind: 'channel', text: phrase, words, order });
    } else if (crowd) {
      // "where the most people are": the channel with the most members.
      const order = /most|biggest|largest/i.test(crowd[1] ?? '') ? 'most' : 'least';
      out.push({ kind: 'channel', text: crowd[0], words: [], order });
    } else if (thread && !mentions.some((m) => m.kind === 'thread' || m.kind === 'origin')) {
      // "the ticket 4471 thread", "the thread about the outage": some thread the context cannot
      // place, so a thread in any channel; never a new post or another kind of action.
      out.push({ kind: 'channel', text: thread[0], words: [], order: null, thread: true });
    }
  }
  return out;
}
