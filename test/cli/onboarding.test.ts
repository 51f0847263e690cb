// What a new user meets first, through the real `airlock` command: help and version, one-line errors
// that say what to fix (never a stack trace, never a password), the port checked before the database is
// opened, the lock inside the data directory, and agents/reviewers managed while the server runs.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AIRLOCK_BIN, REPO_ROOT, runCli } from '../helpers/cli.ts';
import { createTestDb, usingPostgres } from '../helpers/db.ts';

const dir = mkdtempSync(join(tmpdir(), 'airlock-onboarding-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** One line on stderr, no stack frames. */
function expectOneLine(stderr: string) {
  expect(stderr.trim().split('\n'), stderr).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
}

describe('airlock --help and --version', () => {
  it('lists every command and prints the package version', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const c of ['start', 'migrate', 'agents', 'reviewers', 'audit', 'classify', 'policy', 'mcp-proxy'])
      expect(help.stdout).toMatch(new RegExp(`^\\s+${c}\\s`, 'm'));
    const version = await runCli(['--version']);
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(version.stdout.trim()).toBe(pkg.version);
    const sub = await runCli(['reviewers', '--help']);
    expect(sub.stdout).toMatch(/revoke/);
  });
});

describe('errors are one line that says what to do', () => {
  it('a data directory whose parent is a file names AIRLOCK_DATA_DIR', async () => {
    const file = join(dir, 'not-a-dir');
    writeFileSync(file, 'x');
    const r = await runCli(['agents', 'list'], { env: { AIRLOCK_DATA_DIR: join(file, 'data') } });
    expect(r.code).toBe(78);
    expectOneLine(r.stderr);
    expect(r.stderr).toMatch(
      /AIRLOCK_DATA_DIR: .*not-a-dir is a file, not a directory\. Set AIRLOCK_DATA_DIR/,
    );
  });

  it('--identity without = shows the expected form', async () => {
    const r = await runCli(['agents', 'add', 'bot', '--identity', 'slack'], {
      env: { AIRLOCK_DATA_DIR: 'memory://' },
    });
    expect(r.code).not.toBe(0);
    expectOneLine(r.stderr);
    expect(r.stderr).toMatch(/expected platform=id, e\.g\. --identity slack=U123/);
  });

  it('a configuration error never shows the database password', async () => {
    const bad = await runCli(['agents', 'list'], {
      env: { DATABASE_URL: 'mysql://airlock:s3cret-pw@db.internal/airlock' },
    });
    expect(bad.code).toBe(78);
    expectOneLine(bad.stderr);
    expect(bad.stderr).toContain('DATABASE_URL');
    expect(bad.stderr).toContain('airlock:***@db.internal');
    expect(bad.stderr).not.toContain('s3cret-pw');
    const down = await runCli(['agents', 'list'], {
      env: { DATABASE_URL: 'postgres://airlock:s3cret-pw@127.0.0.1:1/airlock' },
    });
    expect(down.code).toBe(69);
    expectOneLine(down.stderr);
    expect(down.stderr).not.toContain('s3cret-pw');
  });

  it('a port in use is reported before the database is opened, naming PORT', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const dataDir = join(dir, 'port-data');
    try {
      const r = await runCli(['start'], { env: { AIRLOCK_DATA_DIR: dataDir, PORT: String(port) } });
      expect(r.code).toBe(69);
      expectOneLine(r.stderr);
      expect(r.stderr).toContain(`port ${port} on 127.0.0.1 is in use`);
      expect(r.stderr).toMatch(/Set PORT to a free port/);
      // Never opened: no database files were created.
      expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(false);
      expect(existsSync(join(dataDir, 'airlock.lock'))).toBe(false);
    } finally {
      blocker.close();
    }
  });
});

