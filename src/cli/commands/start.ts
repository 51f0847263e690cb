// `airlock start`: the server, with a demo agent, reviewer and request on first run.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import type { Config } from '../../config.ts';
import { isAirlockError } from '../../governance/errors.ts';
import { type Airlock, createAirlock } from '../../main.ts';
import { serverMounts } from '../../mounts.ts';
import { embeddedLock, fail, loadConfig } from '../context.ts';

interface Demo {
  agentToken: string;
  reviewerToken: string;
  requestId: string;
}

/**
 * First run: create demo-agent, demo-reviewer and a recorded request, so the printed curl line works.
 * Their tokens are kept in .airlock/demo.json (mode 600) for later starts; real deployments set AIRLOCK_DEMO=false.
 */
async function ensureDemo(airlock: Airlock, config: Config): Promise<Demo | null> {
  if (!config.AIRLOCK_DEMO) return null;
  const file =
    config.DATABASE_URL || config.AIRLOCK_DATA_DIR.startsWith('memory://')
      ? null
      : join(config.AIRLOCK_DATA_DIR, '..', 'demo.json');
  if (file && existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Demo;
    if (await airlock.store.agents.byName('demo-agent')) return saved;
  }
  if (await airlock.store.agents.byName('demo-agent')) return null;
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
  if (file) {
    writeFileSync(file, JSON.stringify(demo, null, 2));
    chmodSync(file, 0o600);
  }
  return demo;
}

function banner(url: string, config: Config, demo: Demo | null): string {
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
  if (demo) {
    lines.push(
      '',
      'Demo identities (kept in .airlock/demo.json; set AIRLOCK_DEMO=false to skip):',
      `  agent token:    ${demo.agentToken}`,
      `  reviewer token: ${demo.reviewerToken}`,
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
    lines.push(
      '',
      'Create identities with: npx airlock agents add NAME   and   npx airlock reviewers add NAME --group default',
    );
  }
  lines.push('', 'Next: README.md (API, MCP, CLI, configuration). Stop with Ctrl-C.', '');
  return lines.join('\n');
}

export function startCommand(): Command {
  return new Command('start').description('start the Airlock server').action(async () => {
    const config = loadConfig();
    const lock = embeddedLock(config);
    lock.acquire();
    let airlock: Airlock;
    try {
      airlock = await createAirlock(config, { mounts: serverMounts(config) });
    } catch (e) {
      lock.release();
      if (isAirlockError(e)) fail(e.message, 69);
      throw e;
    }
    const stop = async (signal: string) => {
      process.stderr.write(`\n${signal}: stopping Airlock…\n`);
      await airlock.close().catch(() => {});
      lock.release();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
    try {
      const demo = await ensureDemo(airlock, config);
      const url = await airlock.listen();
      process.stdout.write(banner(url, config, demo));
    } catch (e) {
      await airlock.close().catch(() => {});
      lock.release();
      fail(e instanceof Error ? e.message : String(e), 69);
    }
  });
}
