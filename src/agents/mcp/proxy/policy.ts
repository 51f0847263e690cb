// The proxy's own policy file (`--policy proxy.yaml`): which upstream tools an agent sees, which count as
// reads, and what is redacted from results. Tool names may use `*` as a wildcard.
//
//   hide: [move_file]                 # hidden from every agent
//   read_only: [search_*]             # pass through (audited, redacted) even without readOnlyHint
//   governed: [read_media_file]       # staged for review even when the upstream says read-only
//   redact: [secret, pii]             # finding categories redacted from results (default: secret, pii)
//   agents:
//     helper-bot: { hide: [write_*] } # by agent name or id
//     intern-bot: { allow: [read_*] } # only these
import { readFileSync } from 'node:fs';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { AirlockError, invalidInput } from '../../../governance/errors.ts';
import { type Agent, CATEGORIES, type Category } from '../../../governance/model.ts';

const names = z.array(z.string().min(1)).default([]);

export const ProxyPolicySchema = z
  .object({
    hide: names,
    read_only: names,
    governed: names,
    redact: z.array(z.enum(CATEGORIES)).default(['secret', 'pii']),
    agents: z
      .record(z.string(), z.object({ hide: names, allow: z.array(z.string().min(1)).optional() }).strict())
      .default({}),
  })
  .strict();
export type ProxyPolicyFile = z.infer<typeof ProxyPolicySchema>;

const matcher = (patterns: readonly string[]) => {
  const res = patterns.map(
    (p) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*')}$`),
  );
  return (name: string) => res.some((r) => r.test(name));
};

export interface ProxyPolicy {
  /** Whether `agent` may see and call `tool` at all. */
  visible(agent: Agent, tool: string): boolean;
  /** Read-only tools pass through at once; everything else is staged as a config_change for review. */
  isReadOnly(tool: Tool): boolean;
  redactCategories: readonly Category[];
}

export function createProxyPolicy(input: unknown = {}): ProxyPolicy {
  const parsed = ProxyPolicySchema.safeParse(input ?? {});
  if (!parsed.success) throw invalidInput(parsed.error.issues, 'policy');
  const p = parsed.data;
  const hidden = matcher(p.hide);
  const readOnly = matcher(p.read_only);
  const governed = matcher(p.governed);
  const perAgent = (agent: Agent) => p.agents[agent.name] ?? p.agents[agent.id];
  return {
    visible(agent, tool) {
      if (hidden(tool)) return false;
      const rules = perAgent(agent);
      if (!rules) return true;
      if (matcher(rules.hide)(tool)) return false;
      return rules.allow === undefined || matcher(rules.allow)(tool);
    },
    isReadOnly(tool) {
      if (governed(tool.name)) return false;
      if (readOnly(tool.name)) return true;
      // The upstream's own hint, as pinned: a later flip to read-only is a changed tool, not a free pass.
      return tool.annotations?.readOnlyHint === true;
    },
    redactCategories: p.redact,
  };
}

export function loadProxyPolicy(file: string | undefined): ProxyPolicy {
  if (!file) return createProxyPolicy();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new AirlockError('invalid_input', `--policy: cannot read ${file}: ${(e as Error).message}`, {
      field: 'policy',
      cause: e,
    });
  }
  return createProxyPolicy(parseYaml(text));
}
