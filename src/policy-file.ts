// Reads a policy file from disk. Governance never touches the filesystem, so this lives outside it.
import { readFileSync } from 'node:fs';
import { AirlockError } from './governance/errors.ts';
import { type Policy, parsePolicy } from './governance/policy/index.ts';
import { packagePath } from './package-root.ts';

/** `policy/default.yaml` at the repository root, wherever the process was started from. */
export const DEFAULT_POLICY_PATH = packagePath('policy', 'default.yaml');

/** Reads the text of a policy file; errors say which file and why. */
export function readPolicyText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    const why = cause instanceof Error && 'code' in cause ? String(cause.code) : String(cause);
    throw new AirlockError('not_found', `cannot read policy file ${path} (${why})`, { cause });
  }
}

/**
 * The policy in `path`, or the shipped default when no path is given. Throws PolicyError (naming
 * file:line:col and the key path) when the file is invalid, AirlockError `not_found` when it cannot be read.
 */
export function loadPolicyFile(path?: string): Policy {
  const file = path ?? DEFAULT_POLICY_PATH;
  return parsePolicy(readPolicyText(file), path ?? 'policy/default.yaml');
}
