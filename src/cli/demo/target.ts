// Where the demo plays: its own Airlock (a free port, a throwaway in-memory embedded database, the default
// policy, so a running `npm start` is never touched), or the running one at AIRLOCK_URL with the tokens
// from the environment or from the demo identities `airlock start` keeps in its data directory.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { type Config, readConfig } from '../../config.ts';
import { statePaths } from '../local-state.ts';
import { apiClient, DemoStepError } from './http.ts';
import type { DemoTarget } from './incident.ts';

const DemoEnv = z.object({
  AIRLOCK_URL: z.url('must be the URL of the running Airlock, e.g. http://127.0.0.1:4480').optional(),
  AIRLOCK_AGENT_TOKEN: z.string().startsWith('alk_agent_', 'must be an agent token (alk_agent_…)').optional(),
  AIRLOCK_REVIEWER_TOKEN: z
    .string()
    .startsWith('alk_reviewer_', 'must be a reviewer token (alk_reviewer_…)')
    .optional(),
});
export type DemoEnv = z.infer<typeof DemoEnv>;

/** The demo's own settings (client side, like `airlock mcp`'s); errors name the variable. */
export function readDemoEnv(env: NodeJS.ProcessEnv = process.env): DemoEnv {
  const r = DemoEnv.safeParse({
    AIRLOCK_URL: env['AIRLOCK_URL'] || undefined,
    AIRLOCK_AGENT_TOKEN: env['AIRLOCK_AGENT_TOKEN'] || undefined,
    AIRLOCK_REVIEWER_TOKEN: env['AIRLOCK_REVIEWER_TOKEN'] || undefined,
  });
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new DemoStepError(`${String(issue?.path[0] ?? 'environment')} ${issue?.message ?? 'is invalid'}`);
  }
  return r.data;
}

export interface PlayableTarget extends DemoTarget {
  /** One line saying what this Airlock is. */
  describe: string;
  /** What to sign in to the console with (a token only when the demo made it). */
  signIn: string;
  close(): Promise<void>;
}

const secret = (prefix: string) => `${prefix}${randomBytes(24).toString('base64url')}`;

/** Starts an Airlock of its own: nothing it writes outlives the process. */
export async function ownAirlock(): Promise<PlayableTarget> {
  const adminToken = secret('alk_admin_');
  const integrationToken = secret('alk_integration_');
  const config = readConfig(
    {
      HOST: '127.0.0.1',
      PORT: '0',
      AIRLOCK_DATA_DIR: `memory://airlock-demo-${process.pid}`,
      AIRLOCK_DEMO: 'false',
      AIRLOCK_INTEGRATION_TOKEN: integrationToken,
      AIRLOCK_WORKER_INTERVAL_MS: '200',
      AIRLOCK_DIGEST_TARGETS: 'none',
      LOG_LEVEL: 'error',
    },
    // No airlock.yaml: the demo shows the shipped defaults, whatever this directory configures.
    '/nonexistent-airlock-demo-config',
  );
  const { createAirlock } = await import('../../main.ts');
  const { serverMounts } = await import('../../mounts.ts');
  const airlock = await createAirlock(config, { mounts: serverMounts(config), localAdminToken: adminToken });
  const url = await airlock.listen();
  try {
    // Identities through the admin endpoints, as `airlock agents add` does against a running server.
    const api = apiClient(url);
    const agent = await api<{ token: string }>('POST', '/v1/agents', adminToken, {
      name: 'infra-helper',
      identities: { local: 'infra-helper' },
    });
    const reviewer = await api<{ token: string; reviewer: { id: string; name: string } }>(
      'POST',
      '/v1/reviewers',
      adminToken,
      {
        name: 'dana',
        groups: ['default', 'security'],
        identities: { local: 'dana' },
      },
    );
    return {
      url,
      agentToken: agent.token,
      reviewerToken: reviewer.token,
      recorderToken: integrationToken,
      reviewers: [reviewer.reviewer],
      describe: `started its own Airlock at ${url} (throwaway in-memory embedded database, local platform, default policy)`,
      signIn: `reviewer dana's token ${reviewer.token}`,
      close: () => airlock.close(),
    };
  } catch (e) {
    await airlock.close().catch(() => undefined);
    throw e;
  }
}

interface KeptDemo {
  agentToken?: string;
  reviewerToken?: string;
}

function keptDemo(config: Config): { file: string; demo: KeptDemo | null } {
  const file = statePaths(config).demo;
  try {
    return { file, demo: JSON.parse(readFileSync(file, 'utf8')) as KeptDemo };
  } catch {
    return { file, demo: null };
  }
}

/**
 * The running Airlock at AIRLOCK_URL. The agent and reviewer tokens come from AIRLOCK_AGENT_TOKEN and
 * AIRLOCK_REVIEWER_TOKEN, else from the demo identities `airlock start` keeps (AIRLOCK_DATA_DIR's
 * airlock-demo.json). The reviewer must be in group security (the demo reviewer is); the request is recorded
 * with AIRLOCK_INTEGRATION_TOKEN when set, else with the reviewer token.
 */
export async function runningAirlock(env: DemoEnv, config: Config): Promise<PlayableTarget> {
  const url = env.AIRLOCK_URL!.replace(/\/+$/, '');
  let agentToken = env.AIRLOCK_AGENT_TOKEN;
  let reviewerToken = env.AIRLOCK_REVIEWER_TOKEN;
  if (!agentToken || !reviewerToken) {
    const { file, demo } = keptDemo(config);
    agentToken ??= demo?.agentToken;
    reviewerToken ??= demo?.reviewerToken;
    if (!agentToken || !reviewerToken)
      throw new DemoStepError(
        `AIRLOCK_URL is set, so the demo needs an agent token and a reviewer token in group security: set AIRLOCK_AGENT_TOKEN and AIRLOCK_REVIEWER_TOKEN, or run it where \`npm start\` keeps its demo identities (${file}, from AIRLOCK_DATA_DIR)`,
      );
  }
  const ready = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(10_000) }).catch((e: Error) => {
    throw new DemoStepError(
      `AIRLOCK_URL: cannot reach Airlock at ${url} (${e.message}); is \`npm start\` running?`,
    );
  });
  if (!ready.ok)
    throw new DemoStepError(`AIRLOCK_URL: ${url}/readyz answers ${ready.status}; the server is not ready`);
  return {
    url,
    agentToken,
    reviewerToken,
    recorderToken: config.AIRLOCK_INTEGRATION_TOKEN ?? reviewerToken,
    describe: `using the running Airlock at ${url} (AIRLOCK_URL)`,
    signIn: 'the reviewer token (AIRLOCK_REVIEWER_TOKEN, or the demo reviewer token `npm start` printed)',
    close: async () => undefined,
  };
}
