// The web console over plain HTTP (no browser): sign in, CSRF, queue with highlighted spans,
// reject with a reason, edit and approve, audit timeline, wrong token and wrong group refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkflowAirlock, type WorkflowAirlock } from '../workflow/helpers.ts';

let t: WorkflowAirlock;
beforeAll(async () => {
  t = await startWorkflowAirlock();
});
afterAll(async () => t?.close());

async function signIn(token: string): Promise<{ cookie: string; csrf: string; status: number }> {
  const res = await fetch(`${t.url}/console/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }).toString(),
  });
  const set = res.headers.get('set-cookie') ?? '';
  const cookie = set.split(';')[0] ?? '';
  if (res.status !== 303) return { cookie: '', csrf: '', status: res.status };
  expect(set).toContain('HttpOnly');
  expect(set).toContain('SameSite=Strict');
  const page = await (await fetch(`${t.url}/console`, { headers: { cookie } })).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
  return { cookie, csrf, status: res.status };
}

const post = (path: string, cookie: string, form: Record<string, string>) =>
  fetch(t.url + path, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });

describe('web console', () => {
  it('refuses a wrong token', async () => {
    const s = await signIn('alk_reviewer_nope');
    expect(s.status).toBe(401);
  });

  it('shows a held action with its span marked, rejects with a reason, and shows the audit timeline', async () => {
    const a = await t.submit('[hold] the key is SECRET-abc <script>x</script>', null);
    const s = await signIn(t.reviewerToken);
    const queue = await (await fetch(`${t.url}/console`, { headers: { cookie: s.cookie } })).text();
    expect(queue).toContain('<mark>SECRET-abc</mark>');
    expect(queue).not.toContain('<script>x');
    const noCsrf = await post(`/console/actions/${a.id}/reject`, s.cookie, { reason: 'no' });
    expect(noCsrf.status).toBe(403);
    const r = await post(`/console/actions/${a.id}/reject`, s.cookie, {
      csrf: s.csrf,
      reason: 'leaks a key',
    });
    expect(r.status).toBe(303);
    const view = await t.api('GET', `/v1/actions/${a.id}`, { token: t.reviewerToken });
    expect(view.body.status).toBe('rejected');
    const page = await (
      await fetch(`${t.url}/console/actions/${a.id}`, { headers: { cookie: s.cookie } })
    ).text();
    expect(page).toContain('Audit timeline');
    expect(page).toMatch(/reject/i);
  });

  it('edits and approves through the same use case', async () => {
    const a = await t.submit('[hold] the deploy finished', null);
    const s = await signIn(t.reviewerToken);
    const r = await post(`/console/actions/${a.id}/approve`, s.cookie, {
      csrf: s.csrf,
      content_hash: a.content_hash,
      text: 'the deploy finished at noon',
    });
    expect(r.status).toBe(303);
    const view = await t.api('GET', `/v1/actions/${a.id}`, { token: t.reviewerToken });
    expect(view.body.status).not.toBe('held');
  });

  it('refuses a reviewer of the wrong group in plain words', async () => {
    const a = await t.submit('[sec] give ivy admin', null);
    const s = await signIn(t.reviewerToken);
    const r = await post(`/console/actions/${a.id}/approve`, s.cookie, {
      csrf: s.csrf,
      content_hash: a.content_hash,
    });
    expect(r.status).toBe(409);
    expect(await r.text()).toContain('class="err"');
    const view = await t.api('GET', `/v1/actions/${a.id}`, { token: t.reviewerToken });
    expect(view.body.status).toBe('held');
  });
});
