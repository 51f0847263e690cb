// `npm run demo` (`airlock demo`) as a child process: it starts its own Airlock, plays the incident through
// the real MCP endpoint and the HTTP API, prints each step and exits 0; with AIRLOCK_URL it plays against
// a running `airlock start` (what `npm start` runs) with the demo tokens that server keeps.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AIRLOCK_BIN, REPO_ROOT, runCli } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'airlock-demo-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** `airlock start` on its own data directory and a free port, as a user's `npm start` in another terminal. */
function startServer(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, AIRLOCK_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' };
  delete env['DATABASE_URL'];
  const child = spawn(process.execPath, [AIRLOCK_BIN, 'start'], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no banner in time:\n${out}\n${err}`)), 90_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /Airlock is running at (http:\/\/\S+)/.exec(out)?.[1];
      if (url && out.includes('Stop with Ctrl-C')) {
        clearTimeout(timer);
        resolve({ child, url });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`exited ${code}:\n${out}\n${err}`)));
  });
}

/** The key lines every run prints, in order. */
function expectIncident(stdout: string) {
  const steps = [
    /\[1\/7\] Request +Sam asks \S+ in a direct conversation/,
    /Airlock recorded it as req_\S+/,
    /\[2\/7\] Agent +\S+ connects to http:\/\/127\.0\.0\.1:\d+\/mcp \(MCP, Streamable HTTP\)/,
    /tools: .*reply_in_thread.*send_direct_message/,
    /reply_in_thread #infra-help/,
    /\[3\/7\] Airlock +HELD act_\S+: in scope no, risk high, needs 1 approval from group security/,
    /- scope: Sam asked \S+ to analyze and report back, not to reply in #infra-help \[scope\.report_only\]/,
    /- permission: .*all-engineers \[permission\.\w+\]/,
    /marked: .*«all-engineers»/,
    /\[4\/7\] Requester Sam sees, in dm-sam on the local platform:/,
    /│ \S+ wants to reply in #infra-help; it waits for a decision\./,
    /Card +reviewers see, in #airlock-reviews:/,
    /│ Approvals: 0 of 1 \(group security\)/,
    /Console: http:\/\/127\.0\.0\.1:\d+\/console\/actions\/act_\S+/,
    /\[5\/7\] Reviewer +rejects over the HTTP API/,
    /act_\S+ is now rejected; nothing was posted in #infra-help/,
    /│ \S+'s reply in #infra-help was rejected by \S+\./,
    /wait_for_decision returns: status rejected/,
    /\[6\/7\] Agent +answers Sam privately instead: send_direct_message to sam/,
    /Airlock +PUBLISHED act_\S+: in scope yes, risk none; the local platform shows message msg_\S+ to sam/,
    /\[7\/7\] Audit .*hash chain verified: \d+ events intact/,
    /request\.recorded/,
    /action\.decided act_\S+ → held/,
    /action\.rejected act_\S+ → rejected/,
    /action\.published act_\S+ → published/,
    /Done: the ACL advice \(act_\S+\) never reached #infra-help; Sam got the private answer/,
  ];
  let at = 0;
  for (const step of steps) {
    const m = step.exec(stdout.slice(at));
    expect(m, `missing, in order: ${step}\n---\n${stdout}`).not.toBeNull();
    at += m!.index + m![0].length;
  }
}

describe('npm run demo', { timeout: 360_000 }, () => {
  it('is what `npm run demo` runs', async () => {
    const pkg = (await import('../../package.json', { with: { type: 'json' } })).default as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts['demo']).toBe('node bin/airlock.mjs demo');
  });

  it('starts its own Airlock, plays the incident, prints each step and the console, and exits 0', async () => {
    const r = await runCli(['demo'], { cwd: REPO_ROOT, timeoutMs: 120_000, env: { AIRLOCK_URL: '' } });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toMatch(
      /Airlock: started its own Airlock at http:\/\/127\.0\.0\.1:\d+ \(throwaway in-memory embedded database/,
    );
    expect(r.stdout).toMatch(/Console: http:\/\/127\.0\.0\.1:\d+\/console \(sign in with/);
    expectIncident(r.stdout);
  });

  it('uses the running Airlock at AIRLOCK_URL with the demo tokens it keeps, beside its own demo', async () => {
    const dataDir = join(dir, 'data');
    const server = await startServer(dataDir);
    // The user's `npm start` is running: the demo of its own still starts (its own port and database)...
    const own = await runCli(['demo'], { cwd: dir, timeoutMs: 120_000, env: { AIRLOCK_URL: '' } });
    expect(own.code, own.stderr + own.stdout).toBe(0);
    expect(own.stdout).not.toContain(server.url);
    // ...and with AIRLOCK_URL it plays against that server, twice in a row.
    for (let i = 0; i < 2; i++) {
      const r = await runCli(['demo'], {
        cwd: dir,
        timeoutMs: 120_000,
        env: { AIRLOCK_URL: server.url, AIRLOCK_DATA_DIR: dataDir },
      });
      expect(r.code, r.stderr + r.stdout).toBe(0);
      expect(r.stdout).toContain(`using the running Airlock at ${server.url} (AIRLOCK_URL)`);
      expectIncident(r.stdout);
    }
    const missing = await runCli(['demo'], {
      cwd: dir,
      timeoutMs: 60_000,
      env: { AIRLOCK_URL: server.url, AIRLOCK_DATA_DIR: join(dir, 'elsewhere') },
    });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('set AIRLOCK_AGENT_TOKEN and AIRLOCK_REVIEWER_TOKEN');
  });
});
