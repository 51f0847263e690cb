// Issue 13 item 4: `airlock audit verify` covers what was published. Editing a published text in `actions`
// or in the local platform's outbox makes verify fail and name the action.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readConfig } from '../../src/config.ts';
import { createAirlock } from '../../src/main.ts';
import { openDb, type OpenDb } from '../../src/store/index.ts';
import { markerClassifier } from '../helpers/classifiers.ts';
import { runCli } from '../helpers/cli.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';

let dir: string;
let db: TestDb;
let env: Record<string, string>;
const ids: Record<string, string> = {};

async function raw<T>(fn: (d: OpenDb) => Promise<T>): Promise<T> {
  const d = await openDb({ url: db.url, dataDir: join(dir, 'data') });
  try {
    return await fn(d);
  } finally {
    await d.close();
  }
}

const verify = async () => {
  const r = await runCli(['audit', 'verify', '--json'], { env });
  return { code: r.code, out: JSON.parse(r.stdout) as Record<string, unknown>, stderr: r.stderr };
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'airlock-audit-pub-'));
  db = await createTestDb();
  env = db.url ? { DATABASE_URL: db.url } : { AIRLOCK_DATA_DIR: join(dir, 'data') };
  const airlock = await createAirlock(readConfig({ ...env, LOG_LEVEL: 'silent', PORT: '0' }, dir), {
    classifier: markerClassifier(),
  });
  const { agent } = await airlock.gov.admin.addAgent('a1');
  const { reviewer } = await airlock.gov.admin.addReviewer('rita', ['default']);
  for (const [name, text] of [
    ['first', 'first post'],
    ['second', 'second post'],
  ]) {
    const v = await airlock.gov.agents.submitAction(agent, {
      request_id: null,
      platform: 'local',
      action: { kind: 'post', channel: 'general', text: text! },
    });
    ids[name!] = v.id;
  }
  // A held action a reviewer edits before approving: the edited text is what must match.
  const held = await airlock.gov.agents.submitAction(agent, {
    request_id: null,
    platform: 'local',
    action: { kind: 'post', channel: 'general', text: 'draft [hold]' },
  });
  ids['edited'] = held.id;
  await airlock.gov.reviews.approve(reviewer, held.id, {
    contentHash: held.content_hash,
    editedText: 'final words',
  });
  for (let i = 0; i < 100; i++) {
    const v = await airlock.gov.agents.getAction(agent, held.id);
    if (v.status === 'published') break;
    await airlock.gov.worker.tick();
    await new Promise((r) => setTimeout(r, 20));
  }
  expect((await airlock.gov.agents.getAction(agent, held.id)).status).toBe('published');
  await airlock.close();
}, 60_000);
afterAll(async () => {
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
});

// Each CLI run starts a process that opens the database: slow on a busy machine.
vi.setConfig({ testTimeout: 180_000 });

describe('airlock audit verify: published content', () => {
  it('passes when every published action matches what was decided and delivered', async () => {
    const { code, out, stderr } = await verify();
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(out).toMatchObject({ ok: true, published: { ok: true, published: 3, deliveredChecked: 3 } });
    const text = await runCli(['audit', 'verify'], { env });
    expect(text.stdout).toMatch(/3 published actions match/);
  });

  it('fails naming the action when the delivered message in the local outbox is edited', async () => {
    await raw((d) =>
      d.rawQuery(
        `update local_messages set text = 'second post, amended' where action_id = $1 and type = 'message'`,
        [ids['second']],
      ),
    );
    const { code, out } = await verify();
    expect(code).toBe(1);
    expect(out).toMatchObject({ ok: false, published: { ok: false, actionId: ids['second'] } });
    expect(String((out['published'] as { problem: string }).problem)).toMatch(/delivered/);
    const text = await runCli(['audit', 'verify'], { env });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(ids['second']!);
    await raw((d) =>
      d.rawQuery(`update local_messages set text = 'second post' where action_id = $1 and type = 'message'`, [
        ids['second'],
      ]),
    );
    expect((await verify()).code).toBe(0);
  });

  it('fails naming the action when the published text in `actions` is edited', async () => {
    await raw((d) => d.rawQuery(`update actions set text = 'first post!!' where id = $1`, [ids['first']]));
    const { code, out } = await verify();
    expect(code).toBe(1);
    expect(out).toMatchObject({ ok: false, published: { ok: false, actionId: ids['first'] } });
    expect(String((out['published'] as { problem: string }).problem)).toMatch(/actions row was edited/);
  });

  it('a reviewer-edited action verifies against its edited text, and fails if the draft is restored', async () => {
    await raw((d) => d.rawQuery(`update actions set text = 'first post' where id = $1`, [ids['first']]));
    expect((await verify()).code).toBe(0);
    await raw((d) =>
      d.rawQuery(
        `update local_messages set text = 'draft [hold]' where action_id = $1 and type = 'message'`,
        [ids['edited']],
      ),
    );
    const { code, out } = await verify();
    expect(code).toBe(1);
    expect(out).toMatchObject({ published: { actionId: ids['edited'] } });
  });
});
