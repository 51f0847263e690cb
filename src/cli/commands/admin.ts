// `airlock migrate`, `agents add|list|revoke`, `reviewers add|list`.
import { Command } from 'commander';
import { openDb } from '../../store/index.ts';
import { embeddedLock, fail, loadConfig, print, withAirlock } from '../context.ts';

const parsePairs = (v: string, prev: Record<string, string> = {}) => {
  const [k, ...rest] = v.split('=');
  if (!k || rest.length === 0) throw new Error(`expected platform=id, got ${v}`);
  return { ...prev, [k]: rest.join('=') };
};

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
        fail(`migration failed: ${(e as Error).message}`);
      } finally {
        lock.release();
      }
    });
}

export function agentsCommand(): Command {
  const cmd = new Command('agents').description('manage agents and their tokens');
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
      withAirlock(async (a) => {
        const { agent, token } = await a.gov.admin.addAgent(name, o.identity);
        print(
          !!o.json,
          { ...agent, token },
          () => `agent ${agent.name} (${agent.id})\ntoken: ${token}\n(store it now: it is not shown again)`,
        );
      }),
    );
  cmd
    .command('list')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) =>
      withAirlock(async (a) => {
        const agents = await a.store.agents.list();
        print(
          !!o.json,
          agents,
          () =>
            agents
              .map(
                (x) =>
                  `${x.id}  ${x.name}${x.revokedAt ? '  (revoked)' : ''}  ${JSON.stringify(x.identities)}`,
              )
              .join('\n') || '(no agents)',
        );
      }),
    );
  cmd
    .command('revoke <nameOrId>')
    .option('--json', 'print JSON')
    .action(async (nameOrId: string, o: { json?: boolean }) =>
      withAirlock(async (a) => {
        const agent = await a.gov.admin.revokeAgent(nameOrId);
        print(!!o.json, agent, () => `revoked ${agent.name} (${agent.id}); its token no longer works`);
      }),
    );
  return cmd;
}

export function reviewersCommand(): Command {
  const cmd = new Command('reviewers').description('manage reviewers, their groups and tokens');
  cmd
    .command('add <name>')
    .option(
      '--group <group>',
      'reviewer group (repeatable)',
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
      withAirlock(async (a) => {
        const { reviewer, token } = await a.gov.admin.addReviewer(
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
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) =>
      withAirlock(async (a) => {
        const list = await a.store.reviewers.list();
        print(
          !!o.json,
          list,
          () =>
            list.map((r) => `${r.id}  ${r.name}  groups: ${r.groups.join(', ')}`).join('\n') ||
            '(no reviewers)',
        );
      }),
    );
  return cmd;
}
