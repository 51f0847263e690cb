// What `airlock agents|reviewers` do, two ways: straight on the database, or, while an `airlock start`
// holds the embedded database, through that server's admin endpoints with the local admin token from
// its server file (PGlite allows one process per data directory).
import type { Config } from '../config.ts';
import type { Agent, Reviewer } from '../governance/model.ts';
import type { Airlock } from '../main.ts';
import { loadConfig, withAirlock } from './context.ts';
import { lockHolder, readServerFile, statePaths } from './local-state.ts';
import { sendApi } from './http-client.ts';
import { fail } from './output.ts';

export interface AdminClient {
  via: string;
  listAgents(): Promise<Agent[]>;
  addAgent(name: string, identities: Record<string, string>): Promise<{ agent: Agent; token: string }>;
  revokeAgent(nameOrId: string): Promise<Agent>;
  pauseAgent(nameOrId: string, reason: string | null): Promise<Agent>;
  resumeAgent(nameOrId: string): Promise<Agent>;
  listReviewers(): Promise<Reviewer[]>;
  addReviewer(
    name: string,
    groups: string[],
    identities: Record<string, string>,
  ): Promise<{ reviewer: Reviewer; token: string }>;
  revokeReviewer(nameOrId: string): Promise<Reviewer>;
}

function direct(a: Airlock): AdminClient {
  return {
    via: 'database',
    listAgents: () => a.store.agents.list(),
    addAgent: (name, identities) => a.gov.admin.addAgent(name, identities, 'cli'),
    revokeAgent: (n) => a.gov.admin.revokeAgent(n, 'cli'),
    pauseAgent: (n, reason) => a.gov.admin.pauseAgent(n, reason, 'cli'),
    resumeAgent: (n) => a.gov.admin.resumeAgent(n, 'cli'),
    listReviewers: () => a.store.reviewers.list(),
    addReviewer: (name, groups, identities) => a.gov.admin.addReviewer(name, groups, identities, 'cli'),
    revokeReviewer: (n) => a.gov.admin.revokeReviewer(n, 'cli'),
  };
}

function overHttp(url: string, token: string, pid: number): AdminClient {
  const call = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    let res: Response;
    try {
      res = await sendApi(url, token, method, path, body);
    } catch (e) {
      fail(
        `the embedded database is held by Airlock pid ${pid}, but it does not answer at ${url} (${(e as Error).message}). Stop it, or try again.`,
        69,
      );
    }
    const data = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
    if (!res.ok)
      fail(data.error?.message ?? `${method} ${path}: HTTP ${res.status}`, res.status === 401 ? 77 : 1);
    return data as T;
  };
  const seg = encodeURIComponent;
  return {
    via: url,
    listAgents: async () => (await call<{ agents: Agent[] }>('GET', '/v1/agents')).agents,
    addAgent: (name, identities) => call('POST', '/v1/agents', { name, identities }),
    revokeAgent: (n) => call('POST', `/v1/agents/${seg(n)}/revoke`),
    pauseAgent: (n, reason) => call('POST', `/v1/agents/${seg(n)}/pause`, reason ? { reason } : {}),
    resumeAgent: (n) => call('POST', `/v1/agents/${seg(n)}/resume`),
    listReviewers: async () => (await call<{ reviewers: Reviewer[] }>('GET', '/v1/reviewers')).reviewers,
    addReviewer: (name, groups, identities) => call('POST', '/v1/reviewers', { name, groups, identities }),
    revokeReviewer: (n) => call('POST', `/v1/reviewers/${seg(n)}/revoke`),
  };
}

/** Runs `fn` against the running local server when it holds the embedded database, else the database. */
export async function withAdmin<T>(
  fn: (c: AdminClient) => Promise<T>,
  config: Config = loadConfig(),
): Promise<T> {
  const holder = lockHolder(config);
  if (holder) {
    const server = readServerFile(config);
    if (!server || server.pid !== holder)
      fail(
        `the embedded database in ${statePaths(config).dir} is held by Airlock pid ${holder}, which is not serving yet; try again in a few seconds (or stop it).`,
        69,
      );
    return fn(overHttp(server.url, server.adminToken, holder));
  }
  return withAirlock((a) => fn(direct(a)), {}, config);
}
