// Request → Scope: which clauses ask for what, and which grants, changes and prohibitions follow.
// Derived once per request and cached (many actions cite the same request).
import type { ActionKind, RequestInput } from '../model.ts';
import { splitRequest } from './clauses.ts';
import { requestedSpan } from './duration.ts';
import { isVerbStem, labelClause } from './intent.ts';
import {
  BROADCAST_PHRASES,
  BROADCAST_RANK,
  CHANGE_VERBS,
  levelOf,
  NOT_NAMES,
  opFamilyOf,
  PRIVATE_MARKERS,
  PUBLISH_VERBS,
  RESPOND_VERBS,
  SITE_WORDS,
  stem,
} from './lexicon.ts';
import { tokenize } from './mentions.ts';
import { correctTypos } from './typos.ts';
import type { ChangeGrant, Clause, Denial, Grant, Mention, Scope } from './types.ts';

const REPLY_VERBS = new Set(['repli', 'answer', 'respond', 'comment'].map(stem));
const POST_VERBS = new Set(
  [
    'post',
    'announc',
    'publish',
    'broadcast',
    'share',
    'put',
    'drop',
    'crosspost',
    'repost',
    'open',
    'creat',
    'make',
  ].map(stem),
);
const DM_WORDS =
  /\b(?:dm|dms|direct\s+message|private\s+message|privately|in\s+private|pm|by\s+dm|via\s+dm|e-?mail|mail)\b/i;
const THAT_PLACE = /\b(?:there|that\s+(?:channel|room|space)|the\s+same\s+(?:channel|room))\b/i;
const PRONOUN = /\b(?:him|her|them|he|she|they|his|their)\b/i;
const MESSAGE_KINDS: ReadonlyArray<ActionKind> = ['post', 'reply', 'dm'];

interface Kinds {
  channel: ReadonlyArray<ActionKind>;
  person: ReadonlyArray<ActionKind>;
}

/** Which kinds of message a respond verb allows, toward a channel and toward a person. */
function kindsFor(verb: string, text: string): Kinds {
  const s = stem(verb.split(' ')[0] ?? verb);
  if (DM_WORDS.test(text) || s === 'dm' || s === 'email' || s === 'mail' || s === 'pm') {
    return { channel: ['reply'], person: ['dm'] };
  }
  if (REPLY_VERBS.has(s)) return { channel: ['reply'], person: ['dm', 'reply'] };
  if (POST_VERBS.has(s)) return { channel: ['post', 'reply'], person: ['dm', 'reply'] };
  return { channel: ['post', 'reply'], person: ['dm', 'reply'] };
}

function deniedKinds(clause: Clause): ReadonlyArray<ActionKind> {
  const stems = [...clause.words].map(stem);
  const respond = stems.some((s) => RESPOND_VERBS.has(s));
  const change = stems.some((s) => CHANGE_VERBS.has(s)) && clause.intent === 'change';
  if (change && !respond) return ['config_change'];
  if (!respond) return [];
  if (stems.some((s) => REPLY_VERBS.has(s)) && !stems.some((s) => POST_VERBS.has(s) || s === 'contact')) {
    return ['reply'];
  }
  if (stems.includes('dm')) return ['dm'];
  if (stems.includes('post') && !stems.includes('share')) return ['post', 'reply'];
  return MESSAGE_KINDS;
}

const uniq = (ms: Mention[]): Mention[] =>
  ms.filter((m, i) => ms.findIndex((x) => x.kind === m.kind && x.value === m.value) === i);

