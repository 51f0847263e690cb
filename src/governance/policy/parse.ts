// Policy YAML text → a compiled Policy, or every problem with its file, line, column and key path.
// Pure: the caller reads the file (see src/policy-file.ts) and passes its text and its name.
import { LineCounter, parseDocument } from 'yaml';
import { AirlockError } from '../errors.ts';
import { compilePolicy } from './compile.ts';
import { formatIssue, issuesFromZod, type PolicyIssue, SourceLocator } from './locate.ts';
import { PolicySpec } from './schema.ts';
import type { Policy } from './types.ts';

export type { PolicyIssue } from './locate.ts';

export type PolicyCheck = { ok: true } | { ok: false; errors: PolicyIssue[] };

/** A policy file that cannot be used. `message` has one `file:line:col: path: message` line per problem. */
export class PolicyError extends AirlockError {
  readonly source: string;
  readonly errors: ReadonlyArray<PolicyIssue>;

  constructor(source: string, errors: ReadonlyArray<PolicyIssue>) {
    const first = errors[0];
    super(
      'invalid_input',
      errors.map((e) => formatIssue(source, e)).join('\n') || `${source}: invalid policy`,
      {
        field: first?.path || undefined,
        details: { source, errors },
      },
    );
    this.name = 'PolicyError';
    this.source = source;
    this.errors = errors;
  }
}

/** Rules the schema alone cannot express: unique names, approvals only on holds, a reachable catch-all. */
function crossCheck(spec: PolicySpec, at: SourceLocator): PolicyIssue[] {
  const errors: PolicyIssue[] = [];
  const seen = new Map<string, number>();
  let catchAll: number | undefined;
  for (const [i, rule] of spec.rules.entries()) {
    const earlier = seen.get(rule.name);
    if (earlier !== undefined) {
      errors.push(
        at.issue(['rules', i, 'name'], `duplicate rule name "${rule.name}" (also rules[${earlier}])`),
      );
    } else seen.set(rule.name, i);
    if (rule.approvals !== undefined && rule.decision !== 'hold') {
      errors.push(
        at.issue(
          ['rules', i, 'approvals'],
          `only a hold needs approvals; this rule decides ${rule.decision}`,
          {
            key: true,
          },
        ),
      );
    }
    if (catchAll !== undefined) {
      errors.push(
        at.issue(
          ['rules', i],
          `unreachable: rules[${catchAll}] "${spec.rules[catchAll]?.name}" matches everything`,
        ),
      );
    } else if (isCatchAll(rule.match)) catchAll = i;
  }
  const last = spec.rules.length - 1;
  if (catchAll === undefined) {
    errors.push(
      at.issue(
        ['rules', last],
        'the last rule must match everything (no `match`), so that every action gets a decision',
      ),
    );
  }
  return errors;
}

const isCatchAll = (match: PolicySpec['rules'][number]['match']): boolean =>
  match == null || Object.values(match).every((v) => v === undefined);

function analyze(text: string): { spec: PolicySpec; errors: [] } | { errors: PolicyIssue[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = new SourceLocator(doc.contents, lines);
  if (doc.errors.length > 0) {
    return {
      errors: doc.errors.map((e) => ({ ...at.position(e.pos[0]), path: '', message: `YAML: ${e.message}` })),
    };
  }
  if (doc.contents === null) {
    return { errors: [{ line: 1, column: 1, path: '', message: 'the policy file is empty' }] };
  }
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  const parsed = PolicySpec.safeParse(value);
  if (!parsed.success) {
    const errors = issuesFromZod(parsed.error.issues, value, at);
    return { errors: errors.sort((a, b) => a.line - b.line || a.column - b.column) };
  }
  const errors = crossCheck(parsed.data, at);
  return errors.length > 0 ? { errors } : { spec: parsed.data, errors: [] };
}

/**
 * Every problem in a policy file, for `airlock policy check` and editors. Never throws. Positions are
 * relative to the text; the caller prefixes its file name (`formatIssue(source, issue)`).
 */
export function checkPolicy(text: string, _source: string): PolicyCheck {
  const result = analyze(text);
  return 'spec' in result ? { ok: true } : { ok: false, errors: result.errors };
}

/** Throws PolicyError naming file:line:col and the key path of each problem. */
export function parsePolicy(text: string, source: string): Policy {
  const result = analyze(text);
  if (!('spec' in result)) throw new PolicyError(source, result.errors);
  return compilePolicy(result.spec, policyNameFromSource(source));
}

/** `policy/strict.yaml` → `strict`, used when the file has no `name`. */
export const policyNameFromSource = (source: string): string =>
  source.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/i, '') || 'policy';
