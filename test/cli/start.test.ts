// `airlock start` (what `npm start` runs) on a fresh data directory: it starts on PGlite, creates the
// demo identities, and prints a curl line that works.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AIRLOCK_BIN, REPO_ROOT } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'airlock-start-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function start(): Promise<{ child: ChildProcess; banner: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AIRLOCK_DATA_DIR: join(dir, 'data'),
    PORT: '0',
    LOG_LEVEL: 'warn',
  };
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
      if (out.includes('Stop with Ctrl-C')) {
        clearTimeout(timer);
        resolve({ child, banner: out });
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

/** Runs the banner's curl line the way a shell would, without needing curl. */
function curlLine(banner: string) {
  const m =
    /curl -s -X POST (\S+) -H 'Authorization: Bearer (\S+)' -H 'Content-Type: application\/json' \\\n\s+-d '(.+)'/.exec(
      banner,
    );
  if (!m) throw new Error(`no curl line in:\n${banner}`);
  return { url: m[1]!, token: m[2]!, body: m[3]! };
}

describe('airlock start', () => {
  it('prints where to go and a curl line that publishes; a second start prints the same tokens', async () => {
    const first = await start();
    expect(first.banner).toMatch(/Airlock is running at http:\/\/127\.0\.0\.1:\d+/);
    expect(first.banner).toContain('embedded PGlite');
    const { url, token, body } = curlLine(first.banner);
    const res = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(201);
    const action = (await res.json()) as { status: string; decision: string; reasons: unknown[] };
    expect(action, JSON.stringify(action)).toMatchObject({ status: 'published', decision: 'publish' });
    await stop(first.child);

    const second = await start();
    expect(curlLine(second.banner).token).toBe(token);
    await stop(second.child);
  }, 180_000);

  it('fails at start naming the setting when configuration is bad', async () => {
    const child = spawn(process.execPath, [AIRLOCK_BIN, 'start'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: 'eighty' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise((r) => child.on('exit', r));
    expect(code).toBe(78);
    expect(err).toContain('PORT');
  }, 60_000);
});
