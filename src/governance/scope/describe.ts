// Reviewer-readable phrases: who asked for what, and what the action would do instead.
// "Sam asked helper-bot to analyze and report back, not to reply in #infra-help".
import type { ActionInput, PersonRef } from '../model.ts';
import type { Resolver } from './resolve.ts';
import type { ChangeGrant, Denial, Grant, Mention, Scope } from './types.ts';

export const who = (p: { id: string; name?: string | undefined }): string => p.name ?? p.id;

const quote = (s: string): string => {
  const t = s
    .replace(/\u0000Q\d+\u0000/g, '"…"')
    .replace(/\s+/g, ' ')
    .trim();
  return t.length > 70 ? `${t.slice(0, 67)}…` : t;
};

export function placeOf(action: ActionInput, r: Resolver, platform: string): string {
  const channel = action.channel ? r.channelName(action.channel) : '?';
  const where = platform === 'forum' ? `'${channel}'` : `#${channel}`;
  switch (action.kind) {
    case 'post':
      return platform === 'forum' ? `open a topic in ${where}` : `post in ${where}`;
    case 'reply':
      return platform === 'forum'
        ? `reply in topic ${action.thread ?? '?'} in ${where}`
        : `reply in ${where}`;
    case 'dm':
      return `send a direct message to ${r.personName(action.recipient ?? '?')}`;
    case 'config_change': {
      const c = action.change;
      if (!c) return 'make a configuration change';
      const target = c.target ? ` on ${r.channel(c.target) ? '#' : ''}${r.channelName(c.target)}` : '';
      const subject = c.subject ? ` for ${r.personName(c.subject)}` : '';
      return `${c.operation.replace(/_/g, ' ')}${target}${subject} (${c.system})`;
    }
  }
}

const names = (ms: ReadonlyArray<Mention>, r: Resolver, kind: 'channel' | 'person'): string[] =>
  ms.map((m) => (kind === 'channel' ? `#${r.channelName(m.value)}` : r.personName(m.raw.replace(/^@/, ''))));

export function grantPhrase(g: Grant, r: Resolver): string {
  const people = names(g.people, r, 'person');
  const channels = names(g.channels, r, 'channel');
  const threads = g.threads.map((t) => `topic ${t}`);
  const parts = [people.length ? people.join(' and ') : '', [...channels, ...threads].join(', ')].filter(
    Boolean,
  );
  const described = g.described.map((d) => d.text).join(', ');
  const target = parts.length ? ` ${parts.join(' in ')}` : described ? ` ${described}` : '';
  return `${g.verb}${target}`.trim();
}

export const changePhrase = (c: ChangeGrant, scope: Scope): string =>
  quote(`${scope.clauses[c.clause]?.text ?? c.verb} ${scope.clauses[c.clause]?.content ?? ''}`);

export const denialPhrase = (d: Denial): string => `"${quote(d.text)}"`;

/** Verbs that only say "give it back to me"; the message says "report back" for them. */
const BACK =
  /^(?:what|why|how|who|when|where|which|whether|is|are|do|asked|tell|let|send|get|fill|brief|report|return|dm|message|give|share|reply|keep|email|ping|write|answer)\b/i;

export function reportPhrase(scope: Scope): string {
  const verbs = scope.reportVerbs.filter((v) => !BACK.test(v));
  const eyes = scope.privateOnly ? ' (for their eyes only)' : '';
  if (!verbs.length) return `a question, to be answered back to them${eyes}`;
  const list = verbs.slice(0, 3).join(', ');
  return `to ${list} and report back${eyes}`;
}

export const agentName = (agent: PersonRef): string => who(agent);
