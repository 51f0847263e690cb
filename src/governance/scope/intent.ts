// What one clause asks for: report / respond / change / none. A clause's lead verb decides when it is
// unambiguous ("analyze", "reply", "invite"); otherwise a naive Bayes classifier trained on
// utterances.ts picks among the labels the clause has evidence for (a respond label needs a respond
// verb somewhere in the clause), so every label can be explained by a word the human wrote.
import Bayes from 'natural/lib/natural/classifiers/bayes_classifier.js';
import {
  AMBIGUOUS_VERBS,
  CHANGE_VERBS,
  COMMUNICATIVE_VERBS,
  levelOf,
  type Intent,
  NEGATORS,
  NOT_NAMES,
  OPENERS,
  REPORT_VERBS,
  RESPOND_VERBS,
  SUBJECT_PRONOUNS,
  stem,
} from './lexicon.ts';
import { type ClauseScan, scanClause, type Token } from './mentions.ts';
import { UTTERANCES } from './utterances.ts';

/** Imperatives that are verbs but name no intent on their own ("use @here to warn", "go ahead"). */
const GENERIC_VERBS = new Set(
  'use go get do try keep have bring loop hold wait follow put run fix handle take find leave include let ask'
    .split(' ')
    .map(stem),
);
const QUESTION_WORDS = new Set(
  'what why how who when where which whose is are was were does do did has have should shall any'.split(' '),
);
const VERB_SETS: ReadonlyArray<[Exclude<Intent, 'none'>, ReadonlySet<string>]> = [
  ['report', REPORT_VERBS],
  ['respond', RESPOND_VERBS],
  ['change', CHANGE_VERBS],
];

export const isVerbStem = (s: string): boolean =>
  REPORT_VERBS.has(s) || RESPOND_VERBS.has(s) || CHANGE_VERBS.has(s) || GENERIC_VERBS.has(s);

/** Classifier features: stems, with targets abstracted so the model learns structure, not names. */
export function features(tokens: ReadonlyArray<Token>, scan: ClauseScan, question: boolean): string[] {
  const named = new Set(scan.mentions.filter((m) => m.kind === 'person').map((m) => m.value));
  const out: string[] = [];
  tokens.forEach((t, i) => {
    let f: string;
    if (t.type === 'channel') f = 'CHAN';
    else if (t.type === 'person' || t.type === 'email' || (t.type === 'word' && named.has(t.value)))
      f = 'PERSON';
    else if (t.type === 'word') f = stem(t.value);
    else f = t.type.toUpperCase();
    out.push(f);
    if (i === 0) out.push(`LEAD_${f}`);
  });
  if (question) out.push('QUESTION');
  return out;
}

interface Model {
  bayes: InstanceType<typeof Bayes>;
  index: Map<string, number>;
}

let model: Model | null = null;

/** Trained once, on first use; about 250 short documents, a few milliseconds. */
function classifier(): Model {
  if (model) return model;
  const bayes = new Bayes();
  for (const [text, label] of UTTERANCES) {
    const scan = scanClause(text, [], true);
    bayes.addDocument(features(scan.tokens, scan, false), label);
  }
  bayes.train();
  model = { bayes, index: new Map(Object.keys(bayes.features).map((f, i) => [f, i])) };
  return model;
}

/** Train now rather than on the first request (the classifier calls this when it is created). */
export function warmUp(): void {
  classifier();
}

/** Same ranking as `getClassifications`, without natural's scan of every feature per call. */
function classify(feats: ReadonlyArray<string>): { label: string; value: number }[] {
  const { bayes, index } = classifier();
  const vector = new Array<number>(index.size).fill(0);
  for (const f of feats) {
    const i = index.get(f);
    if (i !== undefined) vector[i] = 1;
  }
  return bayes.classifier.getClassifications(vector);
}

export interface ClauseIntent {
  intent: Intent;
  verb: string | null;
  negated: boolean;
  /** The clause with openers and negation removed. */
  body: string;
  scan: ClauseScan;
}

