// Which classifier the service and `airlock classify` use.
import type { Classifier } from './governance/ports.ts';
import { noClassifier } from './governance/ports.ts';

export function createDefaultClassifier(_policyPath?: string): Classifier {
  return noClassifier;
}
