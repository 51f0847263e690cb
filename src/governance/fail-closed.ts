import type { Decision } from './model.ts';

/** What every caller decides when the classifier throws: a human must look. Never publish. */
export function classifierFailed(error: unknown): Decision {
  const why = error instanceof Error ? error.message : String(error);
  return {
    decision: 'hold',
    in_scope: false,
    risk: 'high',
    reasons: [
      {
        code: 'policy.classifier_error',
        category: 'policy',
        message: `the classifier failed on this action (${why}), so a reviewer must decide`,
      },
    ],
    rule: 'policy.classifier_error',
    approvals: { count: 1, group: 'default' },
  };
}
