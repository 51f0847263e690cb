import { describe, expect, it } from 'vitest';
import type { Risk } from '../../../src/governance/model.ts';
import { parsePolicy } from '../../../src/governance/policy/index.ts';
import { facts, policyText } from './helpers.ts';

const decide = (rules: string, over: Parameters<typeof facts>[0] = {}, extra = '') =>
  parsePolicy(policyText(rules, extra), 'test.yaml').evaluate(facts(over));

describe('policy matching', () => {
  it('matches channels by id or name, with globs, case-insensitively and ignoring #', () => {
    const rules = '  - name: ext\n    match: { channel: "#ext-*" }\n    decision: block\n';
    expect(decide(rules, { channel: 'C9', channelName: 'ext-acme' }).rule).toBe('policy.ext');
    expect(decide(rules, { channel: 'EXT-partners', channelName: null }).rule).toBe('policy.ext');
    expect(decide(rules, { channel: 'C9', channelName: 'general' }).rule).toBe('policy.fallback');
    expect(decide(rules, { channel: null, channelName: null }).rule).toBe('policy.fallback');
    const byId = '  - name: by-id\n    match: { channel: [C100, "C2?"] }\n    decision: publish\n';
    expect(decide(byId).rule).toBe('policy.by-id');
    expect(decide(byId, { channel: 'C23', channelName: null }).rule).toBe('policy.by-id');
    expect(decide(byId, { channel: 'C234', channelName: null }).rule).toBe('policy.fallback');
  });

  it('treats glob metacharacters other than * and ? literally', () => {
    const rules = '  - name: dotted\n    match: { channel: "a.b+(c)" }\n    decision: block\n';
    expect(decide(rules, { channel: 'a.b+(c)' }).decision).toBe('block');
    expect(decide(rules, { channel: 'axb+(c)' }).decision).toBe('hold');
  });

  it('matches agents by id or name and platforms by name', () => {
    const rules =
      '  - name: bots\n    match: { agent: helper-*, platform: [discord, slack] }\n    decision: publish\n';
    expect(decide(rules).decision).toBe('publish');
    expect(decide(rules, { agent: { id: 'helper-x' } }).decision).toBe('publish');
    expect(decide(rules, { agent: { id: 'B1', name: 'other' } }).decision).toBe('hold');
    expect(decide(rules, { platform: 'forum' }).decision).toBe('hold');
  });

  it('matches kind, in_scope and blocking exactly', () => {
    const rules =
      '  - name: dm-ok\n    match: { kind: dm, in_scope: true, blocking: false }\n    decision: publish\n';
    expect(decide(rules, { kind: 'dm' }).decision).toBe('publish');
    expect(decide(rules, { kind: 'post' }).decision).toBe('hold');
    expect(decide(rules, { kind: 'dm', inScope: false }).decision).toBe('hold');
    expect(decide(rules, { kind: 'dm', blocking: true }).decision).toBe('hold');
  });

  it('matches categories as any-of', () => {
    const rules = '  - name: sec\n    match: { categories: [secret, pii] }\n    decision: block\n';
    expect(decide(rules, { categories: ['scope', 'pii'] }).decision).toBe('block');
    expect(decide(rules, { categories: ['scope'] }).decision).toBe('hold');
    expect(decide(rules, { categories: [] }).decision).toBe('hold');
  });

  it('matches risk as a minimum, a maximum, a list or one level', () => {
    const at = (spec: string, risk: Risk) =>
      decide(`  - name: r\n    match: { risk: ${spec} }\n    decision: block\n`, { risk }).decision;
    expect(at('{ at_least: medium }', 'medium')).toBe('block');
    expect(at('{ at_least: medium }', 'critical')).toBe('block');
    expect(at('{ at_least: medium }', 'low')).toBe('hold');
    expect(at('{ at_most: low }', 'none')).toBe('block');
    expect(at('{ at_most: low }', 'medium')).toBe('hold');
    expect(at('{ at_least: low, at_most: medium }', 'high')).toBe('hold');
    expect(at('[none, high]', 'high')).toBe('block');
    expect(at('[none, high]', 'low')).toBe('hold');
    expect(at('high', 'high')).toBe('block');
    expect(at('high', 'critical')).toBe('hold');
  });

  it('lets the first matching rule win', () => {
    const rules =
      '  - name: first\n    match: { kind: post }\n    decision: publish\n' +
      '  - name: second\n    match: { channel: general }\n    decision: block\n';
    expect(decide(rules)).toMatchObject({ decision: 'publish', rule: 'policy.first' });
    expect(decide(rules, { kind: 'reply' })).toMatchObject({ decision: 'block', rule: 'policy.second' });
  });
});

describe('policy outcomes', () => {
  it('gives holds the default approvals, overridable per rule and partially', () => {
    const rules =
      '  - name: two-sec\n    match: { categories: secret }\n    decision: hold\n    approvals: { count: 2, group: security }\n' +
      '  - name: sec-group\n    match: { categories: permission }\n    decision: hold\n    approvals: { group: security }\n';
    const extra = 'defaults:\n  approvals: { count: 3, group: leads }\n';
    expect(decide(rules, { categories: ['secret'] }, extra).approvals).toEqual({
      count: 2,
      group: 'security',
    });
    expect(decide(rules, { categories: ['permission'] }, extra).approvals).toEqual({
      count: 3,
      group: 'security',
    });
    expect(decide(rules, {}, extra).approvals).toEqual({ count: 3, group: 'leads' });
    expect(decide(rules, {}).approvals).toEqual({ count: 1, group: 'default' });
  });

  it('names its rule in the outcome and the message, and gives publish/block no approvals', () => {
    const rules =
      '  - name: ok\n    description: clean and requested\n    match: { risk: none }\n    decision: publish\n';
    const out = decide(rules);
    expect(out).toEqual({
      decision: 'publish',
      rule: 'policy.ok',
      message: 'clean and requested (policy.ok)',
    });
    const held = decide(rules, { risk: 'low' });
    expect(held.message).toContain('policy.fallback');
    expect(held.message).toContain('needs 1 approval from default');
  });

  it('returns a fresh outcome each time, so a caller cannot corrupt the policy', () => {
    const policy = parsePolicy(policyText(''), 'test.yaml');
    const first = policy.evaluate(facts());
    first.approvals!.count = 99;
    expect(policy.evaluate(facts()).approvals).toEqual({ count: 1, group: 'default' });
  });

  it('takes its name from the file when the policy has none', () => {
    const text = 'version: 1\nrules:\n  - name: all\n    decision: hold\n';
    expect(parsePolicy(text, 'policies/strict.yaml').name).toBe('strict');
    expect(parsePolicy(policyText(''), 'x.yaml').name).toBe('test');
  });
});
