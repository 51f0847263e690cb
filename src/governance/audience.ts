// Who would read an action, from `context`: it weighs findings (the same secret is worse in a
// 3,000-member or external channel than in a DM to the requester), never clean requested posts.
import type { ActionInput, Context, Risk } from './model.ts';
import { RISKS, riskRank } from './model.ts';

export type AudienceLevel = 'requester' | 'person' | 'system' | 'channel' | 'large' | 'external';

export interface Audience {
  level: AudienceLevel;
  /** Risk steps this audience adds to a finding: -1 for the requester alone, up to +2. */
  step: number;
  members: number | null;
  /** Reviewer-readable: "#platform-help (480 members, public)". */
  label: string;
}

/** Members at which a public channel counts as large, and as very large. */
export const LARGE_CHANNEL = 100;
export const HUGE_CHANNEL = 1000;

const lower = (s: string): string => s.replace(/^#/, '').toLowerCase();

export function audienceOf(
  action: ActionInput,
  toRequester: boolean,
  context: Context | undefined,
): Audience {
  if (action.kind === 'config_change')
    return { level: 'system', step: 0, members: null, label: 'a system change' };
  if (toRequester) return { level: 'requester', step: -1, members: null, label: 'the requester only' };
  if (action.kind === 'dm')
    return { level: 'person', step: 0, members: 1, label: `a DM to ${action.recipient ?? '?'}` };
  const key = lower(action.channel ?? '');
  const facts = context?.channels?.find(
    (c) => c.id.toLowerCase() === key || (c.name && lower(c.name) === key),
  );
  const name = `#${facts?.name ?? action.channel ?? '?'}`;
  if (!facts) return { level: 'channel', step: 0, members: null, label: name };
  const members = facts.members ?? null;
  const isPublic = facts.private !== true;
  let step = 0;
  if (isPublic && members !== null && members >= HUGE_CHANNEL) step = 2;
  else if (isPublic && members !== null && members >= LARGE_CHANNEL) step = 1;
  if (facts.external) step = Math.min(2, step + 1);
  const level: AudienceLevel = facts.external ? 'external' : step > 0 ? 'large' : 'channel';
  const traits = [
    members !== null ? `${members} members` : null,
    isPublic ? 'public' : 'private',
    facts.external ? 'external/shared' : null,
  ].filter(Boolean);
  return { level, step, members, label: `${name} (${traits.join(', ')})` };
}

/**
 * A finding's risk in front of this audience: shifted by the audience's step, never below `floor`
 * (risky categories stay ≥ medium even in a DM to the requester) and never above high (critical is
 * for blocking content only).
 */
export function weigh(risk: Risk, audience: Audience, floor: Risk = 'none'): Risk {
  if (risk === 'critical') return risk;
  const shifted = Math.max(riskRank(floor), Math.min(riskRank('high'), riskRank(risk) + audience.step));
  return RISKS[Math.max(shifted, riskRank(floor))] ?? risk;
}
