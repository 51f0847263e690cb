// What the inbound handlers share: the gateway (lazy), the Web API, and the adapter's memory of agents.
import type { Agent } from '../../../governance/model.ts';
import { isAirlockError } from '../../../governance/errors.ts';
import type { PlatformGateway } from '../../platform.ts';
import type { SlackApi } from '../client.ts';
import type { WorkspaceKey } from '../installations.ts';

export interface InboundLog {
  warn(obj: object, msg: string): void;
}

export interface InboundContext {
  gateway(): PlatformGateway;
  /** The Web API as the workspace this message came from (its token, with several workspaces). */
  api: SlackApi;
  log: InboundLog;
  /** Remembers agent names seen, so published posts carry the agent's name. */
  rememberAgent(agent: Agent): void;
  /** The installation this message came through (team or enterprise id); null when Slack did not say. */
  team: string | null;
  /** Remembers that a request, channel or user belongs to this message's workspace (several workspaces). */
  learn(kind: WorkspaceKey, key: string): Promise<void>;
  /** `app_uninstalled` / `tokens_revoked` for this message's workspace; false in one-workspace mode. */
  revokeWorkspace(): Promise<boolean>;
}

/** The sentence to show a clicker when the domain refused (its message), or a generic one. */
export function refusal(e: unknown, log: InboundLog): string {
  if (isAirlockError(e)) return e.message;
  log.warn({ err: e }, 'slack inbound: unexpected error');
  return 'Airlock could not do that right now; nothing was changed. Try again in a moment.';
}
