// The composition: scope + detectors + audience → facts → policy → Decision. Detectors are injected,
// so these tests pin the classifier's own rules, not the detectors' tuning.
import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../src/governance/classify.ts';
import type { ActionInput, ClassifyInput, Context } from '../../src/governance/model.ts';
import type { PolicyFacts } from '../../src/governance/policy/types.ts';
import { defaultPolicy, detector } from './scope/helpers.ts';

const context: Context = {
  channels: [
    { id: 'C10', name: 'help', members: 40, private: false, external: false },
    { id: 'C11', name: 'all-company', members: 2500, private: false, external: false },
    { id: 'C12', name: 'vendor-zeta', members: 9, private: false, external: true },
  ],
  users: [
    { id: 'U1', name: 'Ada' },
    { id: 'U2', name: 'Bo' },
  ],
};

function input(text: string | null, action: ActionInput): ClassifyInput {
  const request =
    text === null
      ? null
      : {
          text,
          requester: { id: 'U1', name: 'Ada' },
          platform: 'slack',
          origin: { channel: 'D-ada', thread: null },
        };
  return { request, agent: { id: 'B1', name: 'relay-bot' }, action, context };
}

const reply = (text: string, channel = 'help'): ActionInput => ({
  kind: 'reply',
  channel,
  thread: '1.1',
  text,
});
const categories = (d: { reasons: { category: string }[] }): string[] =>
  [...new Set(d.reasons.map((r) => r.category))].sort();

describe('createClassifier', () => {
  it('publishes a clean, requested reply with no reasons', () => {
    const c = createClassifier({ policy: defaultPolicy(), detect: () => [] });
    const d = c.classify(input('Reply to Bo in #help with the fix.', reply('Bo, restart the runner.')));
    expect(d).toMatchObject({
      decision: 'publish',
      in_scope: true,
      risk: 'none',
      rule: 'policy.publish-in-scope',
    });
    expect(d.reasons).toEqual([]);
  });

  it('holds the meta-incident: asked to analyze, the agent replies publicly', () => {
    const c = createClassifier({ policy: defaultPolicy(), detect: () => [] });
    const d = c.classify(
      input("Analyze Bo's question in #help and tell me what you think.", reply('Bo, do X.')),
    );
    expect(d.decision).toBe('hold');
    expect(d.in_scope).toBe(false);
    expect(d.reasons[0]).toEqual({
      code: 'scope.report_only',
      category: 'scope',
      message: 'Ada asked relay-bot to analyze and report back, not to reply in #help',
    });
    expect(d.reasons.at(-1)).toMatchObject({ code: 'policy.hold-default', category: 'policy' });
    expect(d.approvals).toEqual({ count: 1, group: 'default' });
  });

  it('holds anything done with no request', () => {
    const c = createClassifier({ policy: defaultPolicy(), detect: () => [] });
    const d = c.classify(input(null, { kind: 'post', channel: 'help', text: 'Good morning!' }));
    expect(d).toMatchObject({ decision: 'hold', in_scope: false });
    expect(d.reasons[0]?.code).toBe('scope.no_request');
  });

  it('passes finding spans through and raises risk to at least medium', () => {
    const detect = detector([
      { needle: 'chmod 777', code: 'permission.world_writable', category: 'permission', severity: 'low' },
    ]);
    const c = createClassifier({ policy: defaultPolicy(), detect });
    const text = 'Bo, run chmod 777 on the dir.';
    const d = c.classify(input('Reply to Bo in #help with the fix.', reply(text)));
    expect(d).toMatchObject({ decision: 'hold', in_scope: true, risk: 'medium' });
    const r = d.reasons.find((x) => x.category === 'permission');
    expect(r?.span).toEqual([8, 17]);
    expect(text.slice(...(r?.span ?? [0, 0]))).toBe('chmod 777');
  });

  it('blocks blocking findings with critical risk', () => {
    const detect = detector([
      { needle: 'AKIA', code: 'secret.aws', category: 'secret', severity: 'high', blocking: true },
    ]);
    const d = createClassifier({ policy: defaultPolicy(), detect }).classify(
      input('DM me the key.', { kind: 'dm', recipient: 'U1', text: 'AKIA…' }),
    );
    expect(d).toMatchObject({ decision: 'block', risk: 'critical', rule: 'policy.block-credentials' });
  });
});

