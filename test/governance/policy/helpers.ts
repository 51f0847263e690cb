import type { PolicyFacts } from '../../../src/governance/policy/index.ts';

/** Facts for a clean, requested post; override what a test is about. */
export const facts = (over: Partial<PolicyFacts> = {}): PolicyFacts => ({
  platform: 'slack',
  channel: 'C100',
  channelName: 'general',
  agent: { id: 'B900', name: 'helper-bot' },
  kind: 'post',
  inScope: true,
  categories: [],
  risk: 'none',
  blocking: false,
  ...over,
});

/** A policy file from rule lines, with the catch-all hold appended. */
export const policyText = (rules: string, extra = ''): string =>
  `version: 1\nname: test\n${extra}rules:\n${rules}  - name: fallback\n    decision: hold\n`;
