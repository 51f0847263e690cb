// `airlock mcp --stdio` spawned for real, talking to a real Airlock over its HTTP API, with the SDK client.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestAirlock } from '../../helpers/airlock.ts';
import { airlockCommand } from './cli.ts';
import { structured, textOf } from './helpers.ts';
import { recordRequest, review, startMcpAirlock } from './real-airlock.ts';

describe('airlock mcp --stdio (spawned, real server)', { timeout: 120_000 }, () => {
  let t: TestAirlock & { mcpUrl: string };
  let client: Client;

  const spawnEnv = (token: string) => ({
    PATH: process.env['PATH'] ?? '',
    AIRLOCK_AGENT_TOKEN: token,
    AIRLOCK_URL: t.url,
  });

  beforeAll(async () => {
    t = await startMcpAirlock();
    const { command, args } = airlockCommand('mcp', '--stdio');
    client = new Client({ name: 'stdio-test', version: '1' });
    await client.connect(
      new StdioClientTransport({ command, args, env: spawnEnv(t.agentToken), stderr: 'pipe' }),
    );
  });
  afterAll(async () => {
    await client?.close();
    await t?.close();
  });

  it('lists the tools', async () => {
    const names = (await client.listTools()).tools.map((x) => x.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'post_message',
        'reply_in_thread',
        'send_direct_message',
        'suggest_config_change',
        'get_action_status',
        'wait_for_decision',
        'list_requests',
        'get_request',
      ]),
    );
  });

  it('publishes a requested post and holds a risky one until a reviewer approves it', async () => {
    const requestId = await recordRequest(t, 'post the deploy status in #general');
    const requests = await client.callTool({ name: 'list_requests', arguments: {} });
    expect(structured(requests)).toMatchObject({ requests: [{ request_id: requestId }] });
    const got = await client.callTool({ name: 'get_request', arguments: { request_id: requestId } });
    expect(structured(got)).toMatchObject({ request_id: requestId });

    const ok = await client.callTool({
      name: 'post_message',
      arguments: { channel: 'general', text: 'Deploy finished.', request_id: requestId },
    });
    expect(['publishing', 'published']).toContain(structured(ok)['status']);

    const reply = await client.callTool({
      name: 'reply_in_thread',
      arguments: { channel: 'general', thread: '1.1', text: 'done', request_id: requestId },
    });
    expect(reply.isError).toBeFalsy();
    const dm = await client.callTool({
      name: 'send_direct_message',
      arguments: { recipient: 'U100', text: 'hi [hold]' },
    });
    expect(structured(dm)).toMatchObject({ status: 'held' });
    const change = await client.callTool({
      name: 'suggest_config_change',
      arguments: {
        description: 'grant admin [block]',
        system: 'github',
        operation: 'grant_role',
        channel: 'general',
      },
    });
    expect(structured(change)).toMatchObject({ status: 'blocked' });

    const held = await client.callTool({
      name: 'post_message',
      arguments: { channel: 'general', text: 'psst [hold]' },
    });
    expect(structured(held)).toMatchObject({ status: 'held' });
    expect(textOf(held)).toMatch(/do not post it again/i);
    const id = String(structured(held)['action_id']);
    setTimeout(() => void review(t, id, 'approve'), 200);
    const done = await client.callTool({
      name: 'wait_for_decision',
      arguments: { action_id: id, timeout_seconds: 15 },
    });
    expect(structured(done)).toMatchObject({ status: 'published' });
    const status = await client.callTool({ name: 'get_action_status', arguments: { action_id: id } });
    expect(structured(status)).toMatchObject({ status: 'published' });
  });

  it('reports invalid arguments as a tool error naming the field', async () => {
    const r = await client.callTool({ name: 'send_direct_message', arguments: { text: 'to nobody' } });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/recipient/);
  });

  it('refuses to start with a wrong token', async () => {
    const { command, args } = airlockCommand('mcp', '--stdio');
    const bad = new Client({ name: 'stdio-bad', version: '1' });
    const transport = new StdioClientTransport({
      command,
      args,
      env: spawnEnv('alk_agent_wrong'),
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    await expect(bad.connect(transport)).rejects.toThrow();
    await bad.close().catch(() => undefined);
    expect(stderr).toMatch(/unauthorized/);
  });
});
