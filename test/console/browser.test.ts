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
});
