// `airlock start`: the server, with a demo agent, reviewer and request on first run.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Command } from 'commander';
import type { Config } from '../../config.ts';
import { isAirlockError } from '../../governance/errors.ts';
import type { Airlock } from '../../main.ts';
import { fail, loadConfig } from '../context.ts';
import { embeddedLock, isMemory, removeServerFile, statePaths, writeServerFile } from '../local-state.ts';
import { checkPort, portProblem } from '../port.ts';

interface Demo {
  agentToken: string;
  reviewerToken: string;
  requestId: string;
}

/** Where the demo tokens are kept, as the banner says it: in the data directory, or nowhere (memory://). */
type DemoState =
  | { kind: 'off' }
  | { kind: 'shown'; demo: Demo; keptIn: string | null }
  | { kind: 'unknown'; file: string | null };

function readDemo(file: string | null): Demo | null {
  if (!file) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Demo;
  } catch {
    return null;
  }
}

/** Keeps the tokens in the data directory (mode 600); false when that is not possible. */
function keepDemo(file: string, demo: Demo): boolean {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(demo, null, 2), { mode: 0o600 });
    chmodSync(file, 0o600);
    return true;
  } catch {
    return false;
  }
}

/**
 * First run: create demo-agent, demo-reviewer and a recorded request, so the printed curl line works.
 * Their tokens are kept in the data directory's airlock-demo.json (with PostgreSQL too) and shown again on
 * later starts while they still work; real deployments set AIRLOCK_DEMO=false.
 */
async function ensureDemo(airlock: Airlock, config: Config): Promise<DemoState> {
  if (!config.AIRLOCK_DEMO) return { kind: 'off' };
  const file = isMemory(config) ? null : statePaths(config).demo;
  if (await airlock.store.agents.byName('demo-agent')) {
    const saved = readDemo(file);
    // Shown only if they still work here: the file may come from another database.
    const valid =
      saved &&
      (await airlock.gov.agents.authenticateAgent(saved.agentToken).then(
        () => true,
        () => false,
      )) &&
      (await airlock.gov.reviews.authenticateReviewer(saved.reviewerToken).then(
        () => true,
        () => false,
      ));
    return valid && saved ? { kind: 'shown', demo: saved, keptIn: file } : { kind: 'unknown', file };
  }
  const { agent, token: agentToken } = await airlock.gov.admin.addAgent('demo-agent', {
    local: 'demo-agent',
  });
  const { token: reviewerToken } = await airlock.gov.admin.addReviewer(
    'demo-reviewer',
    ['default', 'security', 'admin'],
    { local: 'demo-reviewer' },
  );
  const request = await airlock.gov.reviews.recordRequest(
    {
      text: 'Please post a short note in #general that the 14:00 deploy finished.',
      requester: { id: 'U-demo-sam', name: 'Sam' },
      platform: 'local',
      origin: { channel: 'D-sam-demo-agent', thread: null },
      agent_id: agent.id,
    },
    { kind: 'integration' },
  );
  const demo = { agentToken, reviewerToken, requestId: request.id };
  return { kind: 'shown', demo, keptIn: file && keepDemo(file, demo) ? file : null };
}

function banner(url: string, config: Config, state: DemoState): string {
  const db = config.DATABASE_URL
    ? 'PostgreSQL (DATABASE_URL)'
    : `embedded PGlite in ${config.AIRLOCK_DATA_DIR}`;
  const lines = [
    '',
    `Airlock is running at ${url}`,
    `  database: ${db}`,
    `  platform: local (publications are stored in the database)`,
    `  API description: ${url}/openapi.json   health: ${url}/readyz   metrics: ${url}/metrics`,
    `  MCP (streamable HTTP): ${url}/mcp`,
  ];
  if (state.kind === 'shown') {
    const { demo } = state;
    const where = state.keptIn ? `kept in ${state.keptIn}` : 'not kept: shown this once, note them now';
    lines.push(
      '',
      `Demo identities (${where}; set AIRLOCK_DEMO=false to skip):`,
      `  agent token:    ${demo.agentToken}`,
      `  reviewer token: ${demo.reviewerToken}   (groups default, security, admin)`,
      '',
      `Submit an action as the agent (the request it answers was recorded as ${demo.requestId}):`,
      `  curl -s -X POST ${url}/v1/actions -H 'Authorization: Bearer ${demo.agentToken}' -H 'Content-Type: application/json' \\`,
      `    -d '{"request_id":"${demo.requestId}","action":{"kind":"post","channel":"general","text":"The 14:00 deploy finished."}}'`,
      '',
      'List what is held, then approve one as the reviewer (content_hash is in the listing: you approve exactly what you saw):',
      `  curl -s '${url}/v1/actions?status=held' -H 'Authorization: Bearer ${demo.reviewerToken}'`,
      `  curl -s -X POST ${url}/v1/actions/ACTION_ID/approve -H 'Authorization: Bearer ${demo.reviewerToken}' -H 'Content-Type: application/json' -d '{"content_hash":"CONTENT_HASH"}'`,
      'What reviewers and the requester see on the local platform (review cards, notices, posts):',
      `  curl -s '${url}/v1/local/messages?type=review_card' -H 'Authorization: Bearer ${demo.reviewerToken}'`,
    );
  } else {
    if (state.kind === 'unknown')
      lines.push(
        '',
        `The demo identities exist, but their tokens are not ${state.file ? `in ${state.file}` : 'kept'} (another process or database created them).`,
      );
    lines.push(
      '',
      'Create identities with: npx airlock agents add NAME   and   npx airlock reviewers add NAME --group default',
    );
  }
  lines.push('', 'Next: README.md and docs/ (concepts, policy, configuration). Stop with Ctrl-C.', '');
  return lines.join('\n');
}

export function startCommand(): Command {
  return new Command('start').description('start the Airlock server').action(async () => {
    const config = loadConfig();
    const lock = embeddedLock(config);
    lock.acquire();
    // A taken port is reported now, not after opening the database and migrating.
    const portIssue = await checkPort(config.HOST, config.PORT);
    if (portIssue) {
      lock.release();
      fail(portIssue, 69);
    }
    const adminToken = `alk_admin_${randomBytes(32).toString('base64url')}`;
    let airlock: Airlock;
    try {
      const { createAirlock } = await import('../../main.ts');
      const { serverMounts } = await import('../../mounts.ts');
      airlock = await createAirlock(config, { mounts: serverMounts(config), localAdminToken: adminToken });
    } catch (e) {
      lock.release();
      if (isAirlockError(e)) fail(e.message, 69);
      throw e;
    }
    const stop = async (signal: string) => {
      process.stderr.write(`\n${signal}: stopping Airlock…\n`);
      removeServerFile(config);
      await airlock.close().catch(() => {});
      lock.release();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
    try {
      const demo = await ensureDemo(airlock, config);
      const url = await airlock.listen();
      writeServerFile(config, { pid: process.pid, url, adminToken });
      process.stdout.write(banner(url, config, demo));
    } catch (e) {
      await airlock.close().catch(() => {});
      lock.release();
      const code = (e as { code?: string }).code;
      fail(
        code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL'
          ? portProblem(config.HOST, config.PORT, code)
          : e instanceof Error
            ? e.message
            : String(e),
        69,
      );
    }
  });
}
