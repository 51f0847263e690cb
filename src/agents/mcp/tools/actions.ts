// The governed write tools: each one submits one action to Airlock and reports what became of it.
// None of them reaches a platform directly; a held action waits for a human reviewer.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { boundedRecord, safeString } from '../../../governance/input.ts';
import type { SubmitActionBody } from '../../../governance/gateway.ts';
import type { ActionInput } from '../../../governance/model.ts';
import { ActionResultShape, renderAction, toolCall } from '../render.ts';
import type { ToolDeps } from './deps.ts';

const requestId = safeString()
  .min(1)
  .max(512)
  .optional()
  .describe(
    'Id of the human request this answers (see list_requests). Without it the action is unrequested and waits for a reviewer.',
  );
const platform = safeString()
  .min(1)
  .max(64)
  .optional()
  .describe("Platform to send to (e.g. slack, discord, forum, local). Default: the request's platform.");
const idempotencyKey = safeString()
  .min(1)
  .max(200)
  .optional()
  .describe(
    'Any unique string; repeating a call with the same key returns the same action instead of a duplicate.',
  );
const text = safeString()
  .min(1, 'text must not be empty')
  .max(40_000)
  .describe('The message, exactly as it should appear');

// Writes land on a platform other people read: not read-only, not idempotent (without a key), open world.
// They add content and never delete any, so not destructive.
const WRITE: ToolAnnotations = {
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: false,
  openWorldHint: true,
};

const GOVERNED =
  'Airlock reviews it first: it is published at once when a human asked for it and it is safe, otherwise it is held for a human reviewer (the result says which, and why).';

async function submit(
  deps: ToolDeps,
  args: {
    request_id?: string | undefined;
    platform?: string | undefined;
    idempotency_key?: string | undefined;
  },
  action: ActionInput,
) {
  const body: SubmitActionBody = { request_id: args.request_id ?? null, action, platform: args.platform };
  const view = await deps.gateway.submitAction(deps.agent, body, args.idempotency_key);
  return renderAction(view);
}

export function registerActionTools(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    'post_message',
    {
      title: 'Post a message in a channel',
      description: `Post a new message in a channel. ${GOVERNED}`,
      inputSchema: {
        channel: safeString().min(1).max(512).describe('Channel id or name (forum: the category)'),
        text,
        request_id: requestId,
        platform,
        idempotency_key: idempotencyKey,
      },
      outputSchema: ActionResultShape,
      annotations: WRITE,
    },
    (args) => toolCall(() => submit(deps, args, { kind: 'post', channel: args.channel, text: args.text })),
  );

  server.registerTool(
    'reply_in_thread',
    {
      title: 'Reply in a thread',
      description: `Reply in an existing thread (Slack thread ts, Discord thread, forum topic). ${GOVERNED}`,
      inputSchema: {
        channel: safeString()
          .min(1)
          .max(512)
          .describe('Channel id or name the thread is in (forum: the category)'),
        thread: safeString()
          .min(1)
          .max(512)
          .describe('Thread id (Slack: the parent message ts; forum: the topic id)'),
        text,
        request_id: requestId,
        platform,
        idempotency_key: idempotencyKey,
      },
      outputSchema: ActionResultShape,
      annotations: WRITE,
    },
    (args) =>
      toolCall(() =>
        submit(deps, args, { kind: 'reply', channel: args.channel, thread: args.thread, text: args.text }),
      ),
  );

  server.registerTool(
    'send_direct_message',
    {
      title: 'Send a direct message',
      description: `Send a direct message to one person (a user id, name, or an e-mail address). ${GOVERNED}`,
      inputSchema: {
        recipient: safeString().min(1).max(512).describe('User id, user name, or e-mail address'),
        text,
        request_id: requestId,
        platform,
        idempotency_key: idempotencyKey,
      },
      outputSchema: ActionResultShape,
      annotations: WRITE,
    },
    (args) => toolCall(() => submit(deps, args, { kind: 'dm', recipient: args.recipient, text: args.text })),
  );

  server.registerTool(
    'suggest_config_change',
    {
      title: 'Suggest a configuration or permission change',
      description:
        'Propose a change to a system (invite or remove a user, grant a role, change an ACL or setting). Airlock posts the suggestion for humans to carry out; it never executes it. ' +
        GOVERNED,
      inputSchema: {
        description: safeString()
          .min(1)
          .max(40_000)
          .describe('The change in plain words, as a human will read it'),
        system: safeString().min(1).max(128).describe('The system to change, e.g. slack, github, aws'),
        operation: safeString()
          .min(1)
          .max(128)
          .describe('What to do, e.g. invite_user, remove_user, add_user_to_channel, set_acl, grant_role'),
        target: safeString()
          .max(512)
          .optional()
          .describe('What is changed: a channel, repository, bucket...'),
        subject: safeString()
          .max(512)
          .optional()
          .describe('Who or what it applies to: a user, group, role...'),
        details: boundedRecord().optional().describe('Any further parameters, as data'),
        channel: safeString()
          .min(1)
          .max(512)
          .optional()
          .describe('Where to post the suggestion. Default: where the request came from'),
        request_id: requestId,
        platform,
        idempotency_key: idempotencyKey,
      },
      outputSchema: ActionResultShape,
      // It only posts a suggestion; a human makes the change. Nothing is destroyed by the call itself.
      annotations: { ...WRITE, title: 'Suggest a configuration change' },
    },
    (args) =>
      toolCall(() =>
        submit(deps, args, {
          kind: 'config_change',
          text: args.description,
          channel: args.channel,
          change: {
            system: args.system,
            operation: args.operation,
            target: args.target,
            subject: args.subject,
            details: args.details,
          },
        }),
      ),
  );
}
