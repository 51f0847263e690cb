// The judgment: scope (did anyone ask for this?), detectors (what does it carry?), audience (who
// would read it?), then the policy decides. Pure and synchronous; the request's scope is cached.
import { audienceOf, weigh } from './audience.ts';
import { detectAll, linkKey } from './detect/index.ts';
import type { Detector, Finding } from './detect/types.ts';
import type { Category, ClassifyInput, Decision, Reason, Risk } from './model.ts';
import { maxRisk, riskRank } from './model.ts';
import type { Policy, PolicyFacts } from './policy/types.ts';
import type { Classifier } from './ports.ts';
import { isIdentifier } from './scope/config.ts';
import { checkScope, Resolver, type Scope, scopeOf, warmUp } from './scope/index.ts';

/** Categories that on their own raise risk to medium or above (the classify contract). */
export const RISKY: ReadonlySet<Category> = new Set([
  'secret',
  'pii',
  'permission',
  'destructive',
  'injection',
  'link',
  'broadcast',
]);

export interface ClassifierOptions {
  policy: Policy;
  /** The content detectors; defaults to every detector (`detectAll`). */
  detect?: Detector;
}

/**
 * A link counts as supplied when the request text carries it, with or without scheme or `www.`, or
 * carries a URL it extends (`…/oncall` supplies `…/oncall#today`). Deceptive links never count.
 */
function supplied(scope: Scope | null, f: Finding, requestText: string): boolean {
  if (!scope || !f.value || riskRank(f.severity) > riskRank('medium')) return false;
  const key = linkKey(f.value).replace(/#.*$/, '');
  if (key.length > 3 && requestText.toLowerCase().includes(key)) return true;
  return scope.urls.some((u) => {
    const s = linkKey(u.replace(/#.*$/, ''));
    return s === key || key.startsWith(`${s}/`) || key.startsWith(`${s}?`);
  });
}

const BROADCAST_TOKEN = /(?:^|[@<!])(here|channel|everyone)\b/i;
const RANK: Readonly<Record<string, number>> = { here: 1, channel: 2, everyone: 3 };

/**
 * A broadcast counts as requested when the request asked for it or for a broader one, or wrote the
 * same role or group mention itself ("ping the <@&555> role").
 */
function requestedBroadcast(scope: Scope | null, f: Finding, requestText: string): boolean {
  if (!scope) return false;
  const token = BROADCAST_TOKEN.exec(f.value ?? '')?.[1]?.toLowerCase();
  if (token) return (RANK[token] ?? 3) <= scope.broadcast;
  if (f.value && f.value.length > 2 && requestText.toLowerCase().includes(f.value.toLowerCase())) return true;
  return scope.massMention || scope.broadcast >= 3;
}

const DELETE_WORDS = /\b(?:delete|drop|remove|wipe|purge|clean|clear|truncate|rm|destroy|erase|prune)\b/i;

/**
 * "Tell Mateus the command to drop tmp_import_0413": the request asked for this specific deletion, so
 * a command that deletes exactly what it named (an identifier the request wrote) is not destructive.
 */
function requestedDeletion(scope: Scope | null, requestText: string, spanText: string): boolean {
  if (!scope || !DELETE_WORDS.test(requestText)) return false;
  const ids = spanText.match(/[A-Za-z0-9][\w.-]*[\w]/g) ?? [];
  const named = ids.flatMap((id) => id.split('.')).filter((id) => isIdentifier(id));
  const lower = requestText.toLowerCase();
  return named.length > 0 && named.every((id) => lower.includes(id.toLowerCase()));
}

/** Findings the request or the scope made acceptable are dropped before weighing. */
function keep(
  scope: Scope | null,
  f: Finding,
  requestedChange: boolean,
  requestText: string,
  text: string,
): boolean {
  if (
    f.category === 'destructive' &&
    requestedDeletion(scope, requestText, text.slice(f.span[0], f.span[1]))
  ) {
    return false;
  }
  if (f.category === 'link' && supplied(scope, f, requestText)) return false;
  if (f.category === 'broadcast' && requestedBroadcast(scope, f, requestText)) return false;
  // A requested, specific change (operation, target, subject and breadth all matched) is not itself
  // destructive or a permission risk: that is what the human asked for.
  if (requestedChange && (f.category === 'destructive' || f.category === 'permission')) return false;
  return true;
}

const describe = (f: Finding): Reason => ({
  code: f.code,
  category: f.category,
  message: f.message,
  span: f.span,
});

function channelOf(input: ClassifyInput): string | null {
  const a = input.action;
  if (a.kind === 'dm') return a.recipient ?? null;
  if (a.kind === 'config_change') return a.change?.target ?? null;
  return a.channel ?? null;
}

export function createClassifier(opts: ClassifierOptions): Classifier {
  const detect: Detector = opts.detect ?? detectAll;
  warmUp();
  return {
    name: `airlock.classifier(${opts.policy.name})`,
    classify(input: ClassifyInput): Decision {
      const { action, request, context } = input;
      const scope = request ? scopeOf(request) : null;
      const verdict = checkScope({ scope, agent: input.agent, action, context, platform: request?.platform });
      const audience = audienceOf(action, verdict.toRequester, context);
      const requestedChange = action.kind === 'config_change' && verdict.inScope;
      const findings = detect(action.text).filter((f) =>
        keep(scope, f, requestedChange, request?.text ?? '', action.text),
      );

      let risk: Risk = verdict.inScope
        ? audience.step > 0
          ? 'low'
          : 'none'
        : weigh('medium', audience, 'medium');
      for (const r of verdict.reasons)
        if (RISKY.has(r.category)) risk = maxRisk(risk, weigh('medium', audience, 'medium'));
      for (const f of findings) {
        const floor: Risk = RISKY.has(f.category) ? 'medium' : 'none';
        const base = maxRisk(f.severity, floor);
        risk = maxRisk(risk, f.blocking ? 'critical' : weigh(base, audience, floor));
      }
      const blocking = findings.some((f) => f.blocking === true);
      const reasons: Reason[] = [...verdict.reasons.map((r) => ({ ...r })), ...findings.map(describe)];
      const categories = [...new Set(reasons.map((r) => r.category))];
      const channel = channelOf(input);
      const r = new Resolver(context);
      const named = channel
        ? action.kind === 'dm'
          ? r.user(channel)?.name
          : r.channel(channel)?.name
        : undefined;
      const facts: PolicyFacts = {
        platform: request?.platform ?? 'unknown',
        channel,
        channelName: named ?? null,
        agent: input.agent,
        kind: action.kind,
        inScope: verdict.inScope,
        categories,
        risk,
        blocking,
      };
      const outcome = opts.policy.evaluate(facts);
      if (outcome.decision !== 'publish') {
        reasons.push({ code: outcome.rule, category: 'policy', message: outcome.message });
      }
      const decision: Decision = {
        decision: outcome.decision,
        in_scope: verdict.inScope,
        risk,
        reasons,
        rule: outcome.rule,
      };
      if (outcome.approvals && outcome.decision === 'hold') decision.approvals = outcome.approvals;
      return decision;
    },
  };
}