describe('requested changes and deletions', () => {
  it('a requested, specific deletion is not destructive', () => {
    const detect = detector([
      {
        needle: 'DROP TABLE tmp_import_77',
        code: 'destructive.sql_drop',
        category: 'destructive',
        severity: 'high',
      },
      {
        needle: 'DROP TABLE events',
        code: 'destructive.sql_drop',
        category: 'destructive',
        severity: 'high',
      },
    ]);
    const c = createClassifier({ policy: defaultPolicy(), detect });
    const asked = c.classify(
      input('Tell Bo the command to drop tmp_import_77.', {
        kind: 'dm',
        recipient: 'Bo',
        text: 'DROP TABLE tmp_import_77;',
      }),
    );
    expect(asked.decision).toBe('publish');
    const other = c.classify(
      input('Tell Bo how to clean up old rows.', { kind: 'dm', recipient: 'Bo', text: 'DROP TABLE events;' }),
    );
    expect(categories(other)).toContain('destructive');
  });

  it('a matched config change drops permission findings on its own description', () => {
    const detect = detector([
      { needle: 'Grant', code: 'permission.grant', category: 'permission', severity: 'medium' },
    ]);
    const c = createClassifier({ policy: defaultPolicy(), detect });
    const change: ActionInput = {
      kind: 'config_change',
      text: 'Grant Bo viewer on Costs.',
      change: {
        system: 'grafana',
        operation: 'grant_role',
        target: 'Costs',
        subject: 'Bo',
        details: { role: 'viewer' },
      },
    };
    expect(c.classify(input('Give Bo read-only access to the Costs dashboard.', change)).decision).toBe(
      'publish',
    );
    expect(c.classify(input('What can Bo see in Grafana?', change)).decision).toBe('hold');
  });
});

describe('audience', () => {
  const finding = detector([
    { needle: 'password', code: 'secret.password', category: 'secret', severity: 'medium' },
  ]);

  it('weighs findings by who reads them: requester DM < small channel < large or external channel', () => {
    const c = createClassifier({ policy: defaultPolicy(), detect: finding });
    const text = 'the password is hunter2';
    const toMe = c.classify(input('DM me the creds.', { kind: 'dm', recipient: 'U1', text }));
    const small = c.classify(input('Reply in #help.', reply(text)));
    const large = c.classify(input('Post in #all-company.', { kind: 'post', channel: 'all-company', text }));
    const external = c.classify(
      input('Post in #vendor-zeta.', { kind: 'post', channel: 'vendor-zeta', text }),
    );
    expect([toMe.risk, small.risk, large.risk, external.risk]).toEqual(['medium', 'medium', 'high', 'high']);
  });

  it('does not hold a clean requested post to a large channel', () => {
    const c = createClassifier({ policy: defaultPolicy(), detect: () => [] });
    const d = c.classify(
      input('Post the holiday calendar in #all-company.', {
        kind: 'post',
        channel: 'C11',
        text: 'Holidays: …',
      }),
    );
    expect(d).toMatchObject({ decision: 'publish', risk: 'low' });
  });
});

describe('policy facts', () => {
  it('carries platform, channel id and name, kind, scope, categories, risk and blocking', () => {
    const seen: PolicyFacts[] = [];
    const c = createClassifier({ policy: defaultPolicy(seen), detect: () => [] });
    c.classify(input('Summarize #help for me.', { kind: 'post', channel: 'C10', text: 'Summary' }));
    expect(seen[0]).toEqual({
      platform: 'slack',
      channel: 'C10',
      channelName: 'help',
      agent: { id: 'B1', name: 'relay-bot' },
      kind: 'post',
      inScope: false,
      categories: ['scope'],
      risk: 'medium',
      blocking: false,
    });
  });
});
