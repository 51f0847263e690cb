// Read tools for the platforms that have a read side (read_thread, list_channels). They go through the
// platform adapter with Airlock's token, and every call is audited (who read what, and whether it worked).
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { safeString } from '../../../governance/input.ts';
import { AirlockError } from '../../../governance/errors.ts';
import { renderJson, toolCall } from '../render.ts';
import type { PlatformReader, ToolDeps } from './deps.ts';

// Reads nothing changes, but the data comes from an outside system: open world.
const READ: ToolAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
};

type Capability = 'readThread' | 'listChannels';

function pick(deps: ToolDeps, names: string[], requested: string | undefined) {
  const name = requested ?? (names.length === 1 ? names[0] : undefined);
  if (!name) {
    throw new AirlockError('invalid_input', `platform: required; one of ${names.join(', ')}`, {
      field: 'platform',
    });
  }
  const reader = deps.platforms.get(name);
  if (!reader || !names.includes(name)) {
    throw new AirlockError(
      'invalid_input',
      `platform: ${name} cannot do this; use one of ${names.join(', ')}`,
      {
        field: 'platform',
      },
    );
  }
  return { name, reader };
}

/** Runs the read, then records it; a read that could not be audited returns nothing (fail closed). */
async function audited<T>(
  deps: ToolDeps,
  type: string,
  data: Record<string, unknown>,
  read: () => Promise<T>,
) {
  let result: T;
  try {
    result = await read();
  } catch (e) {
    await deps.gateway.audit(deps.agent, type, {
      ...data,
      ok: false,
      error: e instanceof Error ? e.message : String(e),
    });
    throw e instanceof AirlockError
      ? e
      : new AirlockError('platform_unavailable', `the platform could not be read: ${String(e)}`, {
          cause: e,
        });
  }
  await deps.gateway.audit(deps.agent, type, { ...data, ok: true });
  return result;
}

const platformsWith = (deps: ToolDeps, capability: Capability): string[] =>
  [...deps.platforms.entries()]
    .filter(([, p]: [string, PlatformReader]) => typeof p[capability] === 'function')
    .map(([n]) => n);

export function registerPlatformReadTools(server: McpServer, deps: ToolDeps): void {
  const threadPlatforms = platformsWith(deps, 'readThread');
  if (threadPlatforms.length > 0) {
    server.registerTool(
      'read_thread',
      {
        title: 'Read a thread',
        description: `Read the messages of a thread on ${threadPlatforms.join(', ')}. The read is recorded in the audit log.`,
        inputSchema: {
          channel: safeString().min(1).max(512).describe('Channel id or name (forum: the category)'),
          thread: safeString()
            .min(1)
            .max(512)
            .describe('Thread id (Slack: the parent message ts; forum: the topic id)'),
          platform: z
            .enum(threadPlatforms as [string, ...string[]])
            .optional()
            .describe(threadPlatforms.length === 1 ? `Default: ${threadPlatforms[0]}` : 'Required'),
        },
        annotations: READ,
      },
      (args) =>
        toolCall(async () => {
          const { name, reader } = pick(deps, threadPlatforms, args.platform);
          const where = { platform: name, channel: args.channel, thread: args.thread };
          const thread = await audited(deps, 'mcp.read_thread', where, () =>
            reader.readThread!(args.channel, args.thread),
          );
          return renderJson(`Thread ${args.thread} in ${args.channel} on ${name}:`, { ...where, thread });
        }),
    );
  }

  const channelPlatforms = platformsWith(deps, 'listChannels');
  if (channelPlatforms.length > 0) {
    server.registerTool(
      'list_channels',
      {
        title: 'List channels',
        description: `List the channels Airlock can see on ${channelPlatforms.join(', ')}. The read is recorded in the audit log.`,
        inputSchema: {
          platform: z
            .enum(channelPlatforms as [string, ...string[]])
            .optional()
            .describe(channelPlatforms.length === 1 ? `Default: ${channelPlatforms[0]}` : 'Required'),
        },
        annotations: READ,
      },
      (args) =>
        toolCall(async () => {
          const { name, reader } = pick(deps, channelPlatforms, args.platform);
          const channels = await audited(deps, 'mcp.list_channels', { platform: name }, () =>
            reader.listChannels!(),
          );
          return renderJson(`Channels on ${name}:`, { platform: name, channels });
        }),
    );
  }
}