function start(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; out: string }> {
  const e: NodeJS.ProcessEnv = { ...process.env, AIRLOCK_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' };
  delete e['DATABASE_URL'];
  Object.assign(e, env);
  const child = spawn(process.execPath, [AIRLOCK_BIN, 'start'], {
    cwd: dir,
    env: e,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no banner in time:\n${out}\n${err}`)), 120_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Stop with Ctrl-C')) {
        clearTimeout(timer);
        resolve({ child, out });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`exited ${code}:\n${out}\n${err}`)));
  });
}

const stop = (c: ChildProcess) =>
  new Promise<void>((resolve) => {
    c.removeAllListeners('exit');
    c.once('exit', () => resolve());
    c.kill('SIGTERM');
  });

describe('while `airlock start` runs on the embedded database', () => {
  it('the lock is inside the data directory, and agents and reviewers are managed through the server', async () => {
    const parent = join(dir, 'shared-parent');
    const a = join(parent, 'a');
    const b = join(parent, 'b');
    const first = await start(a);
    expect(existsSync(join(a, 'airlock.lock'))).toBe(true);
    expect(first.out).toContain(`kept in ${join(a, 'airlock-demo.json')}`);
    // A second Airlock with another data directory under the same parent is not "in use".
    const second = await start(b, { AIRLOCK_DEMO: 'false' });
    await stop(second.child);

    const env = { AIRLOCK_DATA_DIR: a };
    const add = await runCli(['agents', 'add', 'helper', '--identity', 'slack=B900', '--json'], { env });
    expect(add.code, add.stderr).toBe(0);
    const agent = JSON.parse(add.stdout) as { name: string; token: string };
    expect(agent).toMatchObject({ name: 'helper', identities: { slack: 'B900' } });
    expect(agent.token).toMatch(/^alk_agent_/);

    const rv = await runCli(['reviewers', 'add', 'rex', '--group', 'security'], { env });
    expect(rv.code, rv.stderr).toBe(0);
    const revoke = await runCli(['reviewers', 'revoke', 'rex'], { env });
    expect(revoke.code, revoke.stderr).toBe(0);
    expect(revoke.stdout).toContain('revoked rex');
    const list = await runCli(['reviewers', 'list'], { env });
    expect(list.stdout).toMatch(/rex {2}groups: security {2}\(revoked\)/);
    expect((await runCli(['agents', 'revoke', 'helper'], { env })).code).toBe(0);
    const agents = await runCli(['agents', 'list', '--json'], { env });
    expect(JSON.parse(agents.stdout)).toContainEqual(expect.objectContaining({ name: 'helper' }));

    const missing = await runCli(['agents', 'revoke', 'nobody'], { env });
    expect(missing.code).toBe(1);
    expectOneLine(missing.stderr);
    expect(missing.stderr).toContain('no agent nobody');

    await stop(first.child);
    expect(existsSync(join(a, 'airlock.lock'))).toBe(false);
    expect(existsSync(join(a, 'airlock-server.json'))).toBe(false);
    // Stopped: the same commands open the database directly.
    const direct = await runCli(['reviewers', 'list'], { env });
    expect(direct.code, direct.stderr).toBe(0);
    expect(direct.stdout).toContain('demo-reviewer');
  }, 300_000);
});

describe.skipIf(!usingPostgres())('on PostgreSQL', () => {
  it('keeps the demo tokens where the banner says, and shows them again on the next start', async () => {
    const db = await createTestDb();
    const dataDir = join(dir, 'pg-state');
    try {
      const env = { DATABASE_URL: db.url! };
      const first = await start(dataDir, env);
      const file = join(dataDir, 'airlock-demo.json');
      expect(first.out).toContain(`kept in ${file}`);
      const token = /agent token: +(\S+)/.exec(first.out)?.[1];
      expect(JSON.parse(readFileSync(file, 'utf8')).agentToken).toBe(token);
      await stop(first.child);
      const second = await start(dataDir, env);
      expect(/agent token: +(\S+)/.exec(second.out)?.[1]).toBe(token);
      await stop(second.child);
      // Another directory has no tokens for this database: it says so instead of printing wrong ones.
      const third = await start(join(dir, 'pg-elsewhere'), env);
      expect(third.out).toMatch(/demo identities exist, but their tokens are not in/);
      await stop(third.child);
    } finally {
      await db.drop();
    }
  }, 300_000);
});
