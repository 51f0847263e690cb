// What a request allows, derived once per request and reused by every action that cites it.
// A Scope is independent of `context`: names are kept as written and resolved against context only
// when an action is checked, so the cache key is the request alone.
import type { ActionKind, Category } from '../model.ts';
import type { Span } from './duration.ts';
import type { Intent, OpFamily } from './lexicon.ts';

export type MentionKind = 'channel' | 'person' | 'thread' | 'name' | 'requester' | 'origin';

/** A target as written in the request. `value` is lowercased without `#`/`@`, or an id from markup. */
export interface Mention {
  kind: MentionKind;
  value: string;
  /** As written, for messages: `#infra-help`, `<@U200>`, `Priya`. */
  raw: string;
}

/** A target described instead of named; checked against `context` when an action arrives. */
export interface Description {
  kind: 'channel' | 'person';
  /** As written: "the channel with the most members". */
  text: string;
  /** Lowercased descriptive words ("vendor", "private"), without articles and the head noun. */
  words: string[];
  order: 'most' | 'least' | null;
  /** A thread the context cannot place ("the ticket 4471 thread"): where it is, is named elsewhere or anywhere. */
  thread?: boolean;
}

export interface Clause {
  index: number;
  /** The request part of the clause, as written (quotes replaced). */
  text: string;
  /** The message the clause dictates (after `:`, `that`, `saying`), if any. */
  content: string;
  intent: Intent;
  /** The word that decided the intent, quoted in reasons ("analyze", "tell me"). */
  verb: string | null;
  negated: boolean;
  /** False for list items the request did not select ("do 1 and 3"). */
  selected: boolean;
  /** 1-based item number when the clause came from a numbered or bulleted list. */
  item: number | null;
  mentions: Mention[];
  described: Description[];
  /** Stems of the clause's words (request part and content), for fuzzy config matching. */
  stems: ReadonlySet<string>;
  /** Lowercased words of the request part, for names written without markup. */
  words: ReadonlySet<string>;
}

/** Permission to say something to someone: which kinds, where, and the clause that gave it. */
export interface Grant {
  clause: number;
  verb: string;
  kinds: ReadonlyArray<ActionKind>;
  channels: Mention[];
  people: Mention[];
  threads: string[];
  described: Description[];
  /** Channels named anywhere in the request, used when the grant names a person but no place. */
  fallbackChannels: Mention[];
}

/** Permission to change a system: operation family and the clause whose words name target and subject. */
export interface ChangeGrant {
  clause: number;
  verb: string;
  family: OpFamily;
  mentions: Mention[];
  stems: ReadonlySet<string>;
  words: ReadonlySet<string>;
  /** Privilege level the request named (1 view … 4 admin), if any. */
  level: number | null;
  /** "private" or "public" when the request said so. */
  visibility: 'private' | 'public' | null;
  /** The request asked for everything ("all channels", "every member"). */
  wildcard: boolean;
  /** How long the grant was asked to last (hours, or 'limited'), null when the request set no limit. */
  span: Span | null;
}

/** A prohibition ("don't contact him"); with no targets it forbids the kinds everywhere but the requester. */
export interface Denial {
  clause: number;
  verb: string;
  text: string;
  kinds: ReadonlyArray<ActionKind>;
  channels: Mention[];
  people: Mention[];
}

export interface Scope {
  requester: { id: string; name?: string | undefined };
  origin: { channel: string; thread: string | null };
  platform: string;
  clauses: Clause[];
  grants: Grant[];
  changes: ChangeGrant[];
  denials: Denial[];
  /** Verbs of the clauses that ask for a report back, for messages ("analyze", "summarize"). */
  reportVerbs: string[];
  /** "for my eyes only", "keep it between us": nothing is for anyone else. */
  privateOnly: boolean;
  /** URLs that appear anywhere in the request text (a link there counts as supplied). */
  urls: string[];
  /** Broadcast breadth the request asked for: 0 none, 1 here, 2 channel, 3 everyone. */
  broadcast: number;
  /** The request asked to reach many named people (mass mentions are then supplied). */
  massMention: boolean;
}

export interface ScopeReason {
  code: string;
  category: Category;
  message: string;
}

export interface ScopeVerdict {
  inScope: boolean;
  /** True when the action goes back to the requester (DM to them, or where they spoke). */
  toRequester: boolean;
  reasons: ScopeReason[];
}