function strip(text: string): { body: string; negated: boolean } {
  let body = text.trim().replace(/^[\s,;:.!?-]+/, '');
  let negated = false;
  for (let again = true; again; ) {
    again = false;
    // A leading vocative mention ("<@B900> reply…", "@helper-bot, post…") addresses the agent.
    const voc = /^(?:<@[!&]?[A-Za-z0-9]+(?:\|[^>]*)?>|@[\w.-]+)[\s,:]*(?=\S)/.exec(body);
    // "<@U200> was asking about…", "@dora should be a moderator": the mention is the subject.
    if (voc && !SUBJECT_VERB.test(body.slice(voc[0].length))) {
      body = body.slice(voc[0].length);
      again = true;
    }
    for (const re of OPENERS) {
      const m = re.exec(body);
      if (m && m[0].length > 0) {
        body = body.slice(m[0].length);
        again = true;
      }
    }
    const neg = NEGATORS.exec(body);
    if (neg && neg[0].length > 0) {
      body = body.slice(neg[0].length);
      negated = true;
      again = true;
    }
  }
  return { body, negated };
}

const SUBJECT_VERB =
  /^(?:was|is|has|had|asked|asks|posted|wrote|needs?|should|must|wants?|keeps?|left|started|said|mentioned|raised|reported|joined|moved|lost|found|can't|cannot|could|would|will|did|does)\b/i;

const PARTICLES = new Set(['into', 'over', 'at', 'up', 'out', 'through', 'about', 'in', 'on', 'off', 'back']);

/** "look into", "figure out", "turn off": the verb as the human wrote it, with its particle. */
function withParticle(tokens: ReadonlyArray<Token>, i: number): string {
  const v = tokens[i]?.value ?? '';
  const next = tokens[i + 1];
  return next && next.type === 'word' && PARTICLES.has(next.value) && !tokens[i + 2]?.value.startsWith('#')
    ? `${v} ${next.value}`
    : v;
}

const SAY_TO = new Set(
  ['tell', 'let', 'send', 'ask', 'show', 'remind', 'give', 'nudge', 'chase', 'help'].map(stem),
);
const PLACE = new Set(['share', 'send', 'drop', 'put', 'post', 'give', 'write'].map(stem));
/** Generic verbs that become a change with an access noun ("send Dora an invite", "get Omar access"). */
const GIVERS = new Set(['send', 'get', 'give', 'issue', 'set', 'sort', 'hook'].map(stem));
const ACCESS_NOUNS =
  /\b(?:access|role|roles|rights|permissions?|admin|owner|membership|seat|license|licence)\b/i;

/**
 * Ambiguous verbs aimed at a person or a channel say something to them: "tell Thandiwe which card
 * failed", "share the notes in the partner channel", "give Marisa the number" (but "give Tomasz
 * access" is a change).
 */
function aimedAt(tokens: ReadonlyArray<Token>, scan: ClauseScan): boolean {
  const lead = tokens[0];
  if (lead?.type !== 'word') return false;
  const s = stem(lead.value);
  const body = tokens.map((t) => t.raw).join(' ');
  if (s === stem('give') && (ACCESS_NOUNS.test(body) || levelOf(body) !== null)) return false;
  const next = tokens[1];
  const named = (t: Token | undefined): boolean =>
    !!t &&
    !t.possessive &&
    scan.mentions.some((m) => (m.kind === 'person' || m.kind === 'channel') && m.value === t.value);
  if (SAY_TO.has(s) && (next?.type === 'person' || next?.type === 'channel' || named(next))) return true;
  const channel =
    scan.mentions.some((m) => m.kind === 'channel') || scan.described.some((d) => d.kind === 'channel');
  const person = scan.mentions.some((m) => m.kind === 'person');
  return PLACE.has(s) && channel && !person;
}

/** Words after which a verb-looking word is a noun: "Wen's message", "a reply", "the post". */
const DETERMINERS = new Set(
  'a an the his her their my your our its this that these those some any each every no'.split(' '),
);

const verbOf = (tokens: ReadonlyArray<Token>, set: ReadonlySet<string>): string | null =>
  tokens.find((t, i) => {
    if (t.type !== 'word' || !set.has(stem(t.value))) return false;
    if (NOUN_EVIDENCE.has(t.value)) return true;
    const prev = tokens[i - 1];
    return i === 0 || !prev || !(DETERMINERS.has(prev.value) || prev.possessive === true);
  })?.value ?? null;

/** Nouns that are evidence as nouns: "open a topic", "make an announcement". */
const NOUN_EVIDENCE = new Set(['topic', 'announcement', 'thread']);

/** Drafting verbs: the result comes back to the requester unless the clause names where it goes. */
const DRAFT_VERBS = new Set(['draft', 'prepare', 'compose', 'write', 'redraft'].map(stem));

/** "Nadia needs to be invited", "Omar should be in #ops": a change asked for in the passive. */
const PASSIVE_CHANGE =
  /^\S+\s+(?:needs?|should|must|has\s+to|have\s+to|ought\s+to)\s+(?:to\s+)?(?:be|get)\s+(?:(invited|added|removed|kicked|promoted|demoted|granted|given|made|moved|re-?added)\b|(?:in|into|on|a|an)\s)/i;
const PARTICIPLE: Readonly<Record<string, string>> = {
  invited: 'invite',
  added: 'add',
  readded: 'add',
  're-added': 'add',
  removed: 'remove',
  kicked: 'kick',
  promoted: 'promote',
  demoted: 'demote',
  granted: 'grant',
  given: 'give',
  made: 'make',
  moved: 'move',
};

/** "send Dora an invite", "get Omar access": a generic verb whose object is an access noun. */
const CHANGE_NOUN =
  /\b(?:invite|invitation|access(?!\s+(?:logs?|requests?|reports?|patterns?))|permissions?|role|seat|licen[cs]e|membership)\b/i;
/** "get Hamish into this channel", "take Quentin off #ops": a person moved into or out of a place. */
const MOVE_INTO =
  /^(?:get|bring|pull|put|move|sneak)\s+\S+(?:\s+\S+)?\s+(?:into|in|onto|on\s+to)\s+(?:#|<#|this\s+(?:channel|server|group|space)|the\s+[\w-]+\s+(?:channel|server|group)|here\b|our\s+(?:workspace|server))/i;
const MOVE_OUT = /^(?:take|get|pull|boot|move|drop|kick)\s+\S+(?:\s+\S+)?\s+(?:off|out\s+of|from)\b/i;
/** "have a look at …", "take a quick peek": report idioms whose verb is a noun. */
const LOOK =
  /^(?:have|take|give\s+it)\s+a\s+(?:quick\s+|close\s+|good\s+|proper\s+)?(?:look|peek|glance|read|skim|pass)\b/i;
const NOUN_VERB: ReadonlyArray<[RegExp, string]> = [
  [/\binvit/i, 'invite'],
  [/./, 'grant'],
];
/** "let Alice see the doc", "let Omar into #ops": permission, not a message. */
const LET_ACCESS =
  /^let\s+\S+(?:\s+\S+)?\s+(?:see|view|access|edit|use|join|into|read|comment)\b(?!.*\bknow\b)/i;

export function labelClause(text: string, quoted: ReadonlyArray<string>): ClauseIntent {
  const { body, negated } = strip(text);
  const scan = scanClause(body, quoted, true);
  const tokens = scan.tokens;
  const lead = tokens[0];
  const question = /\?\s*$/.test(body);
  const none = (intent: Intent, verb: string | null): ClauseIntent => ({ intent, verb, negated, body, scan });
  if (!lead) return none(/\b(?:eyes only|between us)\b/i.test(text) ? 'report' : 'none', null);
  const leadStem = lead.type === 'word' ? stem(lead.value) : '';

  if (lead.type === 'word' && QUESTION_WORDS.has(lead.value) && !isVerbStem(leadStem)) {
    return none('report', lead.value);
  }
  if (lead.type === 'word' && (lead.value === 'do' || lead.value === 'does') && question)
    return none('report', 'do');
  // A statement ("Ilse posted…", "I can't give them…") asks the agent for nothing.
  const statement =
    lead.type !== 'word' ||
    SUBJECT_PRONOUNS.has(lead.value) ||
    (!isVerbStem(leadStem) && !QUESTION_WORDS.has(lead.value)) ||
    (lead.capitalized === true && !isVerbStem(leadStem) && !NOT_NAMES.has(lead.value));
  if (LOOK.test(body)) return none('report', 'look');
  const passive = PASSIVE_CHANGE.exec(body);
  if (passive && !negated) {
    // The subject of the passive is who the change is for.
    if (lead.type === 'word' && !NOT_NAMES.has(lead.value) && !SUBJECT_PRONOUNS.has(lead.value))
      scan.mentions.push({ kind: 'person', value: lead.value, raw: lead.raw });
    return none('change', PARTICIPLE[(passive[1] ?? '').toLowerCase()] ?? 'add');
  }
  if (statement) {
    if (/^(?:i|we)\b/i.test(body) && /\b(?:need|want|would like|'d like)\b/i.test(body) && !negated) {
      return none('report', 'asked for');
    }
    return none(question ? 'report' : 'none', question ? 'asked' : null);
  }

  const evidence = new Map<Intent, string>();
  for (const [label, set] of VERB_SETS) {
    const v = verbOf(tokens, set);
    if (v) evidence.set(label, v);
  }
  let intent: Intent;
  let verb: string | null;
  const sole = VERB_SETS.filter(([, set]) => set.has(leadStem));
  const second = tokens[1];
  const personNext =
    second?.type === 'person' ||
    (second?.type === 'word' && second.capitalized === true && !NOT_NAMES.has(second.value));
  if (personNext && MOVE_INTO.test(body)) return none('change', 'add');
  if (personNext && MOVE_OUT.test(body)) return none('change', 'remove');
  if (lead.type === 'word' && (LET_ACCESS.test(body) || (GIVERS.has(leadStem) && CHANGE_NOUN.test(body)))) {
    const noun = CHANGE_NOUN.exec(body)?.[0] ?? '';
    const v = leadStem === stem('let') ? 'let' : (NOUN_VERB.find(([re]) => re.test(noun))?.[1] ?? 'grant');
    return none('change', v);
  }
  // "give me a recap of #ops", "DM me your take on Faisal's question": the requester is the recipient.
  if (
    lead.type === 'word' &&
    second?.type === 'word' &&
    (second.value === 'me' || second.value === 'us') &&
    (RESPOND_VERBS.has(leadStem) || SAY_TO.has(leadStem) || PLACE.has(leadStem))
  ) {
    return none('report', `${lead.value} me`);
  }
  // "draft a reply to Nadia", "write up an answer": a draft for the requester, not a message.
  if (
    lead.type === 'word' &&
    DRAFT_VERBS.has(leadStem) &&
    !(leadStem === stem('write') && second?.value === 'to')
  ) {
    return none('report', withParticle(tokens, 0));
  }
  const aimed = aimedAt(tokens, scan);
  if (aimed) {
    intent = 'respond';
    verb = lead.value;
  } else if (sole.length === 1 && !AMBIGUOUS_VERBS.has(leadStem)) {
    intent = sole[0]![0];
    verb = withParticle(tokens, 0);
  } else {
    // An imperative with a verb of some label is not 'none' unless its verb is a generic one ("follow").
    const canBeNone = evidence.size === 0 || GENERIC_VERBS.has(leadStem);
    const ranked = classify(features(tokens, scan, question));
    const pick = ranked.find(
      (c) => (c.label === 'none' && canBeNone) || c.label === 'report' || evidence.has(c.label as Intent),
    );
    intent = (pick?.label as Intent | undefined) ?? 'report';
    verb = sole.some(([l]) => l === intent) ? withParticle(tokens, 0) : (evidence.get(intent) ?? lead.value);
  }

  // "explain to Tomasz in #infra", "summarize it to #leads": a report verb aimed at someone else.
  if (intent === 'report' && verb && COMMUNICATIVE_VERBS.has(stem(verb))) {
    const to = tokens.findIndex((t, i) => t.value === 'to' && i > 0);
    const next = tokens[to + 1];
    const aimed =
      next &&
      !next.possessive &&
      (next.type === 'channel' ||
        next.type === 'person' ||
        scan.mentions.some((m) => m.kind === 'person' && m.value === next.value));
    if (to > 0 && aimed) return none('respond', verb);
  }
  // "tell me", "send me", "DM me", "get back to me": a respond verb aimed only at the requester.
  if (intent === 'respond') {
    const others =
      scan.mentions.some((m) => m.kind !== 'requester' && m.kind !== 'origin') || scan.described.length;
    const toMe = scan.mentions.some((m) => m.kind === 'requester') || /\b(?:report|get)\s+back\b/i.test(body);
    if (toMe && !others) return none('report', `${verb ?? lead.value} me`);
  }
  return none(intent, verb);
}
