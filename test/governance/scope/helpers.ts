// Builders for scope tests: a request from Ada to relay-bot in a DM, actions, and a small context.
import type { Detector, Finding } from '../../../src/governance/detect/types.ts';
import type { ActionInput, Context, RequestInput } from '../../../src/governance/model.ts';
import type { Policy, PolicyFacts } from '../../../src/governance/policy/types.ts';
import { checkScope, deriveScope, type ScopeVerdict } from '../../../src/governance/scope/index.ts';

export const agent = { id: 'B1', name: 'relay-bot' };

export const context: Context = {
  channels: [
    { id: 'C01', name: 'build-help', members: 180, private: false, external: false },
    { id: 'C02', name: 'random', members: 900, private: false, external: false },
    { id: 'C03', name: 'partner-acme', members: 12, private: false, external: true },
    { id: 'C04', name: 'leads', members: 8, private: true, external: false },
    { id: '900100200300400500', name: 'lobby', members: 20000, private: false, external: false },
  ],
  users: [
    { id: 'U1', name: 'Ada' },
    { id: 'U2', name: 'Tomasz' },
    { id: 'U3', name: 'Ines' },
    { id: '700100200300400500', name: 'kestrel' },
  ],
};

export function request(text: string, over: Partial<RequestInput> = {}): RequestInput {
  return {
    text,
    requester: { id: 'U1', name: 'Ada' },
    platform: 'slack',
    origin: { channel: 'D-ada', thread: null },
    ...over,
  };
}

export const post = (channel: string, text = 'hello'): ActionInput => ({ kind: 'post', channel, text });
export const reply = (channel: string, thread = '171.1', text = 'hello'): ActionInput => ({
  kind: 'reply',
  channel,
  thread,
  text,
});
export const dm = (recipient: string, text = 'hello'): ActionInput => ({ kind: 'dm', recipient, text });

/** Derive the scope of `text` and check `action` against it. */
export function verdict(
  text: string | null,
  action: ActionInput,
  over: Partial<RequestInput> = {},
  ctx: Context | undefined = context,
): ScopeVerdict {
  const scope = text === null ? null : deriveScope(request(text, over));
  return checkScope({ scope, agent, action, context: ctx, platform: over.platform ?? 'slack' });
}

export const codes = (v: ScopeVerdict): string[] => v.reasons.map((r) => r.code);

/** The default semantics: block when blocking, publish when in scope and risk ≤ low, else hold. */
export function defaultPolicy(seen: PolicyFacts[] = []): Policy {
  return {
    name: 'test-default',
    evaluate(f) {
      seen.push(f);
      if (f.blocking)
        return {
          decision: 'block',
          rule: 'policy.block-credentials',
          message: 'a live credential never goes out',
        };
      if (f.inScope && (f.risk === 'none' || f.risk === 'low')) {
        return { decision: 'publish', rule: 'policy.publish-in-scope', message: 'requested and clean' };
      }
      return {
        decision: 'hold',
        rule: 'policy.hold-default',
        message: 'waits for a reviewer',
        approvals: { count: 1, group: 'default' },
      };
    },
  };
}

/** A detector that reports every occurrence of the given needles with the given finding shape. */
export function detector(rules: Array<{ needle: string } & Omit<Finding, 'span' | 'message'>>): Detector {
  return (text) =>
    rules.flatMap((r) => {
      const at = text.indexOf(r.needle);
      if (at < 0) return [];
      const { needle, ...rest } = r;
      return [{ ...rest, message: `found ${needle}`, span: [at, at + needle.length] as [number, number] }];
    });
}
