// Shared setup for the review-workflow tests: a real Airlock over HTTP with a classifier whose content
// risks the test controls by markers, a manual clock, an integration token, and reviewers with platform
// identities.
import { createDefaultClassifier } from '../../src/classifier.ts';
import type { Decision } from '../../src/governance/model.ts';
import type { Classifier } from '../../src/governance/ports.ts';
import type { Overrides } from '../../src/main.ts';
import { startTestAirlock, type TestAirlock } from '../helpers/airlock.ts';
import { markerClassifier } from '../helpers/classifiers.ts';
import { type ManualClock, manualClock } from '../helpers/clock.ts';

export const INTEGRATION = 'integration-token-for-workflow-tests-0123456789';

/**
 * `SECRET-xyz` → a content-risk hold (secret) with its span; `[sec]` → a permission hold for group
 * security; text with a GitHub-looking token goes to the real judgment; else the marker classifier.
 */
export function workflowClassifier(): Classifier {
  const markers = markerClassifier();
  const real = createDefaultClassifier();
  return {
    name: 'test.workflow',
    classify: (input): Decision => {
      const text = input.action.text;
      if (/ghp_[A-Za-z0-9]{36}/.test(text)) return real.classify(input);
      const m = /SECRET-\w+/.exec(text);
      if (m) {
        return {
          decision: 'hold',
          in_scope: true,
          risk: 'high',
          reasons: [
            {
              code: 'secret.test',
              category: 'secret',
              message: 'a test secret',
              span: [m.index, m.index + m[0].length],
            },
          ],
          rule: 'policy.test-secret',
          approvals: { count: 1, group: 'default' },
        };
      }
      if (text.includes('[sec]')) {
        return {
          decision: 'hold',
          in_scope: true,
          risk: 'high',
          reasons: [{ code: 'permission.test', category: 'permission', message: 'widens access' }],
          rule: 'policy.test-permission',
          approvals: { count: 1, group: 'security' },
        };
      }
      return markers.classify(input);
    },
  };
}

export interface WorkflowAirlock extends TestAirlock {
  clock: ManualClock;
  adminToken: string;
  /** A reviewer whose local identity is U-ivy (who also asks agents for things). */
  ivyToken: string;
  requestBy(requester: string, opts?: { token?: string; text?: string }): Promise<string>;
  submit(
    text: string,
    requestId: string | null,
  ): Promise<{ id: string; status: string; content_hash: string }>;
  // biome-ignore lint/suspicious/noExplicitAny: test responses are asserted field by field
  audit(actionId: string | null, type?: string): Promise<any[]>;
}

export async function startWorkflowAirlock(
  overrides: Overrides = {},
  env: Record<string, string> = {},
): Promise<WorkflowAirlock> {
  const clock = manualClock(Date.now());
  const t = await startTestAirlock(
    { classifier: workflowClassifier(), clock, ...overrides },
    { AIRLOCK_INTEGRATION_TOKEN: INTEGRATION, AIRLOCK_WORKER_INTERVAL_MS: '3600000', ...env },
  );
  const { token: adminToken } = await t.airlock.gov.admin.addReviewer('ada', ['admin'], { local: 'U-ada' });
  const { token: ivyToken } = await t.airlock.gov.admin.addReviewer('ivy', ['default', 'security'], {
    local: 'U-ivy',
  });
  const requestBy: WorkflowAirlock['requestBy'] = async (requester, opts = {}) => {
    const r = await t.api('POST', '/v1/requests', {
      token: opts.token ?? INTEGRATION,
      body: {
        text: opts.text ?? 'post the deploy note in #general',
        requester: { id: requester, name: requester },
        platform: 'local',
        origin: { channel: `D-${requester}` },
        agent_id: t.agentId,
      },
    });
    if (r.status !== 201) throw new Error(`request: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.id as string;
  };
  const submit: WorkflowAirlock['submit'] = async (text, requestId) => {
    const r = await t.api('POST', '/v1/actions', {
      token: t.agentToken,
      body: { request_id: requestId, action: { kind: 'post', channel: 'general', text } },
    });
    if (r.status !== 201) throw new Error(`submit: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const audit: WorkflowAirlock['audit'] = async (actionId, type) => {
    const out = [];
    for (let after = 0; ; ) {
      const page = await t.airlock.store.audit.page(after, 500);
      if (page.length === 0) break;
      out.push(...page);
      after = page.at(-1)!.seq;
    }
    return out.filter((e) => (actionId === null || e.actionId === actionId) && (!type || e.type === type));
  };
  return { ...t, clock, adminToken, ivyToken, requestBy, submit, audit };
}
