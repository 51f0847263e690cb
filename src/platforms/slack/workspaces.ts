// Which bot token a Slack call uses. One workspace (SLACK_BOT_TOKEN): always that one. Several ("Add to
// Slack"): the token of the workspace the call is for, opened from its installation row. The workspace
// of an outbound call is, in order: the one named in the ref of what Airlock posted before (updates and
// deletes); the one the request answered came from (learned when the request was recorded from a Slack
// event); the one the channel or DM recipient was last seen in; else, with exactly one installation, that
// one. An uninstalled workspace, or one Airlock cannot tell, is a permanent PlatformError, never a retry.
import type { Action } from '../../governance/model.ts';
import { type SecretBox, SecretBoxError } from '../../secret-box.ts';
import { PlatformError } from '../platform.ts';
import { createSlackApi, type SlackApi } from './client.ts';
import type { SlackInstallationRepo, SlackInstallationRow, WorkspaceKey } from './installations.ts';

export interface Workspaces {
  /** True with several workspaces (installations), false with one bot token. */
  readonly multi: boolean;
  /** The Web API as the given workspace (null: the only one). Throws a permanent PlatformError. */
  apiFor(team: string | null): Promise<SlackApi>;
  /** The same, with the installation it resolved to (null in one-workspace mode). */
  resolve(team: string | null): Promise<{ api: SlackApi; team: string | null }>;
  /** The workspace an action's post, card and notice belong to; null when unknown (the only one is used). */
  teamOf(action: Action, requestId?: string | null): Promise<string | null>;
  /** The workspace a channel was seen in. */
  teamOfChannel(channel: string): Promise<string | null>;
  /** Remembers where a request, channel or user belongs (several workspaces only). */
  learn(kind: WorkspaceKey, key: string, team: string | null): Promise<void>;
  /** `app_uninstalled` / `tokens_revoked`: later calls for this workspace fail permanently. */
  revoke(team: string): Promise<boolean>;
  /** Every workspace's API (listing channels across workspaces). */
  all(): Promise<SlackApi[]>;
}

export interface WorkspacesOptions {
  apiUrl: string;
  now: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

export function singleWorkspace(botToken: string, opts: WorkspacesOptions): Workspaces {
  const api = createSlackApi({
    token: botToken,
    apiUrl: opts.apiUrl,
    ...(opts.sleep ? { sleep: opts.sleep } : {}),
  });
  return {
    multi: false,
    apiFor: async () => api,
    resolve: async () => ({ api, team: null }),
    teamOf: async () => null,
    teamOfChannel: async () => null,
    learn: async () => {},
    revoke: async () => false,
    all: async () => [api],
  };
}

const permanent = (code: string, message: string, cause?: unknown) =>
  new PlatformError('slack', code, message, { retryable: false, ...(cause ? { cause } : {}) });

export function installedWorkspaces(
  repo: SlackInstallationRepo,
  box: SecretBox,
  opts: WorkspacesOptions,
): Workspaces {
  // One client per workspace and sealed token: a re-install (new token) gets a new client.
  const clients = new Map<string, { sealed: string; api: SlackApi }>();
  const label = (row: SlackInstallationRow) => `${row.teamName ?? row.enterpriseName ?? row.id} (${row.id})`;

  const clientOf = (row: SlackInstallationRow): SlackApi => {
    const hit = clients.get(row.id);
    if (hit && hit.sealed === row.botToken) return hit.api;
    let token: string;
    try {
      token = box.open(row.botToken, row.id);
    } catch (e) {
      const why = e instanceof SecretBoxError ? e.message : 'cannot be decrypted';
      throw permanent(
        'token_undecryptable',
        `the bot token of Slack workspace ${label(row)} ${why}; check AIRLOCK_ENCRYPTION_KEY or reinstall at /slack/install`,
        e,
      );
    }
    const api = createSlackApi({ token, apiUrl: opts.apiUrl, ...(opts.sleep ? { sleep: opts.sleep } : {}) });
    clients.set(row.id, { sealed: row.botToken, api });
    return api;
  };

  const rowFor = async (team: string | null): Promise<SlackInstallationRow> => {
    if (team === null) {
      const active = await repo.active();
      if (active.length === 1) return active[0]!;
      throw permanent(
        'unknown_workspace',
        active.length === 0
          ? 'Airlock is not installed in any Slack workspace yet; install it at /slack/install'
          : `Airlock is installed in ${active.length} Slack workspaces and cannot tell which one this is for (reply to a request recorded from Slack, or in a channel Airlock has seen)`,
      );
    }
    const row = await repo.get(team);
    if (!row)
      throw permanent(
        'workspace_not_installed',
        `Airlock is not installed in Slack workspace ${team}; install it at /slack/install`,
      );
    if (row.revokedAt)
      throw permanent(
        'workspace_uninstalled',
        `Airlock was uninstalled from Slack workspace ${label(row)} on ${row.revokedAt.toISOString()} (or its token was revoked); nothing was posted. Reinstall at /slack/install`,
      );
    return row;
  };

  const teamOfChannel = (channel: string) => repo.workspaceOf('channel', channel);

  return {
    multi: true,
    apiFor: async (team) => clientOf(await rowFor(team)),
    resolve: async (team) => {
      const row = await rowFor(team);
      return { api: clientOf(row), team: row.id };
    },
    teamOf: async (action, requestId) => {
      const request = requestId ?? action.requestId;
      return (
        (request ? await repo.workspaceOf('request', request) : null) ??
        (action.channel ? await teamOfChannel(action.channel) : null) ??
        (action.recipient ? await repo.workspaceOf('user', action.recipient) : null)
      );
    },
    teamOfChannel,
    learn: async (kind, key, team) => {
      if (team && key) await repo.remember(kind, key, team, opts.now());
    },
    revoke: async (team) => {
      clients.delete(team);
      return repo.revoke(team, opts.now());
    },
    all: async () =>
      (await repo.active()).flatMap((row) => {
        try {
          return [clientOf(row)];
        } catch {
          return [];
        }
      }),
  };
}
