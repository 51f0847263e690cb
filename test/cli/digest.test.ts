// `airlock digest` prints the digest in every format (a separate process on the same database), and
// GET /v1/digest serves it to reviewers.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.ts';
import { Digest } from '../../src/governance/digest/index.ts';
import { createAirlock } from '../../src/main.ts';
import { markerClassifier } from '../helpers/classifiers.ts';
import { runCli } from '../helpers/cli.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';

let dir: string;
let db: TestDb;
let env: Record<string, string>;
let reviewerToken: string;
let agentToken: string;
let http: Awaited<ReturnType<typeof createAirlock>> | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'airlock-digest-'));
  db = await createTestDb();
  env = db.url ? { DATABASE_URL: db.url } : { AIRLOCK_DATA_DIR: join(dir, 'data') };
  const airlock = await createAirlock(readConfig({ ...env, LOG_LEVEL: 'silent', PORT: '0' }, dir), {
    classifier: markerClassifier(),
  });
  const { agent, token } = await airlock.gov.admin.addAgent('helper-bot');
  agentToken = token;
  reviewerToken = (await airlock.gov.admin.addReviewer('alice', ['reviewers'])).token;
  for (const text of ['one', '[hold] two', 'three']) {
    await airlock.gov.agents.submitAction(agent, {
      request_id: null,
      action: { kind: 'post', channel: 'general', text },
    });
  }
  await airlock.close();
}, 120_000);

afterAll(async () => {
  await http?.close();
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('airlock digest', () => {
  it('prints JSON with the period and the outcomes', async () => {
    const r = await runCli(['digest', '--format', 'json', '--tz', 'Europe/Paris'], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const d = Digest.parse(JSON.parse(r.stdout));
    expect(d.period.time_zone).toBe('Europe/Paris');
    expect(Date.parse(d.period.to) - Date.parse(d.period.from)).toBe(7 * 86_400_000);
    expect(d.outcomes).toMatchObject({ pending: 1, auto_published: 2 });
    expect(d.held).toBe(1);
  }, 240_000);

  it('writes Markdown and HTML to a file', async () => {
    const md = join(dir, 'digest.md');
    expect((await runCli(['digest', '--since', '2d', '--out', md], { env })).code).toBe(0);
    expect(readFileSync(md, 'utf8')).toMatch(/^# Airlock digest: 1 held\n/);
    const html = join(dir, 'digest.html');
    expect((await runCli(['digest', '--format', 'html', '--out', html], { env })).code).toBe(0);
    const text = readFileSync(html, 'utf8');
    expect(text).toMatch(/^<!doctype html>/);
    expect(text).toContain('data:image/png;base64,');
  }, 240_000);

  it('refuses a bad zone or period, naming it', async () => {
    const tz = await runCli(['digest', '--tz', 'Mars/Olympus'], { env });
    expect(tz.code).toBe(1);
    expect(tz.stderr).toContain('Mars/Olympus');
    const since = await runCli(['digest', '--since', 'last tuesday'], { env });
    expect(since.code).toBe(1);
    expect(since.stderr).toContain('since');
  }, 240_000);

  it('GET /v1/digest serves reviewers in each format, and not agents', async () => {
    http = await createAirlock(readConfig({ ...env, LOG_LEVEL: 'silent', PORT: '0' }, dir), {
      classifier: markerClassifier(),
    });
    const get = (url: string, token: string) =>
      http!.server.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    const json = await get('/v1/digest?since=7d', reviewerToken);
    expect(json.statusCode).toBe(200);
    expect(Digest.parse(json.json()).held).toBe(1);
    const md = await get('/v1/digest?format=md', reviewerToken);
    expect(md.headers['content-type']).toContain('text/markdown');
    expect(md.body).toContain('# Airlock digest');
    const html = await get('/v1/digest?format=html&tz=UTC', reviewerToken);
    expect(html.headers['content-type']).toContain('text/html');
    expect((await get('/v1/digest?format=pdf', reviewerToken)).statusCode).toBe(400);
    expect((await get('/v1/digest', agentToken)).statusCode).toBe(403);
  }, 240_000);
});
