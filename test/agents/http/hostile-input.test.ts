// Issue 13 item 1: input that used to reach PostgreSQL (or the stack) and answer 500 now answers 400 naming
// the field, and changes nothing. Runs on PGlite, and on PostgreSQL when DATABASE_URL is set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markerClassifier } from '../../helpers/classifiers.ts';
import { startTestAirlock, type TestAirlock } from '../../helpers/airlock.ts';

let t: TestAirlock;
let actionId: string;

beforeAll(async () => {
  t = await startTestAirlock({ classifier: markerClassifier() });
  const r = await t.api('POST', '/v1/actions', {
    token: t.agentToken,
    body: { request_id: null, action: { kind: 'post', channel: 'general', text: 'hello [hold]' } },
  });
  expect(r.status).toBe(201);
  actionId = r.body.id;
});
afterAll(() => t.close());

const deep = (n: number): unknown => {
  let v: unknown = 'leaf';
  for (let i = 0; i < n; i++) v = { a: v };
  return v;
};
/** JSON text of `{"a":{"a":…"leaf"}}` n deep (JSON.stringify itself overflows on such values). */
const deepJson = (n: number) => `${'{"a":'.repeat(n)}"leaf"${'}'.repeat(n)}`;
const deepArrayJson = (n: number) => `${'['.repeat(n)}1${']'.repeat(n)}`;

async function auditHead() {
  return (await t.airlock.store.audit.head()).seq;
}

/** Sends, expects 400 with a message naming `field`, and checks nothing was recorded. */
async function refused(
  method: string,
  path: string,
  opts: { token: string; body?: unknown },
  field: string | RegExp,
) {
  const before = await auditHead();
  const r = await t.api(method, path, opts);
  expect(r.status, JSON.stringify(r.body)).toBe(400);
  expect(r.body.error.code).toBe('invalid_input');
  if (typeof field === 'string') {
    expect(r.body.error.field).toBe(field);
    expect(r.body.error.message).toContain(field);
  } else expect(r.body.error.field).toMatch(field);
  expect(await auditHead()).toBe(before);
  return r.body.error as { message: string; field: string };
}

const submit = (action: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  request_id: null,
  action: { kind: 'post', channel: 'general', text: 'hi', ...action },
  ...extra,
});

describe('NUL characters', () => {
  it.each([
    ['action.text', submit({ text: 'a\u0000b' })],
    ['action.channel', submit({ channel: 'gen\u0000eral' })],
    ['platform', submit({}, { platform: 'lo\u0000cal' })],
    ['request_id', submit({}, { request_id: 'req\u0000' })],
    [
      'action.change.details.note',
      submit({
        kind: 'config_change',
        change: { system: 's', operation: 'o', details: { note: 'x\u0000' } },
      }),
    ],
    ['context.channels.0.name', submit({}, { context: { channels: [{ id: 'c', name: 'n\u0000' }] } })],
  ])('in %s of a submitted action', async (field, body) => {
    const e = await refused(
      'POST',
      '/v1/actions',
      { token: t.agentToken, body },
      new RegExp(field.replace(/\.(\d+)/g, '(\\.$1|\\[$1\\])')),
    );
    expect(e.message).toMatch(/NUL/);
  });

  it('in a recorded request, a review reason and audit data', async () => {
    await refused(
      'POST',
      '/v1/requests',
      {
        token: t.reviewerToken,
        body: { text: 'do\u0000it', requester: { id: 'U1' }, platform: 'local', origin: { channel: 'c' } },
      },
      'text',
    );
    await refused(
      'POST',
      `/v1/actions/${actionId}/reject`,
      { token: t.reviewerToken, body: { reason: 'no\u0000' } },
      'reason',
    );
    await refused(
      'POST',
      `/v1/actions/${actionId}/approve`,
      { token: t.reviewerToken, body: { text: 'edited\u0000' } },
      'text',
    );
    await refused(
      'POST',
      '/v1/agent/audit',
      { token: t.agentToken, body: { type: 'x', data: { k: 'v\u0000' } } },
      'data.k',
    );
    await refused(
      'POST',
      '/v1/agent/audit',
      { token: t.agentToken, body: { type: 'x', data: { 'k\u0000': 1 } } },
      /^data\.k/,
    );
  });
});

