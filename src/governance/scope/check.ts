// Is this action one the request asked for? Kind and target against the scope's grants, prohibitions
// and the standing permission to answer the requester where they spoke or by DM.
import type { ActionInput, Context, PersonRef } from '../model.ts';
import { bestMatch, breadth, changeOf } from './config.ts';
import { changePhrase, denialPhrase, grantPhrase, placeOf, reportPhrase, who } from './describe.ts';
import { Resolver } from './resolve.ts';
import type { Denial, Grant, Mention, Scope, ScopeReason, ScopeVerdict } from './types.ts';

export interface CheckInput {
  scope: Scope | null;
  agent: PersonRef;
  action: ActionInput;
  context?: Context | undefined;
  platform?: string | undefined;
}

/** The standing grant: a DM to the requester, or a reply where they spoke (same thread when given). */
export function answersRequester(scope: Scope, action: ActionInput, r: Resolver): boolean {
  if (action.kind === 'dm') return !!action.recipient && r.isRequester(scope.requester, action.recipient);
  if (action.kind === 'config_change' || !action.channel) return false;
  if (!r.sameChannel(action.channel, scope.origin.channel)) return false;
  if (scope.origin.thread) return action.kind === 'reply' && action.thread === scope.origin.thread;
  return true;
}

type Fit = 'ok' | 'kind' | 'none';

const inWords = (scope: Scope, clause: number, keys: Set<string>): boolean => {
  const words = scope.clauses[clause]?.words;
  return !!words && [...keys].some((k) => words.has(k));
};

