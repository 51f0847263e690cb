// The classifier the service, `airlock classify` and `npm run eval` use: scope + detectors + the policy
// file (AIRLOCK_POLICY, else the shipped policy/default.yaml).
import { createClassifier } from './governance/classify.ts';
import { AirlockError } from './governance/errors.ts';
import type { Classifier } from './governance/ports.ts';
import { loadPolicyFile } from './policy-file.ts';

export function createDefaultClassifier(policyPath?: string): Classifier {
  try {
    return createClassifier({ policy: loadPolicyFile(policyPath) });
  } catch (e) {
    throw new AirlockError('invalid_input', `AIRLOCK_POLICY: ${(e as Error).message}`, {
      cause: e,
      field: 'AIRLOCK_POLICY',
    });
  }
}