describe('lone surrogates are refused (never stored as U+FFFD under a hash of the original)', () => {
  it.each([
    ['action.text', JSON.stringify(submit({})).replace('"hi"', '"a\\ud800b"')],
    ['action.channel', JSON.stringify(submit({})).replace('"general"', '"\\udc00"')],
  ])('in %s', async (field, raw) => {
    const e = await refused('POST', '/v1/actions', { token: t.agentToken, body: raw }, field);
    expect(e.message).toMatch(/surrogate/);
  });

  it('in audit data and change.details (jsonb)', async () => {
    await refused(
      'POST',
      '/v1/agent/audit',
      { token: t.agentToken, body: '{"type":"x","data":{"k":"\\ud83d"}}' },
      'data.k',
    );
    const raw = JSON.stringify(
      submit({ kind: 'config_change', change: { system: 's', operation: 'o', details: { n: 'X' } } }),
    ).replace('"X"', '"\\ude00"');
    await refused('POST', '/v1/actions', { token: t.agentToken, body: raw }, 'action.change.details.n');
  });

  it('accepts well-formed astral characters (a surrogate pair)', async () => {
    const r = await t.api('POST', '/v1/actions', {
      token: t.agentToken,
      body: submit({ text: 'ship it 🚀 [hold]' }),
    });
    expect(r.status).toBe(201);
    expect(r.body.text).toBe('ship it 🚀 [hold]');
  });
});

describe('nesting and size', () => {
  it('refuses 10,000-deep change.details and audit data', async () => {
    const raw = JSON.stringify(
      submit({ kind: 'config_change', change: { system: 's', operation: 'o', details: { d: 'X' } } }),
    ).replace('"X"', deepJson(10_000));
    const e = await refused(
      'POST',
      '/v1/actions',
      { token: t.agentToken, body: raw },
      /^action\.change\.details/,
    );
    expect(e.message).toMatch(/nested too deeply/);
    await refused(
      'POST',
      '/v1/agent/audit',
      { token: t.agentToken, body: `{"type":"x","data":{"d":${deepJson(10_000)}}}` },
      /^data/,
    );
    await refused(
      'POST',
      '/v1/agent/audit',
      { token: t.agentToken, body: `{"type":"x","data":{"d":${deepArrayJson(10_000)}}}` },
      /^data/,
    );
  });

  it('refuses a 10,000-deep body on every route, even where the field is unknown', async () => {
    const raw = `{"x":${deepArrayJson(10_000)}}`;
    await refused('POST', `/v1/actions/${actionId}/approve`, { token: t.reviewerToken, body: raw }, /^x/);
  });

  it('accepts moderate nesting in change.details', async () => {
    const r = await t.api('POST', '/v1/actions', {
      token: t.agentToken,
      body: submit({
        kind: 'config_change',
        text: 'grant [hold]',
        change: { system: 's', operation: 'o', details: { d: deep(20) } },
      }),
    });
    expect(r.status).toBe(201);
  });
});

describe('dates and ids at the boundary', () => {
  it.each(['-010000-01-01', '+275760-09-13', '0000-01-01', 'not-a-date'])('since=%s', async (since) => {
    await refused(
      'GET',
      `/v1/agent/requests?since=${encodeURIComponent(since)}`,
      { token: t.agentToken },
      'since',
    );
  });

  it('accepts an ordinary since', async () => {
    const r = await t.api('GET', '/v1/agent/requests?since=2026-01-01', { token: t.agentToken });
    expect(r.status).toBe(200);
  });

  const routes: Array<[string, string, string]> = [
    ['GET', '/v1/actions/%00', 'agent'],
    ['GET', '/v1/actions/%00/wait?timeout_ms=0', 'agent'],
    ['POST', '/v1/actions/%00/approve', 'reviewer'],
    ['POST', '/v1/actions/%00/reject', 'reviewer'],
    ['POST', '/v1/actions/%00/withdraw', 'agent'],
    ['POST', '/v1/actions/%00/claim', 'agent'],
    ['POST', '/v1/actions/%00/complete', 'agent'],
    ['GET', '/v1/agent/requests/%00', 'agent'],
    ['GET', '/v1/actions/%ED%A0%80', 'agent'],
    ['GET', `/v1/actions/${'a'.repeat(600)}`, 'agent'],
  ];
  it.each(routes)('%s %s', async (method, path, who) => {
    const token = who === 'agent' ? t.agentToken : t.reviewerToken;
    const body = method === 'POST' ? (path.endsWith('complete') ? { ok: true } : {}) : undefined;
    const r = await t.api(method, path, { token, body });
    expect(r.status, JSON.stringify(r.body)).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(r.body.error.message).toMatch(/^(id|\(path\)): /);
  });
});