/** Does the action reach a target the grant (or denial) names? Independent of kind. */
function reaches(
  t: { channels: Mention[]; people: Mention[]; threads?: string[]; described?: Grant['described'] },
  action: ActionInput,
  r: Resolver,
  fallback: Mention[] | null,
  words: (keys: Set<string>) => boolean,
): boolean {
  const described = t.described ?? [];
  if (action.kind === 'dm') {
    const to = action.recipient ?? '';
    // "Give Marisa Tomasz's number": the owner (Tomasz's) is not a recipient when someone else is named.
    const direct = t.people.filter((m) => !/['’]s?$/.test(m.raw));
    const people = direct.length ? direct : t.people;
    return (
      r.mentionsPerson(people, to) ||
      (people.length > 0 && words(r.personKeys(to))) ||
      described.some((d) => d.kind === 'person')
    );
  }
  const channel = action.channel ?? '';
  const threads = t.threads ?? [];
  if (threads.length) {
    const inThread = action.kind === 'reply' && threads.includes(String(action.thread ?? '').toLowerCase());
    return inThread && (!t.channels.length || r.mentionsChannel(t.channels, channel));
  }
  if (t.channels.length) return r.mentionsChannel(t.channels, channel);
  for (const d of described) {
    if (d.kind === 'person') return true;
    if (d.kind === 'channel') {
      const keys = r.describedChannels(d);
      return keys === null || [...r.channelKeys(channel)].some((k) => keys.has(k));
    }
  }
  if (t.people.length && action.kind === 'reply' && fallback) {
    return !fallback.length || r.mentionsChannel(fallback, channel);
  }
  return false;
}

function fitOf(scope: Scope, g: Grant, action: ActionInput, r: Resolver): Fit {
  if (!reaches(g, action, r, g.fallbackChannels, (k) => inWords(scope, g.clause, k))) return 'none';
  return g.kinds.includes(action.kind) ? 'ok' : 'kind';
}

function denied(scope: Scope, d: Denial, action: ActionInput, r: Resolver): boolean {
  if (!d.kinds.includes(action.kind)) return false;
  if (!d.channels.length && !d.people.length) return true;
  return reaches(d, action, r, [], (k) => inWords(scope, d.clause, k));
}

const reason = (code: string, message: string): ScopeReason => ({ code, category: 'scope', message });

function checkChange(scope: Scope | null, input: CheckInput, r: Resolver, agent: string): ScopeVerdict {
  const read = changeOf(input.action);
  const change = read.change;
  const place = placeOf(input.action, r, input.platform ?? scope?.platform ?? '');
  if (!scope) {
    const extra = breadth(change, null, r, { id: '' }, input.action.text);
    return {
      inScope: false,
      toRequester: false,
      reasons: [reason('scope.no_request', noRequest(agent, place)), ...extra],
    };
  }
  const asker = who(scope.requester);
  const best = bestMatch(scope, read, r, input.action.text);
  if (best && !best.misses.length && !best.extra.length)
    return { inScope: true, toRequester: false, reasons: [] };
  if (!best) {
    const extra = breadth(change, null, r, scope.requester, input.action.text);
    const code = scope.grants.length ? 'scope.unrequested_kind' : 'scope.report_only';
    const asked = scope.grants[0] ? `to ${grantPhrase(scope.grants[0], r)}` : reportPhrase(scope);
    return {
      inScope: false,
      toRequester: false,
      reasons: [reason(code, `${asker} asked ${agent} ${asked}, not to ${place}`), ...extra],
    };
  }
  const fields = best.misses.length ? `its ${best.misses.join(' and ')} differ` : 'it grants more than asked';
  const msg = `${asker} asked ${agent} to "${changePhrase(best.grant, scope)}"; this change (${place}) does not match: ${fields}`;
  return {
    inScope: false,
    toRequester: false,
    reasons: [reason('scope.config_mismatch', msg), ...best.extra],
  };
}

const noRequest = (agent: string, place: string): string =>
  `no human asked for this: ${agent} acted on its own and wants to ${place}`;

export function checkScope(input: CheckInput): ScopeVerdict {
  const { scope, action } = input;
  const r = new Resolver(input.context);
  const agent = who(input.agent);
  if (action.kind === 'config_change') return checkChange(scope, input, r, agent);
  const place = placeOf(action, r, input.platform ?? scope?.platform ?? '');
  if (!scope)
    return {
      inScope: false,
      toRequester: false,
      reasons: [reason('scope.no_request', noRequest(agent, place))],
    };
  if (answersRequester(scope, action, r)) return { inScope: true, toRequester: true, reasons: [] };

  const asker = who(scope.requester);
  const targeted = scope.denials.find(
    (d) => (d.channels.length || d.people.length) && denied(scope, d, action, r),
  );
  const matches = scope.grants.map((g) => [g, fitOf(scope, g, action, r)] as const);
  const ok = matches.find(([, f]) => f === 'ok');
  const blanket = scope.denials.find(
    (d) => !d.channels.length && !d.people.length && denied(scope, d, action, r),
  );
  const denial = targeted ?? (ok ? undefined : blanket);
  if (denial) {
    const msg = `${asker} told ${agent} ${denialPhrase(denial)}, but it wants to ${place}`;
    return { inScope: false, toRequester: false, reasons: [reason('scope.negated', msg)] };
  }
  if (ok) return { inScope: true, toRequester: false, reasons: [] };
  const wrongKind = matches.find(([, f]) => f === 'kind');
  if (wrongKind) {
    const msg = `${asker} asked ${agent} to ${grantPhrase(wrongKind[0], r)}, not to ${place}`;
    return { inScope: false, toRequester: false, reasons: [reason('scope.unrequested_kind', msg)] };
  }
  const first = scope.grants[0];
  if (first) {
    const msg = `${asker} asked ${agent} to ${grantPhrase(first, r)}, not to ${place}`;
    return { inScope: false, toRequester: false, reasons: [reason('scope.unrequested_target', msg)] };
  }
  if (scope.changes.length) {
    const msg = `${asker} asked ${agent} for a change ("${changePhrase(scope.changes[0]!, scope)}"), not to ${place}`;
    return { inScope: false, toRequester: false, reasons: [reason('scope.unrequested_kind', msg)] };
  }
  const msg = `${asker} asked ${agent} ${reportPhrase(scope)}, not to ${place}`;
  return { inScope: false, toRequester: false, reasons: [reason('scope.report_only', msg)] };
}
