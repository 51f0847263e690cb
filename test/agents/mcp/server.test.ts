// The agent MCP server in process: an SDK Client and the server over InMemoryTransport.createLinkedPair().
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAgentMcpServer } from '../../../src/agents/mcp/server.ts';
import type { PlatformReader } from '../../../src/agents/mcp/tools/deps.ts';
import type { Agent } from '../../../src/governance/model.ts';
import { FakeGateway } from './fake-gateway.ts';
import { structured, textOf } from './helpers.ts';

describe('agent MCP server (in memory)', () => {
  let gateway: FakeGateway;
  let agent: Agent;
  let client: Client;
  const platforms: Record<string, PlatformReader> = {
    local: {
      readThread: async (channel, thread) => [{ user: 'Sam', text: `hello in ${channel}/${thread}` }],
      listChannels: async () => [{ id: 'general', name: 'general' }],
    },
  };

  async function connect(opts: { elicitation?: boolean } = {}) {
    const server = createAgentMcpServer({ gateway, agent, platforms, maxWaitMs: 5_000 });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    client = new Client(
      { name: 'test', version: '1' },
      { capabilities: opts.elicitation ? { elicitation: { form: {} } } : {} },
    );
    await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  }

  beforeEach(async () => {
    gateway = new FakeGateway();
    agent = gateway.addAgent('helper-bot', 'tok_helper');
  });
  afterEach(async () => {
    await client?.close();
  });

  it('lists the governed tools with truthful annotations and schemas', async () => {
    await connect();
    const { tools } = await client.listTools();
    const byName = new Map(tools.map((t) => [t.name, t]));
    expect([...byName.keys()].sort()).toEqual(
      [
        'get_action_status',
        'get_request',
        'list_channels',
        'list_requests',
        'post_message',
        'read_thread',
        'reply_in_thread',
        'send_direct_message',
        'suggest_config_change',
        'wait_for_decision',
      ].sort(),
    );
    expect(byName.get('post_message')?.annotations).toMatchObject({
      readOnlyHint: false,
      openWorldHint: true,
    });
    expect(byName.get('get_action_status')?.annotations).toMatchObject({
      readOnlyHint: true,
      idempotentHint: true,
    });
    expect(byName.get('read_thread')?.annotations).toMatchObject({ readOnlyHint: true, openWorldHint: true });
    expect(byName.get('post_message')?.inputSchema.required).toEqual(['channel', 'text']);
    expect(byName.get('post_message')?.outputSchema).toBeDefined();
    for (const t of tools) expect(t.description?.length).toBeGreaterThan(20);
  });

  it('publishes a requested post and holds an unrequested one, saying not to post again', async () => {
    await connect();
    const req = gateway.addRequest(agent, 'post the release notes in #general');
    const ok = await client.callTool({
      name: 'post_message',
      arguments: { channel: 'general', text: 'Release notes: ...', request_id: req.id },
    });
    expect(ok.isError).toBeFalsy();
    expect(structured(ok)).toMatchObject({ status: 'published', decision: 'publish', final: true });
    expect(textOf(ok)).toMatch(/^Published a post in general/);

    const held = await client.callTool({
      name: 'post_message',
      arguments: { channel: 'general', text: 'hi all' },
    });
    expect(structured(held)).toMatchObject({ status: 'held', decision: 'hold', final: false });
    expect(textOf(held)).toMatch(/Held for review because nobody asked for this/);
    expect(textOf(held)).toMatch(/Do not post it again.*wait_for_decision/);
  });

  it('covers reply, DM, config suggestion, and the inbox', async () => {
    await connect();
    const req = gateway.addRequest(agent, 'answer Priya in the thread and DM me');
    const reply = await client.callTool({
      name: 'reply_in_thread',
      arguments: { channel: 'general', thread: '171.01', text: 'Try restarting.', request_id: req.id },
    });
    expect(structured(reply)).toMatchObject({ status: 'published' });
    const dm = await client.callTool({
      name: 'send_direct_message',
      arguments: { recipient: 'U100', text: 'Done.', request_id: req.id },
    });
    expect(structured(dm)).toMatchObject({ status: 'published' });
    const change = await client.callTool({
      name: 'suggest_config_change',
      arguments: {
        description: 'Add Fred to #ops',
        system: 'slack',
        operation: 'add_user_to_channel',
        target: 'ops',
      },
    });
    expect(structured(change)).toMatchObject({ status: 'held' });
    expect(gateway.latest().change).toMatchObject({
      system: 'slack',
      operation: 'add_user_to_channel',
      target: 'ops',
    });

    const list = await client.callTool({ name: 'list_requests', arguments: {} });
    expect(structured(list)).toMatchObject({ requests: [{ request_id: req.id, text: req.text }] });
    const one = await client.callTool({ name: 'get_request', arguments: { request_id: req.id } });
    expect(structured(one)).toMatchObject({ request_id: req.id, requester: { id: 'U100', name: 'Sam' } });
    const missing = await client.callTool({ name: 'get_request', arguments: { request_id: 'req_nope' } });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toMatch(/not_found/);
  });

  it('waits for a decision with progress notifications, and reports the approval', async () => {
    await connect();
    const held = structured(
      await client.callTool({ name: 'post_message', arguments: { channel: 'general', text: 'hello @here' } }),
    );
    const id = String(held['action_id']);
    const progress: number[] = [];
    setTimeout(() => gateway.approve(id), 300);
    const result = await client.callTool(
      { name: 'wait_for_decision', arguments: { action_id: id, timeout_seconds: 5 } },
      undefined,
      { onprogress: (p) => progress.push(p.progress) },
    );
    expect(structured(result)).toMatchObject({ action_id: id, status: 'published', final: true });
    expect(progress.length).toBeGreaterThan(0);

    const status = await client.callTool({ name: 'get_action_status', arguments: { action_id: id } });
    expect(structured(status)).toMatchObject({ status: 'published' });
  });

  it('returns the hold after a bounded wait, and asks a capable client whether to keep waiting', async () => {
    await connect({ elicitation: true });
    let asked = 0;
    client.setRequestHandler(ElicitRequestSchema, async (req) => {
      asked++;
      expect(req.params.message).toMatch(/still held/);
      return { action: 'decline' };
    });
    const held = structured(
      await client.callTool({ name: 'post_message', arguments: { channel: 'c', text: 'x' } }),
    );
    const started = Date.now();
    const result = await client.callTool({
      name: 'wait_for_decision',
      arguments: { action_id: String(held['action_id']), timeout_seconds: 1 },
    });
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(structured(result)).toMatchObject({ status: 'held' });
    expect(textOf(result)).toMatch(/Still no decision after waiting 1s/);
    expect(asked).toBe(1);
  });

  it('turns invalid arguments into a tool error naming the field', async () => {
    await connect();
    const r = await client.callTool({ name: 'post_message', arguments: { text: 'no channel' } });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/channel/);
    const tooLong = await client.callTool({
      name: 'wait_for_decision',
      arguments: { action_id: 'a', timeout_seconds: 999 },
    });
    expect(tooLong.isError).toBe(true);
    expect(textOf(tooLong)).toMatch(/timeout_seconds/);
  });

  it('never shows another agent its actions', async () => {
    await connect();
    const other = gateway.addAgent('other', 'tok_other');
    const foreign = await gateway.submitAction(other, {
      request_id: null,
      action: { kind: 'post', channel: 'c', text: 't' },
    });
    const r = await client.callTool({ name: 'get_action_status', arguments: { action_id: foreign.id } });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/not_found/);
  });

  it('reads platforms through the adapter and audits each read', async () => {
    await connect();
    const thread = await client.callTool({
      name: 'read_thread',
      arguments: { channel: 'general', thread: '171.01' },
    });
    expect(structured(thread)).toMatchObject({ platform: 'local', thread: [{ user: 'Sam' }] });
    const channels = await client.callTool({ name: 'list_channels', arguments: {} });
    expect(structured(channels)).toMatchObject({ channels: [{ id: 'general' }] });
    expect(gateway.audits.map((a) => a.type)).toEqual(['mcp.read_thread', 'mcp.list_channels']);
    expect(gateway.audits[0]).toMatchObject({ agentId: agent.id, data: { channel: 'general', ok: true } });
  });
});
