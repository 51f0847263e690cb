// Policy `approvals.requester_may_approve`, end to end: a real Airlock judging with the real classifier
// and a policy file. By default the requester's own reviewer may not approve a content-risk hold
// (separation of duties); a rule with the flag lets them, and only for what that rule holds.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDefaultClassifier } from '../../src/classifier.ts';
import { startWorkflowAirlock, type WorkflowAirlock } from './helpers.ts';

const POLICY = `version: 1
defaults:
  approvals: { count: 1, group: default }
rules:
  - name: block-live-credentials
    match: { blocking: true }
    decision: block
  - name: publish-requested-low-risk
    match: { in_scope: true, risk: { at_most: low } }
    decision: publish
  - name: team-personal-data
    description: the team may approve its own requests that mention personal data
    match: { categories: pii }
    decision: hold
    approvals: { requester_may_approve: true }
  - name: hold-for-review
    decision: hold
`;

let t: WorkflowAirlock;
/** What the submit answer says about the judgment (the helper types only id, status, content_hash). */
type Judged = Awaited<ReturnType<WorkflowAirlock['submit']>> & { rule?: string; approvals?: object };
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-policy-'));
  const file = join(dir, 'policy.yaml');
  writeFileSync(file, POLICY);
  t = await startWorkflowAirlock({ classifier: createDefaultClassifier(file) });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const approve = (id: string, token: string, contentHash: string) =>
  t.api('POST', `/v1/actions/${id}/approve`, { token, body: { content_hash: contentHash } });

describe('policy approvals.requester_may_approve', () => {
  it("lets the requester's reviewer approve a hold of the rule that says so", async () => {
    const req = await t.requestBy('U-ivy', { text: 'post the new on-call contact in #general' });
    const a: Judged = await t.submit(
      'On call this week: Dana Reyes, mobile +1 415 555 0134, SSN 078-05-1120.',
      req,
    );
    expect(a.status).toBe('held');
    expect(a.rule).toBe('policy.team-personal-data');
    expect(a.approvals).toMatchObject({ requester_may_approve: true });
    const own = await approve(a.id, t.ivyToken, a.content_hash);
    expect(own.status).toBe(200);
    expect(own.body.status).toBe('published');
  });

  it('keeps separation of duties for the other holds', async () => {
    const req = await t.requestBy('U-ivy', { text: 'post the deploy note in #general' });
    const a: Judged = await t.submit(
      'Deploy note: run `rm -rf /var/lib/postgresql/15/main` on db-1 and restart it. Done.',
      req,
    );
    expect(a.status).toBe('held');
    expect(a.rule).not.toBe('policy.team-personal-data');
    const own = await approve(a.id, t.ivyToken, a.content_hash);
    expect(own.status).toBe(403);
    expect(own.body.error.message).toMatch(/separation of duties/);
  });
});
