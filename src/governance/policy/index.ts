// The public surface of the policy module: parse and check policy files, and the port the classifier calls.
export { compilePolicy, DEFAULT_APPROVALS } from './compile.ts';
export { compileNamePatterns } from './glob.ts';
export { formatIssue, type PolicyIssue } from './locate.ts';
export { checkPolicy, PolicyError, type PolicyCheck, parsePolicy, policyNameFromSource } from './parse.ts';
export { PolicySpec, RULE_NAME } from './schema.ts';
export type { Policy, PolicyFacts, PolicyOutcome } from './types.ts';