function buildClauses(text: string): { clauses: Clause[]; plain: string } {
  const split = splitRequest(text);
  const clauses: Clause[] = [];
  let lastPeople: Mention[] = [];
  let lastChannels: Mention[] = [];
  let lastDescribed: Clause['described'] = [];
  split.pieces.forEach((p, index) => {
    const lab = labelClause(p.text, split.quoted);
    const mentions = [...lab.scan.mentions];
    const described = [...lab.scan.described];
    const lead = lab.scan.tokens[0];
    // The subject of a statement ("Ilse posted…") is a person the rest of the request may refer to.
    if (
      lead?.capitalized &&
      lab.intent === 'none' &&
      !isVerbStem(stem(lead.value)) &&
      !NOT_NAMES.has(lead.value)
    ) {
      mentions.push({ kind: 'person', value: lead.value, raw: lead.raw });
    }
    // "answer them", "reply to her there": the people, places and descriptions of earlier clauses.
    const people = mentions.filter((m) => m.kind === 'person');
    if (!people.length && PRONOUN.test(lab.body)) {
      mentions.push(...lastPeople);
      if (!lastPeople.length) described.push(...lastDescribed.filter((d) => d.kind === 'person'));
    } else if (people.length) lastPeople = people;
    else {
      // "We hired Teodor. Invite them…": a capitalized name later in a statement can be "them".
      const names = lab.scan.tokens.filter(
        (t, i) =>
          i > 0 &&
          t.type === 'word' &&
          t.capitalized &&
          !NOT_NAMES.has(t.value) &&
          !isVerbStem(stem(t.value)),
      );
      if (names.length) lastPeople = names.map((t) => ({ kind: 'person', value: t.value, raw: t.raw }));
    }
    const channels = mentions.filter((m) => m.kind === 'channel');
    if (!channels.length && THAT_PLACE.test(lab.body)) {
      // "Alice is asking about #ops. Add her to that channel": the channel named before, else the
      // channel the requester is speaking in.
      if (lastChannels.length) mentions.push(...lastChannels);
      else if (/\bthat\s+(?:channel|room)\b/i.test(lab.body))
        mentions.push({ kind: 'origin', value: 'here', raw: 'that channel' });
    } else if (channels.length) lastChannels = channels;
    if (described.length) lastDescribed = described;
    const contentTokens = tokenize(p.content, split.quoted);
    const words = new Set(lab.scan.tokens.filter((t) => t.type !== 'url').map((t) => t.value));
    const all = [...lab.scan.tokens, ...contentTokens].filter((t) =>
      ['word', 'quoted', 'number'].includes(t.type),
    );
    const stems = new Set(
      all.flatMap((t) =>
        t.value
          .split(/[^a-z0-9]+/)
          .filter(Boolean)
          .map(stem),
      ),
    );
    clauses.push({
      index,
      text: p.text,
      content: p.content,
      intent: lab.intent,
      verb: lab.verb,
      negated: lab.negated,
      selected: p.selected,
      item: p.item,
      mentions: uniq(mentions),
      described,
      stems,
      words,
    });
  });
  return { clauses, plain: split.plain };
}

