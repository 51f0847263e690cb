// The web console in real headless Chromium (playwright-core, the system's /usr/bin/chromium):
// sign in, see a held action's highlighted span, reject with a reason, edit and approve, read the
// audit timeline; screenshots under test/artifacts/. Skips, saying why, when Chromium is absent.
import { existsSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkflowAirlock, type WorkflowAirlock } from '../workflow/helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
const have = existsSync(CHROMIUM);
if (!have) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

describe.skipIf(!have)('web console in Chromium', () => {
  let t: WorkflowAirlock;
  // biome-ignore lint/suspicious/noExplicitAny: playwright types are loaded dynamically
  let browser: any;
  beforeAll(async () => {
    t = await startWorkflowAirlock();
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    mkdirSync('test/artifacts', { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('signs in, rejects with a reason, edits and approves, shows the audit timeline', async () => {
    const held = await t.submit('[hold] the key is SECRET-abc', null);
    const other = await t.submit('[hold] the deploy finished', null);
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${t.url}/console`);
    await page.getByLabel('Reviewer token').fill('alk_reviewer_wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('not a valid reviewer token');
    await page.getByLabel('Reviewer token').fill(t.reviewerToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Held actions' }).waitFor();
    expect(await page.locator('mark', { hasText: 'SECRET-abc' }).count()).toBeGreaterThan(0);
    await page.screenshot({ path: 'test/artifacts/console-queue.png', fullPage: true });

    // A POST without the CSRF token, with the signed-in session's cookie, is refused. (The page's CSP
    // forbids fetch from the page itself, so the context's request client sends it.)
    const res = await page.context().request.post(`${t.url}/console/actions/${held.id}/reject`, {
      form: { reason: 'no' },
    });
    const status = res.status();
    expect(status).toBe(403);

    await page.getByRole('link', { name: held.id }).click();
    await page.screenshot({ path: 'test/artifacts/console-action.png', fullPage: true });
    await page.getByLabel('Reason for rejecting').fill('it leaks a key');
    await page.getByRole('button', { name: 'Reject' }).click();
    await page.getByRole('heading', { name: 'Audit timeline' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('rejected');

    await page.goto(`${t.url}/console/actions/${other.id}`);
    await page.getByLabel('Edited text').fill('the deploy finished at noon');
    await page.getByRole('button', { name: 'Edit and approve' }).click();
    await page.getByRole('heading', { name: 'Audit timeline' }).waitFor();
    const view = await t.api('GET', `/v1/actions/${other.id}`, { token: t.reviewerToken });
    expect(view.body.status).not.toBe('held');
    expect(await page.locator('ol li').count()).toBeGreaterThan(1);
  }, 60_000);

  it('queue columns, requester notices, the digest and the admin page, by keyboard-reachable links', async () => {
    const requestId = await t.requestBy('U-wren', { text: 'analyze the failing export and tell me' });
    const held = await t.submit('[hold] wren SECRET-w1', requestId);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${t.url}/console`);
    await page.getByLabel('Reviewer token').fill(t.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Held actions' }).waitFor();
    for (const col of ['Request', 'Agent', 'Target', 'Preview', 'Reasons', 'Approvals', 'Expires'])
      expect(await page.getByRole('columnheader', { name: col }).count()).toBe(1);
    const row = page.getByRole('row', { name: new RegExp(held.id) });
    expect(await row.textContent()).toContain('analyze the failing export and tell me');
    expect(await row.textContent()).toMatch(/0 of 1\s*\(group default\)/);
    // console.js (the CSP allows scripts from the console only) adds the relative expiry.
    expect(await row.locator('small.relative').textContent()).toMatch(/\(in \d+ (days|hours)\)/);
    expect(await page.locator('[data-refresh]').textContent()).toContain('refreshes itself');
    await page.screenshot({ path: 'test/artifacts/console-queue-columns.png', fullPage: true });

    await page
      .getByRole('navigation', { name: 'Console' })
      .getByRole('link', { name: 'Requester notices' })
      .click();
    await page.getByRole('heading', { name: 'Requester notices' }).waitFor();
    const notice = page.getByRole('article', { name: 'Notice to U-wren' });
    expect(await notice.textContent()).toContain('wants to post in #general; it waits for a decision.');

    await page.getByRole('link', { name: 'Digest' }).click();
    await page.getByRole('heading', { name: /Airlock digest: \d+ held/ }).waitFor();
    const chart = page.getByRole('img', { name: 'Held actions per day by category' });
    expect(await chart.evaluate((img: { naturalWidth: number }) => img.naturalWidth)).toBeGreaterThan(0);
    await page.screenshot({ path: 'test/artifacts/console-digest.png', fullPage: true });

    await page.getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('heading', { name: 'Agents' }).waitFor();
    expect(await page.getByRole('cell', { name: 'sol', exact: true }).count()).toBe(1);
    await page.getByLabel('Reason for pausing test-agent').fill('odd posts');
    await page.getByRole('button', { name: 'Pause test-agent' }).click();
    await page.getByRole('button', { name: 'Resume test-agent' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('odd posts');
    await page.screenshot({ path: 'test/artifacts/console-admin.png', fullPage: true });
    const agents = await t.api('GET', '/v1/agents', { token: t.adminToken });
    expect(agents.body.agents.find((a: { name: string }) => a.name === 'test-agent').pausedAt).toBeTruthy();
    await page.getByRole('button', { name: 'Resume test-agent' }).click();
    await page.getByRole('button', { name: 'Pause test-agent' }).waitFor();
    await page.close();
  }, 60_000);
});
