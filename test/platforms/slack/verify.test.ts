import { describe, expect, it } from 'vitest';
import { createVerifier } from '../../../src/platforms/slack/inbound/verify.ts';
import { SIGNING_SECRET, slackHeaders } from '../../helpers/slack.ts';

const at = Date.parse('2026-03-01T12:00:00Z');
const req = (body: string, headers: Record<string, string>) => ({
  method: 'POST',
  url: '/slack/events',
  headers,
  rawBody: Buffer.from(body),
});

describe('Slack request verification', () => {
  const body = '{"type":"event_callback"}';

  it('accepts a fresh request signed with the signing secret', () => {
    const v = createVerifier(SIGNING_SECRET, () => new Date(at));
    expect(v.verify(req(body, slackHeaders(body, { at })))).toEqual({ ok: true });
  });

  it('refuses a wrong signature, a missing one, and a changed body', () => {
    const v = createVerifier(SIGNING_SECRET, () => new Date(at));
    expect(v.verify(req(body, slackHeaders(body, { at, secret: 'another-secret-xyz' }))).ok).toBe(false);
    expect(v.verify(req(body, {})).ok).toBe(false);
    expect(v.verify(req(`${body} `, slackHeaders(body, { at }))).ok).toBe(false);
  });

  it('refuses a request older than five minutes', () => {
    const v = createVerifier(SIGNING_SECRET, () => new Date(at + 5 * 60_000 + 1000));
    const r = v.verify(req(body, slackHeaders(body, { at })));
    expect(r.ok).toBe(false);
  });

  it('refuses a replay of the same signed request, but lets Slack retry', () => {
    const v = createVerifier(SIGNING_SECRET, () => new Date(at));
    const h = slackHeaders(body, { at });
    expect(v.verify(req(body, h)).ok).toBe(true);
    const again = v.verify(req(body, h));
    expect(again).toMatchObject({ ok: false, status: 401 });
    expect(v.verify(req(body, { ...h, 'x-slack-retry-num': '1' })).ok).toBe(true);
  });
});
