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

const getPage = async (path: string, cookie: string) => {
  const res = await fetch(t.url + path, { headers: { cookie } });
  return {
    status: res.status,
    text: await res.text(),
    csp: res.headers.get('content-security-policy') ?? '',
  };
};

describe('web console: queue, notices, digest, admin', () => {
  it('shows each held action with its request, agent, target, preview, reasons, tally and expiry', async () => {
    const requestId = await t.requestBy('U-quinn', { text: 'analyze the deploy thread <b>now</b>' });
    const a = await t.submit('[hold] quinn SECRET-q1 here', requestId);
    const s = await signIn(t.reviewerToken);
    const { text } = await getPage('/console', s.cookie);
    const row = text.slice(text.indexOf(`/console/actions/${a.id}`));
    const cells = row.slice(0, row.indexOf('</tr>'));
    expect(cells).toContain('<q>analyze the deploy thread &lt;b&gt;now&lt;/b&gt;</q>');
    expect(cells).toContain('U-quinn on local');
    expect(cells).toContain('test-agent');
    expect(cells).toContain('post in #general');
    expect(cells).toContain('<mark>SECRET-q1</mark>');
    expect(cells).toContain('secret: a test secret');
    expect(cells).toMatch(/0 of 1 <small>\(group default\)<\/small>/);
    expect(cells).toMatch(/<time datetime="\d{4}-\d\d-\d\dT/);
    // The action page shows the same, and what the requester was told.
    const page = await getPage(`/console/actions/${a.id}`, s.cookie);
    expect(page.text).toContain('<q>analyze the deploy thread &lt;b&gt;now&lt;/b&gt;</q>');
    expect(page.text).toMatch(/Approvals<\/dt><dd>0 of 1 \(group default\)/);
    expect(page.text).toContain('What the requester sees');
    expect(page.text).toContain('test-agent wants to post in #general; it waits for a decision.');
  });

  it('shows requester notices as the local platform shows them, updated when decided', async () => {
    const requestId = await t.requestBy('U-rosa');
    const a = await t.submit('[hold] rosa SECRET-r1', requestId);
    const s = await signIn(t.reviewerToken);
    let notices = await getPage('/console/notices', s.cookie);
    expect(notices.text).toContain('<strong>To U-rosa</strong> in D-U-rosa');
    expect(notices.text).toContain('test-agent wants to post in #general; it waits for a decision.');
    await post(`/console/actions/${a.id}/reject`, s.cookie, { csrf: s.csrf, reason: 'no' });
    const local = await t.api('GET', `/v1/local/messages?type=notice&action_id=${a.id}`, {
      token: t.reviewerToken,
    });
    notices = await getPage('/console/notices', s.cookie);
    expect(notices.text).toContain(local.body.messages[0].text.replace(/'/g, '&#39;'));
    expect(local.body.messages[0].text).toContain('was rejected by rita');
  });

  it('shows the weekly digest, as GET /v1/digest computes it, with its chart', async () => {
    await t.submit('[hold] digest SECRET-d1', null);
    const s = await signIn(t.reviewerToken);
    // The latest weekly digest: the period the schedule posts (AIRLOCK_DIGEST_DAY/HOUR), which ended before now.
    const page = await getPage('/console/digest', s.cookie);
    expect(page.status).toBe(200);
    expect(page.text).toContain('The latest weekly digest ·');
    // Every hold of this file was made after the last scheduled instant, so none is in that week.
    expect(page.text).toContain('Airlock digest: 0 held');
    t.clock.advance(60_000); // the period ends at "now", exclusive: step past the frozen instant
    // The last 7 days up to now: what GET /v1/digest computes by default, so the new hold counts.
    const recent = await getPage('/console/digest?period=recent', s.cookie);
    const api = await t.api('GET', '/v1/digest?format=json', { token: t.reviewerToken });
    expect(api.body.held).toBeGreaterThan(0);
    expect(recent.text).toContain(`Airlock digest: ${api.body.held} held`);
    expect(recent.text).toContain('<img src="data:image/png;base64,');
    expect(page.csp).toContain('img-src data:');
    // Scripts only from the console itself: no inline script runs, whatever a page contains.
    expect(page.csp).toContain("script-src 'self';");
    const js = await fetch(`${t.url}/console/console.js`);
    expect(js.headers.get('content-type')).toContain('text/javascript');
    expect(await js.text()).toContain('RelativeTimeFormat');
  });

  it('lets admins pause and resume agents and see reviewers; refuses others and forms without CSRF', async () => {
    const rita = await signIn(t.reviewerToken);
    const refused = await getPage('/console/admin', rita.cookie);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('for reviewers in group admin');
    expect((await getPage('/console', rita.cookie)).text).not.toContain('href="/console/admin"');
    const ritaPause = await post('/console/admin/agents/test-agent/pause', rita.cookie, { csrf: rita.csrf });
    expect(ritaPause.status).toBe(403);

    const ada = await signIn(t.adminToken);
    expect((await getPage('/console', ada.cookie)).text).toContain('href="/console/admin"');
    const admin = await getPage('/console/admin', ada.cookie);
    expect(admin.status).toBe(200);
    expect(admin.text).toMatch(/<td>test-agent<\/td>.*<td>active<\/td>/s);
    expect(admin.text).toMatch(/<td>sol<\/td><td>default, security<\/td>/);
    const noCsrf = await post('/console/admin/agents/test-agent/pause', ada.cookie, { reason: 'x' });
    expect(noCsrf.status).toBe(403);
    const paused = await post('/console/admin/agents/test-agent/pause', ada.cookie, {
      csrf: ada.csrf,
      reason: 'posting in odd places',
    });
    expect(paused.status).toBe(303);
    const agents = await t.api('GET', '/v1/agents', { token: t.adminToken });
    const agent = agents.body.agents.find((x: { name: string }) => x.name === 'test-agent');
    expect(agent.pausedAt).toBeTruthy();
    expect(agent.pauseReason).toBe('posting in odd places');
    const pausedAudit = (await t.audit(null)).filter((e) => e.type.includes('paus'));
    expect(pausedAudit.at(-1)?.actor).toMatch(/^reviewer:/);
    expect((await getPage('/console/admin', ada.cookie)).text).toContain('Resume test-agent');
    const resumed = await post('/console/admin/agents/test-agent/resume', ada.cookie, { csrf: ada.csrf });
    expect(resumed.status).toBe(303);
    const after = await t.api('GET', '/v1/agents', { token: t.adminToken });
    expect(after.body.agents.find((x: { name: string }) => x.name === 'test-agent').pausedAt).toBeFalsy();
  });
});
