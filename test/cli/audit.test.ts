// Tampering with one audit row makes `airlock audit verify` fail and name the row; export writes JSONL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.ts';
import { createAirlock } from '../../src/main.ts';
import { openDb, type OpenDb } from '../../src/store/index.ts';
import { markerClassifier } from '../helpers/classifiers.ts';
import { runCli } from '../helpers/cli.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';

let dir: string;
let db: TestDb;
let env: Record<string, string>;

async function raw(fn: (d: OpenDb) => Promise<void>) {
  const d = await openDb({ url: db.url, dataDir: join(dir, 'data') });
  try {
    await fn(d);
  } finally {
    await d.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'airlock-audit-'));
  db = await createTestDb();
  env = db.url ? { DATABASE_URL: db.url } : { AIRLOCK_DATA_DIR: join(dir, 'data') };
  const airlock = await createAirlock(readConfig({ ...env, LOG_LEVEL: 'silent', PORT: '0' }, dir), {
    classifier: markerClassifier(),
  });
  const { agent } = await airlock.gov.admin.addAgent('a1');
  for (const text of ['one', '[hold] two', 'three']) {
    await airlock.gov.agents.submitAction(agent, {
      request_id: null,
      action: { kind: 'post', channel: 'general', text },
    });
  }
  await airlock.close();
});
afterAll(async () => {
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('airlock audit', () => {
  it('verifies an intact chain', async () => {
    const r = await runCli(['audit', 'verify', '--json'], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(true);
    expect(out.events).toBeGreaterThanOrEqual(7);
  });

  it('exports JSON Lines since a date, and refuses a bad date naming the flag', async () => {
    const r = await runCli(['audit', 'export', '--since', '2000-01-01'], { env });
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ seq: 1, type: 'agent.added' });
    expect(lines.map((l) => l.type)).toContain('action.published');
    const none = await runCli(['audit', 'export', '--since', '2999-01-01'], { env });
    expect(none.stdout).toBe('');
    const bad = await runCli(['audit', 'export', '--since', 'yesterday-ish'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--since');
  });

  it('the database refuses updates to audit rows', async () => {
    await raw(async (d) => {
      await expect(d.rawQuery(`update audit_events set actor = 'x' where seq = 1`)).rejects.toThrow(
        /append-only/,
      );
    });
  });

  it('names the edited row when someone bypasses the trigger and edits one', async () => {
    await raw(async (d) => {
      await d.rawQuery('alter table audit_events disable trigger audit_events_append_only');
      await d.rawQuery(`update audit_events set data = '{"decision":"publish"}' where seq = 4`);
    });
    const r = await runCli(['audit', 'verify'], { env });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('row 4');
    const j = JSON.parse((await runCli(['audit', 'verify', '--json'], { env })).stdout);
    expect(j).toMatchObject({ ok: false, seq: 4 });
  });

  it('names the gap when a row is deleted', async () => {
    await raw(async (d) => {
      await d.rawQuery('delete from audit_events where seq in (2)');
    });
    const j = JSON.parse((await runCli(['audit', 'verify', '--json'], { env })).stdout);
    expect(j).toMatchObject({ ok: false, seq: 2 });
    expect(j.problem).toContain('missing');
  });
});
