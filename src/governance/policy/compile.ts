// A validated policy file → a `Policy` whose evaluate() is a loop over precompiled predicates.
// Everything that can be computed once (globs, sets, risk ranks, outcomes) is computed here.
import { type Approvals, type Category, type DecisionVerdict, RISKS, type Risk, riskRank } from '../model.ts';
import { compileNamePatterns } from './glob.ts';
import type { ApprovalsSpec, MatchSpec, PolicySpec, RiskSpec, RuleSpec } from './schema.ts';
import type { Policy, PolicyFacts, PolicyOutcome } from './types.ts';

export const DEFAULT_APPROVALS: Readonly<Approvals> = Object.freeze({ count: 1, group: 'default' });

type Predicate = (facts: PolicyFacts) => boolean;

export interface CompiledRule {
  readonly name: string;
  /** True when the rule has no conditions: it matches every action. */
  readonly catchAll: boolean;
  readonly test: Predicate;
  readonly outcome: Readonly<PolicyOutcome>;
}

/** The set of risk levels a `risk:` condition admits, as a lookup by rank. */
export function riskLevels(spec: RiskSpec): boolean[] {
  if (Array.isArray(spec)) {
    const wanted = new Set<Risk>(spec);
    return RISKS.map((r) => wanted.has(r));
  }
  const lo = spec.at_least === undefined ? 0 : riskRank(spec.at_least);
  const hi = spec.at_most === undefined ? RISKS.length - 1 : riskRank(spec.at_most);
  return RISKS.map((_, i) => i >= lo && i <= hi);
}

function predicates(m: MatchSpec): Predicate[] {
  const out: Predicate[] = [];
  if (m.platform) {
    const match = compileNamePatterns(m.platform);
    out.push((f) => match(f.platform));
  }
  if (m.channel) {
    const match = compileNamePatterns(m.channel);
    out.push(
      (f) => (f.channel !== null && match(f.channel)) || (f.channelName !== null && match(f.channelName)),
    );
  }
  if (m.agent) {
    const match = compileNamePatterns(m.agent);
    out.push((f) => match(f.agent.id) || (f.agent.name !== undefined && match(f.agent.name)));
  }
  if (m.kind) {
    const kinds = new Set<string>(m.kind);
    out.push((f) => kinds.has(f.kind));
  }
  if (m.in_scope !== undefined) {
    const want = m.in_scope;
    out.push((f) => f.inScope === want);
  }
  if (m.categories) {
    const cats = new Set<Category>(m.categories);
    out.push((f) => f.categories.some((c) => cats.has(c)));
  }
  if (m.risk !== undefined) {
    const levels = riskLevels(m.risk);
    out.push((f) => levels[riskRank(f.risk)] === true);
  }
  if (m.blocking !== undefined) {
    const want = m.blocking;
    out.push((f) => f.blocking === want);
  }
  return out;
}

const VERBS: Record<DecisionVerdict, string> = {
  publish: 'published',
  hold: 'held for review',
  block: 'blocked',
};

function outcomeOf(rule: RuleSpec, defaults: Approvals): PolicyOutcome {
  const code = `policy.${rule.name}`;
  const said = rule.description ? `${rule.description} (${code})` : `${VERBS[rule.decision]} by ${code}`;
  if (rule.decision !== 'hold') return { decision: rule.decision, rule: code, message: said };
  const approvals = mergeApprovals(defaults, rule.approvals);
  const needs = `needs ${approvals.count} approval${approvals.count === 1 ? '' : 's'} from ${approvals.group}`;
  return { decision: 'hold', rule: code, approvals, message: `${said}; ${needs}` };
}

export function mergeApprovals(base: Approvals, spec: ApprovalsSpec | undefined): Approvals {
  const mayApprove = spec?.requester_may_approve ?? base.requester_may_approve;
  return {
    count: spec?.count ?? base.count,
    group: spec?.group ?? base.group,
    ...(mayApprove ? { requester_may_approve: true } : {}),
  };
}

export function compileRule(rule: RuleSpec, defaults: Approvals): CompiledRule {
  const preds = predicates(rule.match ?? {});
  const [a, b, c] = preds;
  let test: Predicate;
  // Unrolled for the common short rules; a closure over an array for the rest.
  if (preds.length === 0) test = () => true;
  else if (preds.length === 1 && a) test = a;
  else if (preds.length === 2 && a && b) test = (f) => a(f) && b(f);
  else if (preds.length === 3 && a && b && c) test = (f) => a(f) && b(f) && c(f);
  else test = (f) => preds.every((p) => p(f));
  return { name: rule.name, catchAll: preds.length === 0, test, outcome: outcomeOf(rule, defaults) };
}

class CompiledPolicy implements Policy {
  readonly name: string;
  readonly rules: ReadonlyArray<CompiledRule>;

  constructor(name: string, rules: ReadonlyArray<CompiledRule>) {
    this.name = name;
    this.rules = rules;
  }

  evaluate(facts: PolicyFacts): PolicyOutcome {
    for (const rule of this.rules) {
      if (rule.test(facts)) return copyOutcome(rule.outcome);
    }
    // Unreachable for a validated policy (its last rule matches everything); fail closed regardless.
    return {
      decision: 'hold',
      rule: 'policy.no_rule_matched',
      approvals: { ...DEFAULT_APPROVALS },
      message: `no rule of policy ${this.name} matched, so the action waits for a reviewer`,
    };
  }
}

const copyOutcome = (o: Readonly<PolicyOutcome>): PolicyOutcome =>
  o.approvals ? { ...o, approvals: { ...o.approvals } } : { ...o };

/** `spec` must already be validated (see parse.ts), including the catch-all last rule. */
export function compilePolicy(spec: PolicySpec, fallbackName: string): Policy {
  const defaults = mergeApprovals(DEFAULT_APPROVALS, spec.defaults?.approvals);
  return new CompiledPolicy(
    spec.name ?? fallbackName,
    spec.rules.map((r) => compileRule(r, defaults)),
  );
}
