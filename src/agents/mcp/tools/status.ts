// get_action_status and wait_for_decision: how an agent learns what became of a held action.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  type ClientCapabilities,
  ElicitResultSchema,
  type ServerNotification,
  type ServerRequest,
  type ToolAnnotations,
} from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { safeString } from '../../../governance/input.ts';
import type { ActionView } from '../../../governance/gateway.ts';
import { ActionResultShape, isUndecided, renderAction, toolCall } from '../render.ts';
import type { ToolDeps } from './deps.ts';

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

const READ: ToolAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
};

const actionId = safeString().min(1).max(512).describe('The action_id a posting tool returned');

/** Sends MCP progress notifications while waiting, when the client asked for them with a progress token. */
export function progressReporter(extra: Extra, totalMs: number) {
  const token = extra._meta?.progressToken;
  return async (view: ActionView, elapsedMs: number): Promise<void> => {
    if (token === undefined) return;
    await extra.sendNotification({
      method: 'notifications/progress',
      params: {
        progressToken: token,
        progress: Math.min(Math.round(elapsedMs / 1000), Math.round(totalMs / 1000)),
        total: Math.round(totalMs / 1000),
        message: `Action ${view.id} is ${view.status}; waiting for a decision`,
      },
    });
  };
}

const supportsFormElicitation = (caps: ClientCapabilities | undefined): boolean =>
  caps?.elicitation !== undefined &&
  (caps.elicitation.form !== undefined || caps.elicitation.url === undefined);

/**
 * Asks the person at the client (not a reviewer: this never approves anything) whether to keep waiting.
 * Sent on the tool call's own stream so clients without a standalone stream still see it.
 */
async function askKeepWaiting(extra: Extra, view: ActionView, seconds: number): Promise<boolean> {
  try {
    const answer = await extra.sendRequest(
      {
        method: 'elicitation/create',
        params: {
          mode: 'form',
          message: `Airlock action ${view.id} is still ${view.status}: a human reviewer has not decided yet. Keep waiting up to ${seconds} more seconds?`,
          requestedSchema: {
            type: 'object',
            properties: {
              keep_waiting: { type: 'boolean', title: 'Keep waiting', default: true },
            },
            required: ['keep_waiting'],
          },
        },
      },
      ElicitResultSchema,
      { signal: extra.signal, timeout: 60_000 },
    );
    return answer.action === 'accept' && answer.content?.['keep_waiting'] === true;
  } catch {
    return false;
  }
}

export function registerStatusTools(
  server: McpServer,
  deps: ToolDeps,
  clientCapabilities: () => ClientCapabilities | undefined,
): void {
  server.registerTool(
    'get_action_status',
    {
      title: 'Get the status of an action',
      description:
        'Look up an action you submitted: published, held for review, approved, rejected, blocked or expired, with the reasons. Does not wait.',
      inputSchema: { action_id: actionId },
      outputSchema: ActionResultShape,
      annotations: READ,
    },
    (args) => toolCall(async () => renderAction(await deps.gateway.getAction(deps.agent, args.action_id))),
  );

  const maxSeconds = Math.max(1, Math.floor(deps.maxWaitMs / 1000));
  server.registerTool(
    'wait_for_decision',
    {
      title: 'Wait for a reviewer to decide',
      description: `Wait (at most timeout_seconds, up to ${maxSeconds}) until a held action is approved and published, rejected or expires, sending progress notifications meanwhile. Returns the current status either way; call it again to keep waiting.`,
      inputSchema: {
        action_id: actionId,
        timeout_seconds: z
          .number()
          .int()
          .min(1)
          .max(maxSeconds)
          .optional()
          .describe(`How long to wait, in seconds (default ${Math.min(30, maxSeconds)}, max ${maxSeconds})`),
      },
      outputSchema: ActionResultShape,
      annotations: READ,
    },
    (args, extra) =>
      toolCall(async () => {
        const timeoutMs = (args.timeout_seconds ?? Math.min(30, maxSeconds)) * 1000;
        const wait = (id: string) =>
          deps.gateway.waitForDecision(deps.agent, id, {
            timeoutMs,
            signal: extra.signal,
            onProgress: progressReporter(extra, timeoutMs),
          });
        let view = await wait(args.action_id);
        if (isUndecided(view.status) && supportsFormElicitation(clientCapabilities())) {
          if (await askKeepWaiting(extra, view, timeoutMs / 1000)) view = await wait(view.id);
        }
        const lead = isUndecided(view.status)
          ? `Still no decision after waiting ${timeoutMs / 1000}s.`
          : undefined;
        return renderAction(view, lead);
      }),
  );
}
