import { describe, expect, it } from 'vitest';
import { AirlockError } from '../../../src/governance/errors.ts';
import { checkPolicy, PolicyError, parsePolicy } from '../../../src/governance/policy/index.ts';
import { facts } from './helpers.ts';

const lines = (...ls: string[]) => `${ls.join('\n')}\n`;

function parseError(text: string, source = 'policy.yaml'): PolicyError {
  try {
    parsePolicy(text, source);
  } catch (e) {
    if (e instanceof PolicyError) return e;
    throw e;
  }
  throw new Error('expected parsePolicy to throw');
}

describe('parsePolicy errors', () => {
  it('names file, line, column and key path for a bad decision', () => {
    const text = lines(
      'version: 1', //                       1
      'rules:', //                           2
      '  - name: ok', //                     3
      '    match: { in_scope: true }', //    4
      '    decision: publish', //            5
      '  - name: bad', //                    6
      '    decision: allow', //              7
      '  - name: rest', //                   8
      '    decision: hold', //               9
    );
    const err = parseError(text);
    expect(err.message).toBe('policy.yaml:7:15: rules[1].decision: must be one of publish, hold, block');
    expect(err).toBeInstanceOf(AirlockError);
    expect(err.code).toBe('invalid_input');
    expect(err.errors).toEqual([
      { line: 7, column: 15, path: 'rules[1].decision', message: 'must be one of publish, hold, block' },
    ]);
  });

  it('reports an unknown key at the key, with the keys allowed there', () => {
    const text = lines(
      'version: 1',
      'rules:',
      '  - name: ext',
      '    match:',
      '      chanel: ext-*',
      '    decision: hold',
    );
    const err = parseError(text);
    expect(err.errors[0]).toMatchObject({ line: 5, column: 7, path: 'rules[0].match.chanel' });
    expect(err.message).toMatch(
      /^policy\.yaml:5:7: rules\[0\]\.match\.chanel: unknown key "chanel" \(allowed here: .*channel/,
    );
  });

  it('rejects unknown top-level keys and a wrong version', () => {
    const result = checkPolicy(
      lines('version: 2', 'rule: []', 'rules:', '  - name: a', '    decision: hold'),
      'p.yaml',
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          line: 1,
          column: 10,
          path: 'version',
          message: 'must be 1 (the only policy format version so far)',
        },
        {
          line: 2,
          column: 1,
          path: 'rule',
          message: 'unknown key "rule" (allowed here: version, name, description, defaults, rules)',
        },
      ],
    });
  });

  it('reports YAML syntax errors with their position', () => {
    const result = checkPolicy(lines('version: 1', 'rules: [', '  - name: a'), 'p.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]?.message).toMatch(/^YAML: /);
    expect(result.errors[0]?.line).toBeGreaterThanOrEqual(2);
  });

  it('reports missing keys, bad names, values and approvals, all at once', () => {
    const text = lines(
      'version: 1',
      'rules:',
      '  - name: Bad Name', //                                     3
      '    match: { kind: postt, risk: { at_least: huge } }', //   4
      '    decision: hold',
      '    approvals: { count: 0 }', //                            6
      '  - match: { categories: [secrets] }', //                   7
      '    decision: hold',
      '  - name: rest',
      '    decision: hold',
    );
    const result = checkPolicy(text, 'p.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const byPath = Object.fromEntries(
      result.errors.map((e) => [e.path, `${e.line}:${e.column} ${e.message}`]),
    );
    expect(byPath).toEqual({
      'rules[0].name': '3:11 must use only lowercase letters, digits, _ and - ([a-z0-9_-]+)',
      'rules[0].match.kind': '4:20 must be one of post, reply, dm, config_change',
      'rules[0].match.risk.at_least': '4:45 must be one of none, low, medium, high, critical',
      'rules[0].approvals.count': '6:25 must be a whole number from 1 to 20',
      'rules[1].name': '7:5 is required',
      'rules[1].match.categories[0]': expect.stringMatching(/^7:27 must be one of scope, secret/),
    });
  });

  it('requires unique rule names', () => {
    const text = lines(
      'version: 1',
      'rules:',
      '  - name: a',
      '    match: { kind: dm }',
      '    decision: publish',
      '  - name: a',
      '    decision: hold',
    );
    expect(parseError(text).message).toBe(
      'policy.yaml:6:11: rules[1].name: duplicate rule name "a" (also rules[0])',
    );
  });

  it('requires a final rule that matches everything, and nothing after it', () => {
    const noFallback = lines(
      'version: 1',
      'rules:',
      '  - name: a',
      '    match: { kind: dm }',
      '    decision: publish',
    );
    expect(parseError(noFallback).message).toMatch(
      /^policy\.yaml:3:5: rules\[0\]: the last rule must match everything/,
    );
    const unreachable = lines(
      'version: 1',
      'rules:',
      '  - name: all',
      '    decision: hold',
      '  - name: never',
      '    match: {}',
      '    decision: publish',
    );
    expect(parseError(unreachable).message).toBe(
      'policy.yaml:5:5: rules[1]: unreachable: rules[0] "all" matches everything',
    );
  });

  it('allows approvals only on holds', () => {
    const text = lines(
      'version: 1',
      'rules:',
      '  - name: a',
      '    decision: block',
      '    approvals: { count: 2 }',
    );
    expect(parseError(text).message).toBe(
      'policy.yaml:5:5: rules[0].approvals: only a hold needs approvals; this rule decides block',
    );
  });

  it('rejects an empty file and a file that is not a map', () => {
    expect(parseError('', 'e.yaml').message).toBe('e.yaml:1:1: the policy file is empty');
    expect(parseError('- 1\n', 'e.yaml').message).toBe('e.yaml:1:1: must be a map (key: value)');
    expect(parseError('version: 1\n', 'e.yaml').message).toBe('e.yaml:1:1: rules: is required');
  });

  it('accepts single values where lists are allowed, and an explicit empty match as catch-all', () => {
    const text = lines(
      'version: 1',
      'rules:',
      '  - name: one',
      '    match: { kind: dm, categories: secret, channel: "ext-*", risk: high }',
      '    decision: block',
      '  - name: all',
      '    match: {}',
      '    decision: hold',
    );
    expect(checkPolicy(text, 'p.yaml')).toEqual({ ok: true });
  });
});

describe('approvals.requester_may_approve', () => {
  it('is carried from defaults and rules into the decision, and must be a boolean', () => {
    const text = lines(
      'version: 1',
      'defaults:',
      '  approvals: { requester_may_approve: true }',
      'rules:',
      '  - name: strict',
      '    match: { kind: dm }',
      '    decision: hold',
      '    approvals: { group: security, requester_may_approve: false }',
      '  - name: rest',
      '    decision: hold',
    );
    const p = parsePolicy(text, 'p.yaml');
    const base = facts({ inScope: false, risk: 'low' });
    expect(p.evaluate({ ...base, kind: 'post' }).approvals).toEqual({
      count: 1,
      group: 'default',
      requester_may_approve: true,
    });
    expect(p.evaluate({ ...base, kind: 'dm' }).approvals).toEqual({ count: 1, group: 'security' });
    const bad = lines(
      'version: 1',
      'rules:',
      '  - name: r',
      '    decision: hold',
      '    approvals: { requester_may_approve: yes please }',
    );
    expect(parseError(bad).message).toBe(
      'policy.yaml:5:41: rules[0].approvals.requester_may_approve: must be true or false',
    );
  });
});
