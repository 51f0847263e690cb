// The policy port between the classifier (which computes facts) and the policy (which decides).
import type { ActionKind, Approvals, Category, DecisionVerdict, Risk } from '../model.ts';

/** Facts about one action that policy rules can match on. */
export interface PolicyFacts {
  platform: string;
  /** Channel id or name as submitted (for dm: the recipient; for config_change: change.target). */
  channel: string | null;
  /** The channel's name when context maps the id to one. */
  channelName: string | null;
  agent: { id: string; name?: string | undefined };
  kind: ActionKind;
  inScope: boolean;
  /** Categories of every reason that fired, deduplicated. */
  categories: Category[];
  risk: Risk;
  /** True when a finding is `blocking` (a live credential). */
  blocking: boolean;
}

export interface PolicyOutcome {
  decision: DecisionVerdict;
  /** `policy.<rule-name>` */
  rule: string;
  /** For hold: approvals needed before publishing. */
  approvals?: Approvals;
  /** For hold/block: a reviewer-readable sentence naming the rule. */
  message: string;
}

export interface Policy {
  readonly name: string;
  evaluate(facts: PolicyFacts): PolicyOutcome;
}
