import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTION_KINDS, CATEGORIES, RISKS, riskRank } from '../../../src/governance/model.ts';
import type { PolicyFacts } from '../../../src/governance/policy/index.ts';
import { DEFAULT_POLICY_PATH, loadPolicyFile } from '../../../src/policy-file.ts';
import { facts } from './helpers.ts';

const policy = loadPolicyFile();

describe('the shipped default policy (policy/default.yaml)', () => {
  it('loads from the repository root and is named default', () => {
    expect(DEFAULT_POLICY_PATH).toMatch(/policy[\\/]default\.yaml$/);
    expect(policy.name).toBe('default');
  });

  it('blocks a blocking finding even when the action was requested', () => {
    const out = policy.evaluate(facts({ blocking: true, categories: ['secret'], risk: 'critical' }));
    expect(out).toMatchObject({ decision: 'block', rule: 'policy.block-live-credentials' });
    expect(out.approvals).toBeUndefined();
  });

  it('publishes requested actions of risk none or low', () => {
    expect(policy.evaluate(facts({ risk: 'none' }))).toMatchObject({
      decision: 'publish',
      rule: 'policy.publish-requested-low-risk',
    });
    expect(policy.evaluate(facts({ risk: 'low', categories: ['link'] })).decision).toBe('publish');
  });

  it('holds what was not requested, even when harmless', () => {
    const out = policy.evaluate(facts({ inScope: false, categories: ['scope'], risk: 'low' }));
    expect(out).toMatchObject({ decision: 'hold', rule: 'policy.hold-for-review' });
    expect(out.approvals).toEqual({ count: 1, group: 'default' });
  });

  it('holds requested but risky actions, sending security findings to the security group', () => {
    expect(policy.evaluate(facts({ risk: 'medium', categories: ['broadcast'] }))).toMatchObject({
      decision: 'hold',
      rule: 'policy.hold-for-review',
      approvals: { count: 1, group: 'default' },
    });
    for (const category of ['secret', 'permission', 'destructive', 'injection'] as const) {
      expect(policy.evaluate(facts({ risk: 'high', categories: ['scope', category] }))).toMatchObject({
        decision: 'hold',
        rule: 'policy.security-review',
        approvals: { count: 1, group: 'security' },
      });
    }
  });

  it('publishes exactly when in scope, risk none or low, and nothing is blocking', () => {
    const arbitraryFacts: fc.Arbitrary<PolicyFacts> = fc.record({
      platform: fc.constantFrom('slack', 'discord', 'forum', 'mcp', 'other'),
      channel: fc.option(fc.string(), { nil: null }),
      channelName: fc.option(fc.string(), { nil: null }),
      agent: fc.record({ id: fc.string({ minLength: 1 }), name: fc.option(fc.string(), { nil: undefined }) }),
      kind: fc.constantFrom(...ACTION_KINDS),
      inScope: fc.boolean(),
      categories: fc.uniqueArray(fc.constantFrom(...CATEGORIES)),
      risk: fc.constantFrom(...RISKS),
      blocking: fc.boolean(),
    });
    fc.assert(
      fc.property(arbitraryFacts, (f) => {
        const out = policy.evaluate(f);
        const shouldPublish = f.inScope && riskRank(f.risk) <= riskRank('low') && !f.blocking;
        expect(out.decision === 'publish').toBe(shouldPublish);
        expect(out.decision === 'block').toBe(f.blocking);
        expect(out.rule).toMatch(/^policy\.[a-z0-9_-]+$/);
        if (out.decision === 'hold') expect(out.approvals?.count).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 500 },
    );
  });
});
