// The compiled CLI (scripts/build.mjs, run by `npm install`) is the same program as the sources: built
// into a scratch directory, it finds the shipped policy and migrations and answers like bin/airlock.mjs.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.ts';

const out = join(REPO_ROOT, `dist.test-${process.pid}`);
afterAll(() => rmSync(out, { recursive: true, force: true }));

const run = (args: string[], input = '') =>
  spawnSync(process.execPath, [join(out, 'cli.js'), ...args], {
    cwd: REPO_ROOT,
    input,
    encoding: 'utf8',
    env: { ...process.env, AIRLOCK_DATA_DIR: 'memory://', LOG_LEVEL: 'warn', DATABASE_URL: '' },
  });

describe('scripts/build.mjs', () => {
  it('compiles a CLI that runs with the shipped policy and migrations', () => {
    const build = spawnSync(process.execPath, ['scripts/build.mjs', '--strict', '--outdir', out], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    expect(build.status, build.stderr).toBe(0);
    expect(run(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const policy = run(['policy', 'check', 'policy/default.yaml']);
    expect(policy.stdout.trim(), policy.stderr).toBe('ok');
    const c = JSON.stringify({
      id: 'c1',
      request: {
        text: 'Please post a short note in #general that the deploy finished.',
        requester: { id: 'U1', name: 'Sam' },
        platform: 'local',
        origin: { channel: 'D1', thread: null },
      },
      agent: { id: 'A1', name: 'helper' },
      action: { kind: 'post', channel: 'general', text: 'The deploy finished.' },
    });
    const classify = run(['classify'], `${c}\n`);
    expect(classify.status, classify.stderr).toBe(0);
    expect(JSON.parse(classify.stdout)).toMatchObject({ id: 'c1', decision: 'publish' });
    const migrate = run(['migrate']);
    expect(migrate.status, migrate.stderr).toBe(0);
  }, 120_000);
});
