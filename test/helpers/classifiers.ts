// A test double of the Classifier port whose decision the test controls through markers in the text,
// so pipeline tests do not depend on the judgment's tuning.
import type { Decision } from '../../src/governance/model.ts';
import type { Classifier } from '../../src/governance/ports.ts';

export function markerClassifier(): Classifier {
  return {
    name: 'test.marker',
    classify: ({ action }): Decision => {
      if (action.text.includes('[throw]')) throw new Error('classifier exploded');
      if (action.text.includes('[block]')) {
        return {
          decision: 'block',
          in_scope: true,
          risk: 'critical',
          reasons: [{ code: 'secret.test', category: 'secret', message: 'test block' }],
          rule: 'policy.test-block',
        };
      }
      if (action.text.includes('[hold2]')) {
        return {
          decision: 'hold',
          in_scope: false,
          risk: 'high',
          reasons: [{ code: 'scope.test', category: 'scope', message: 'test hold' }],
          rule: 'policy.test-hold',
          approvals: { count: 2, group: 'security' },
        };
      }
      if (action.text.includes('[hold]')) {
        return {
          decision: 'hold',
          in_scope: false,
          risk: 'medium',
          reasons: [{ code: 'scope.test', category: 'scope', message: 'test hold' }],
          rule: 'policy.test-hold',
          approvals: { count: 1, group: 'default' },
        };
      }
      return { decision: 'publish', in_scope: true, risk: 'none', reasons: [], rule: 'policy.test-publish' };
    },
  };
}

/** Holds everything with one policy reason: for tests of plumbing that must not depend on judgment. */
export const holdAllClassifier: Classifier = {
  name: 'test.hold_all',
  classify: () => ({
    decision: 'hold',
    in_scope: false,
    risk: 'medium',
    reasons: [
      { code: 'policy.test_hold_all', category: 'policy', message: 'the test classifier holds everything' },
    ],
    rule: 'policy.test_hold_all',
    approvals: { count: 1, group: 'default' },
  }),
};

/**
 * Holds everything for two `security` approvals: fuzz tests give their reviewers only the default group, so
 * no generated input (a click, an approval) can ever publish.
 */
export const holdForSecurity: Classifier = {
  name: 'fuzz.hold_for_security',
  classify: () => ({
    decision: 'hold',
    in_scope: false,
    risk: 'high',
    reasons: [{ code: 'policy.fuzz', category: 'policy', message: 'the fuzz holds everything' }],
    rule: 'policy.fuzz',
    approvals: { count: 2, group: 'security' },
  }),
};
