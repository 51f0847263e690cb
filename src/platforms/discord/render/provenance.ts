// The quiet provenance line on every post Airlock makes for an agent. It also carries the action id,
// which is how a retry finds an earlier delivery of the same action among a channel's recent messages.
import type { APIEmbed, APIMessage } from 'discord-api-types/v10';
import type { Agent } from '../../../governance/model.ts';
import { clip, LIMITS } from './text.ts';

export function provenanceEmbed(actionId: string, agentName: string | null, approvedBy: string[]): APIEmbed {
  const who = approvedBy.length > 0 ? `approved by ${approvedBy.join(', ')}` : 'within the request';
  const agent = agentName ? `${agentName} via Airlock` : 'via Airlock';
  return { footer: { text: clip(`${agent} · ${who} · ${actionId}`, LIMITS.footer) } };
}

export const carriesAction = (m: Pick<APIMessage, 'embeds'>, actionId: string) =>
  (m.embeds ?? []).some((e) => e.footer?.text?.endsWith(` · ${actionId}`));

/** A webhook username Discord accepts: 1–80 characters, without "discord" or "clyde". */
export function webhookName(agent: Pick<Agent, 'name'> | null): string {
  const name = (agent?.name ?? 'Airlock agent').replace(/discord/gi, 'dc').replace(/clyde/gi, 'cl');
  return clip(name.trim() || 'Airlock agent', 80);
}
