// A non-read-only upstream tool call becomes a staged `config_change` action; the upstream runs it only
// after a publish decision or a reviewer's approval, exactly once (claim → call → complete). The agent gets
// the upstream's result then, or the hold status now and the result when it asks again.
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import { AirlockError, isAirlockError } from '../../../governance/errors.ts';
import type { ActionView, AgentGateway } from '../../../governance/gateway.ts';
import type { Agent } from '../../../governance/model.ts';
import { actionResult, describeAction, isUndecided } from '../render.ts';
import { progressReporter } from '../tools/status.ts';
import { canonicalJson, sha256 } from './canonical.ts';

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;
export const META_KEY = 'dev.airlock/action';

export interface GovernedDeps {
  gateway: AgentGateway;
  agent: Agent;
  /** `mcp:<upstream name>`: the change.system of every action this proxy stages. */
  system: string;
  /** Per proxy session: the same call with the same arguments finds the same action again. */
  nonce: string;
  /** How long a call waits for a decision before returning the hold. */
  waitMs: number;
  callUpstream(tool: string, args: Record<string, unknown>): Promise<CallToolResult>;
  /** A refusal when the tool may not run now (hidden, or changed since it was pinned); null to go ahead. */
  gate(tool: string): Promise<CallToolResult | null>;
  /** DLP and anything else applied to every upstream result before the agent sees it. */
  finish(tool: string, result: CallToolResult): Promise<CallToolResult>;
}

const TARGET_KEYS = ['path', 'uri', 'url', 'destination', 'target', 'file', 'filename', 'name', 'source'];

/** The argument that says what the call acts on, for the reviewer and the classifier. */
export function mainTarget(args: Record<string, unknown>): string | undefined {
  for (const k of TARGET_KEYS) {
    const v = args[k];
    if (typeof v === 'string' && v.length > 0) return v.slice(0, 512);
  }
  return undefined;
}

const MAX_TEXT = 20_000;

function describeCall(
  upstream: string,
  tool: string,
  description: string | undefined,
  args: Record<string, unknown>,
) {
  const json = JSON.stringify(args, null, 2);
  const shown =
    json.length > MAX_TEXT
      ? `${json.slice(0, MAX_TEXT)}\n… (${json.length - MAX_TEXT} more characters)`
      : json;
  const what = description ? `\nTool description: ${description.slice(0, 500)}` : '';
  return `Call the tool "${tool}" of the MCP server "${upstream}" with these arguments:\n${shown}${what}`;
}

/** A call that did not run (yet): an error result for the model, the action in _meta for programs. */
function notRun(view: ActionView, tool: string): CallToolResult {
  const { text, next } = describeAction(view);
  const hint =
    view.status === 'held' || view.status === 'received'
      ? `The call to ${tool} has NOT run. Do not change the arguments to get around the review. Once a reviewer decides, call ${tool} again with the same arguments, or call get_action_status with action_id "${view.id}", and Airlock runs it then (once) and returns its result.`
      : `The call to ${tool} did not run.`;
  return {
    isError: true,
    content: [
      { type: 'text', text: `Airlock: ${text} ${hint} ${view.status === 'held' ? '' : next}`.trim() },
    ],
    _meta: { [META_KEY]: actionResult(view) },
  };
}

const withAction = (result: CallToolResult, view: ActionView, note?: string): CallToolResult => ({
  ...result,
  content: note ? [...(result.content ?? []), { type: 'text', text: note }] : result.content,
  _meta: { ...result._meta, [META_KEY]: actionResult(view) },
});

const firstText = (r: CallToolResult): string =>
  (r.content ?? [])
    .map((c) => (c.type === 'text' ? c.text : ''))
    .join(' ')
    .trim() || 'the tool reported an error';