const URL = /https?:\/\/[^\s<>|"'`]+/g;

export function deriveScope(request: RequestInput): Scope {
  const { clauses, plain } = buildClauses(correctTypos(request.text));
  const active = clauses.filter((c) => c.selected);
  const everywhere = uniq(active.filter((c) => !c.negated).flatMap((c) => c.mentions));
  const requestChannels = everywhere.filter((m) => m.kind === 'channel');
  const grants: Grant[] = [];
  const changes: ChangeGrant[] = [];
  const denials: Denial[] = [];
  let broadcast = 0;
  let massMention = false;
  let previous: ReadonlyArray<ActionKind> = MESSAGE_KINDS;
  for (const c of active) {
    const targets = c.mentions.filter((m) => m.kind !== 'requester' && m.kind !== 'origin');
    const said = `${c.text} ${c.content}`;
    if (!c.negated) {
      // A broadcast asked for anywhere outside a prohibition ("…, use @here so people see it").
      for (const t of tokenize(said))
        if (t.type === 'broadcast') broadcast = Math.max(broadcast, BROADCAST_RANK[t.value] ?? 3);
      if (BROADCAST_PHRASES.test(said)) broadcast = 3;
      if (
        /\b(?:tag|mention|cc)\b/i.test(c.text) ||
        /\b(?:tag|mention|ping|notify)\s+(?:everyone|everybody|all|them\s+all|each)\b/i.test(said)
      ) {
        massMention = true;
      }
    }
    if (c.negated) {
      // "…, but not in #platform-help": a prohibition without a verb repeats the previous one's.
      const own = deniedKinds(c);
      const kinds = own.length || !targets.length ? own : previous;
      if (kinds.length) {
        const channels = targets.filter((m) => m.kind === 'channel' || m.kind === 'name');
        const people = targets.filter((m) => m.kind === 'person' || m.kind === 'name');
        denials.push({ clause: c.index, verb: c.verb ?? 'act', text: c.text, kinds, channels, people });
      }
      continue;
    }
    // "publish this on our site", "put the FAQ live on the docs site": a page going live changes the site.
    const lead = c.verb?.split(' ')[0]?.toLowerCase() ?? '';
    const site = [...c.words].some((w) => SITE_WORDS.test(w));
    if (
      site &&
      c.intent !== 'change' &&
      ((c.intent === 'respond' && PUBLISH_VERBS.has(lead)) || c.words.has('live'))
    ) {
      changes.push({
        clause: c.index,
        verb: 'publish',
        family: 'publish',
        mentions: c.mentions,
        stems: c.stems,
        words: c.words,
        level: null,
        visibility: null,
        wildcard: false,
        span: null,
      });
    }
    if (c.intent === 'respond' && c.verb) {
      const kinds = kindsFor(c.verb, c.text);
      // A respond clause that names no one ("reply with the fix") answers whatever the request is about.
      const here = c.mentions.some((m) => m.kind === 'requester' || m.kind === 'origin');
      // "In #infra-help, reply to the ticket thread": the thread is in the channel named elsewhere.
      const placed = c.described.filter((d) => !(d.thread && requestChannels.length));
      const own =
        targets.length || placed.length || here ? targets : everywhere.filter((m) => m.kind !== 'requester');
      const channels = own.filter((m) => m.kind === 'channel' || m.kind === 'name');
      const people = own.filter((m) => m.kind === 'person' || m.kind === 'name');
      const threads = own.filter((m) => m.kind === 'thread').map((m) => m.value);
      const both = channels.length || threads.length ? kinds.channel : [];
      const allowed = [...new Set<ActionKind>([...both, ...(people.length ? kinds.person : [])])];
      if (placed.some((d) => d.kind === 'channel')) allowed.push(...kinds.channel);
      if (placed.some((d) => d.kind === 'person')) allowed.push(...kinds.person);
      previous = [...new Set([...kinds.channel, ...kinds.person])];
      grants.push({
        clause: c.index,
        verb: c.verb,
        kinds: [...new Set(allowed)],
        channels,
        people,
        threads,
        described: placed,
        fallbackChannels: requestChannels,
      });
      if (people.length >= 3) massMention = true;
    } else if (c.intent === 'change' && c.verb) {
      const text = `${c.text} ${c.content}`;
      changes.push({
        clause: c.index,
        verb: c.verb,
        family: opFamilyOf(c.verb) ?? 'update',
        mentions: c.mentions,
        stems: c.stems,
        words: new Set([...c.words, ...tokenize(c.content).map((t) => t.value)]),
        level: levelOf(text) ?? levelOf(plain),
        visibility: /\bprivate\b/i.test(text) ? 'private' : /\bpublic\b/i.test(text) ? 'public' : null,
        wildcard: /\b(?:all|every|everyone|everybody|any|whole|entire)\b/i.test(text),
        span: requestedSpan(text) ?? requestedSpan(plain),
      });
    }
  }
  const reportVerbs = [
    ...new Set(
      active.filter((c) => c.intent === 'report' && !c.negated && c.verb).map((c) => c.verb as string),
    ),
  ];
  return {
    requester: request.requester,
    origin: { channel: request.origin.channel, thread: request.origin.thread ?? null },
    platform: request.platform,
    clauses,
    grants,
    changes,
    denials,
    reportVerbs,
    privateOnly: PRIVATE_MARKERS.test(plain),
    urls: [...new Set((request.text.match(URL) ?? []).map((u) => u.replace(/[).,;:!?'"\]}>]+$/, '')))],
    broadcast,
    massMention,
  };
}
