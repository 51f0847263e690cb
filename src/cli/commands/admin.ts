// `airlock migrate`, `agents add|list|revoke`, `reviewers add|list|revoke`. While `airlock start` holds
// the embedded database, agents and reviewers are managed through its admin endpoints (admin-client.ts).
import { Command, InvalidArgumentError } from 'commander';
import type { Agent, Reviewer } from '../../governance/model.ts';
import { openDb } from '../../store/index.ts';
import { withAdmin } from '../admin-client.ts';
import { embeddedLock, fail, loadConfig, print } from '../context.ts';

const parsePairs = (v: string, prev: Record<string, string> = {}) => {
  const i = v.indexOf('=');
  if (i <= 0 || i === v.length - 1)
    throw new InvalidArgumentError(`expected platform=id, e.g. --identity slack=U123 (got "${v}")`);
  return { ...prev, [v.slice(0, i)]: v.slice(i + 1) };
};

const revoked = (x: { revokedAt: Date | string | null }) => (x.revokedAt ? '  (revoked)' : '');

export function migrateCommand(): Command {
  return new Command('migrate')
    .description('apply database migrations (also done at start)')
    .action(async () => {
      const config = loadConfig();
      const lock = embeddedLock(config);
      lock.acquire();
      try {
        const db = await openDb({ url: config.DATABASE_URL, dataDir: config.AIRLOCK_DATA_DIR });
        await db.migrate();
        await db.close();
        process.stdout.write(
          `migrations applied (${config.DATABASE_URL ? 'PostgreSQL' : `PGlite in ${config.AIRLOCK_DATA_DIR}`})\n`,
        );
      } catch (e) {
        lock.release();
        fail(`migration failed: ${(e as Error).message}`);
      }
      lock.release();
    });
}

export function agentsCommand(): Command {
  const cmd = new Command('agents').description(
    'manage agents and their tokens (through the running server when it holds the embedded database)',
  );
  cmd
    .command('add <name>')
    .description('create an agent and print its token (shown once)')
    .option(
      '--identity <platform=id>',
      'its identity on a platform, e.g. slack=B900 (repeatable)',
      parsePairs,
      {},
    )
    .option('--json', 'print JSON')
    .action(async (name: string, o: { identity: Record<string, string>; json?: boolean }) =>
      withAdmin(async (c) => {
        const { agent, token } = await c.addAgent(name, o.identity);
        print(
          !!o.json,
          { ...agent, token },
          () => `agent ${agent.name} (${agent.id})\ntoken: ${token}\n(store it now: it is not shown again)`,
        );
      }),
    );
  cmd
    .command('list')
    .description('list agents')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) =>
      withAdmin(async (c) => {
        const agents = await c.listAgents();
        print(
          !!o.json,
          agents,
          () =>
            agents
              .map((x: Agent) => `${x.id}  ${x.name}${revoked(x)}  ${JSON.stringify(x.identities)}`)
              .join('\n') || '(no agents)',
        );
      }),
    );
  cmd
    .command('revoke <nameOrId>')
    .description('revoke an agent: its token stops working at once')
    .option('--json', 'print JSON')
    .action(async (nameOrId: string, o: { json?: boolean }) =>
      withAdmin(async (c) => {
        const agent = await c.revokeAgent(nameOrId);
        print(!!o.json, agent, () => `revoked ${agent.name} (${agent.id}); its token no longer works`);
      }),
    );
  cmd
    .command('pause <nameOrId>')
    .description('kill switch: hold every action of the agent from now on, approved ones included')
    .option('--reason <text>', 'why (shown to reviewers and in the audit trail)')
    .option('--json', 'print JSON')
    .action(async (nameOrId: string, o: { reason?: string; json?: boolean }) =>
      withAdmin(async (c) => {
        const agent = await c.pauseAgent(nameOrId, o.reason ?? null);
        print(!!o.json, agent, () => `paused ${agent.name}: every action it submits is held for review`);
      }),
    );
  cmd
    .command('resume <nameOrId>')
    .description('lift the pause; held actions stay held until reviewed')
    .option('--json', 'print JSON')
    .action(async (nameOrId: string, o: { json?: boolean }) =>
      withAdmin(async (c) => {
        const agent = await c.resumeAgent(nameOrId);
        print(!!o.json, agent, () => `resumed ${agent.name}`);
      }),
    );
  return cmd;
}

export function reviewersCommand(): Command {
  const cmd = new Command('reviewers').description(
    'manage reviewers, their groups and tokens (through the running server when it holds the embedded database)',
  );
  cmd
    .command('add <name>')
    .description('create a reviewer and print its token (shown once)')
    .option(
      '--group <group>',
      'reviewer group (repeatable; default: default; admin may manage agents and reviewers)',
      (v: string, prev: string[] = []) => [...prev, v],
      [],
    )
    .option(
      '--identity <platform=id>',
      'identity on a platform, e.g. slack=U123 (repeatable)',
      parsePairs,
      {},
    )
    .option('--json', 'print JSON')
    .action(async (name: string, o: { group: string[]; identity: Record<string, string>; json?: boolean }) =>
      withAdmin(async (c) => {
        const { reviewer, token } = await c.addReviewer(
          name,
          o.group.length ? o.group : ['default'],
          o.identity,
        );
        print(
          !!o.json,
          { ...reviewer, token },
          () =>
            `reviewer ${reviewer.name} (${reviewer.id}) in ${reviewer.groups.join(', ')}\ntoken: ${token}\n(store it now: it is not shown again)`,
        );
      }),
    );
  cmd
    .command('list')
    .description('list reviewers and their groups')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) =>
      withAdmin(async (c) => {
        const list = await c.listReviewers();
        print(
          !!o.json,
          list,
          () =>
            list
              .map((r: Reviewer) => `${r.id}  ${r.name}  groups: ${r.groups.join(', ')}${revoked(r)}`)
              .join('\n') || '(no reviewers)',
        );
      }),
    );
  cmd
    .command('revoke <nameOrId>')
    .description('revoke a reviewer: its token stops working at once')
    .option('--json', 'print JSON')
    .action(async (nameOrId: string, o: { json?: boolean }) =>
      withAdmin(async (c) => {
        const reviewer = await c.revokeReviewer(nameOrId);
        print(
          !!o.json,
          reviewer,
          () => `revoked ${reviewer.name} (${reviewer.id}); its token no longer works`,
        );
      }),
    );
  return cmd;
}