export function createGovernedCalls(deps: GovernedDeps) {
  const upstreamName = deps.system.replace(/^mcp:/, '');
  const results = new Map<string, CallToolResult>();
  const inflight = new Map<string, Promise<CallToolResult>>();

  async function execute(view: ActionView): Promise<CallToolResult> {
    const change = view.change;
    const tool = change?.operation;
    const args = change?.details?.['arguments'];
    if (!change || change.system !== deps.system || !tool || typeof args !== 'object' || args === null) {
      throw new AirlockError(
        'invalid_input',
        `action ${view.id} is not a call this proxy (${deps.system}) can run`,
        {
          field: 'action_id',
        },
      );
    }
    const refused = await deps.gate(tool);
    if (refused) return refused;
    let claimed: ActionView;
    try {
      claimed = await deps.gateway.claimExecution(deps.agent, view.id);
    } catch (e) {
      if (isAirlockError(e) && (e.code === 'conflict' || e.code === 'illegal_transition')) {
        return settled(await deps.gateway.getAction(deps.agent, view.id), tool);
      }
      throw e;
    }
    let result: CallToolResult;
    try {
      // The arguments as approved (a reviewer saw exactly these), not whatever the agent sent last.
      result = await deps.callUpstream(tool, args as Record<string, unknown>);
    } catch (e) {
      const error = `the upstream call failed: ${e instanceof Error ? e.message : String(e)}`;
      const failed = await deps.gateway.completeExecution(deps.agent, claimed.id, {
        ok: false,
        error: error.slice(0, 4000),
      });
      return {
        isError: true,
        content: [{ type: 'text', text: `Airlock ran the approved call to ${tool}, but ${error}.` }],
        _meta: { [META_KEY]: actionResult(failed) },
      };
    }
    const outcome = result.isError
      ? ({ ok: false, error: firstText(result).slice(0, 4000) } as const)
      : ({ ok: true, ref: `sha256:${sha256(canonicalJson(result.content ?? [])).slice(0, 32)}` } as const);
    const done = await deps.gateway.completeExecution(deps.agent, claimed.id, outcome);
    const final = withAction(await deps.finish(tool, result), done);
    results.set(view.id, final);
    return final;
  }

  function settled(view: ActionView, tool: string): CallToolResult {
    if (view.status === 'published') {
      const cached = results.get(view.id);
      if (cached)
        return withAction(
          cached,
          view,
          `(Airlock: this call already ran once as action ${view.id}; this is its result. It was not run again.)`,
        );
      return {
        content: [
          {
            type: 'text',
            text: `Airlock: this call to ${tool} already ran (action ${view.id}); it was not run again.`,
          },
        ],
        _meta: { [META_KEY]: actionResult(view) },
      };
    }
    if (view.status === 'publishing') {
      return {
        isError: true,
        content: [
          {
            type: 'text',
            text: `Airlock: the approved call to ${tool} (action ${view.id}) is running now or was interrupted; it will not run twice. Check get_action_status later.`,
          },
        ],
        _meta: { [META_KEY]: actionResult(view) },
      };
    }
    return notRun(view, tool);
  }

  /** Waits (bounded) for a decision, then runs an approved call once or reports where it stands. */
  async function settle(
    view: ActionView,
    tool: string,
    extra: Extra | undefined,
    waitMs: number,
  ): Promise<CallToolResult> {
    let current = view;
    if (isUndecided(current.status) && current.status !== 'publishing' && waitMs > 0) {
      current = await deps.gateway.waitForDecision(deps.agent, current.id, {
        timeoutMs: waitMs,
        ...(extra ? { signal: extra.signal, onProgress: progressReporter(extra, waitMs) } : {}),
      });
    }
    if (current.status !== 'approved') return settled(current, tool);
    const running = inflight.get(current.id);
    if (running) return running;
    const p = execute(current).finally(() => inflight.delete(current.id));
    inflight.set(current.id, p);
    return p;
  }

  return {
    /** The agent called a governed tool: stage the call (or find it again), then settle it. */
    async call(
      tool: string,
      description: string | undefined,
      args: Record<string, unknown>,
      requestId: string | null,
      extra?: Extra,
    ): Promise<CallToolResult> {
      const key = `mcp-proxy:${sha256(`${deps.system}\n${tool}\n${canonicalJson(args)}\n${deps.nonce}`)}`;
      const target = mainTarget(args);
      const view = await deps.gateway.submitAction(
        deps.agent,
        {
          request_id: requestId,
          platform: 'mcp',
          action: {
            kind: 'config_change',
            text: describeCall(upstreamName, tool, description, args),
            change: {
              system: deps.system,
              operation: tool,
              ...(target ? { target } : {}),
              details: { arguments: args },
            },
          },
        },
        key,
      );
      return settle(view, tool, extra, deps.waitMs);
    },
    /** get_action_status on one of this proxy's calls: runs it now if it was approved meanwhile. */
    async resume(actionId: string, extra?: Extra, waitMs = 0): Promise<CallToolResult | null> {
      const view = await deps.gateway.getAction(deps.agent, actionId);
      if (view.change?.system !== deps.system) return null;
      return settle(view, view.change.operation, extra, waitMs);
    },
  };
}
