// /mcp over real HTTP on a real Airlock (database, pipeline, classifier double), with the SDK client.
import { type IncomingHttpHeaders, request } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestAirlock } from '../../helpers/airlock.ts';
import { structured, textOf } from './helpers.ts';
import { recordRequest, review, startMcpAirlock } from './real-airlock.ts';

const INIT = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};

describe('/mcp over HTTP (real server)', { timeout: 120_000 }, () => {
  let t: TestAirlock & { mcpUrl: string };
  const clients: Client[] = [];

  async function connect(token: string): Promise<Client> {
    const client = new Client({ name: 'http-test', version: '1' });
    const transport = new StreamableHTTPClientTransport(new URL(t.mcpUrl), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    });
    await client.connect(transport);
    clients.push(client);
    return client;
  }

  // node:http rather than fetch: fetch refuses to set the Host header, which the rebinding checks need.
  const post = (headers: Record<string, string>, body: unknown = INIT) =>
    new Promise<{ status: number; headers: IncomingHttpHeaders }>((resolve, reject) => {
      const req = request(
        t.mcpUrl,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            ...headers,
          },
        },
        (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0, headers: res.headers });
          res.destroy();
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify(body));
    });

  beforeAll(async () => {
    t = await startMcpAirlock();
  });
  afterAll(async () => {
    for (const c of clients) await c.close().catch(() => undefined);
    await t?.close();
  });

  it('lists the tools and publishes a requested post', async () => {
    const client = await connect(t.agentToken);
    const { tools } = await client.listTools();
    expect(tools.map((x) => x.name)).toEqual(
      expect.arrayContaining([
        'post_message',
        'reply_in_thread',
        'send_direct_message',
        'suggest_config_change',
      ]),
    );
    expect(tools.map((x) => x.name)).toEqual(
      expect.arrayContaining(['get_action_status', 'wait_for_decision', 'list_requests', 'get_request']),
    );
    const requestId = await recordRequest(t, 'please post the release notes in #general');
    const listed = await client.callTool({ name: 'list_requests', arguments: {} });
    expect(structured(listed)).toMatchObject({ requests: [{ request_id: requestId }] });
    const got = await client.callTool({ name: 'get_request', arguments: { request_id: requestId } });
    expect(structured(got)).toMatchObject({ request_id: requestId, platform: 'local' });

    const result = await client.callTool({
      name: 'post_message',
      arguments: { channel: 'general', text: 'Release notes: all good', request_id: requestId },
    });
    expect(result.isError).toBeFalsy();
    const s = structured(result);
    expect(['publishing', 'published']).toContain(s['status']);
    const done = await client.callTool({
      name: 'wait_for_decision',
      arguments: { action_id: String(s['action_id']), timeout_seconds: 10 },
    });
    expect(structured(done)).toMatchObject({ status: 'published', final: true });
  });

  it('holds a risky post, and reports the reviewer approval through wait_for_decision', async () => {
    const client = await connect(t.agentToken);
    const held = await client.callTool({
      name: 'post_message',
      arguments: { channel: 'general', text: 'hi [hold]' },
    });
    expect(structured(held)).toMatchObject({ status: 'held', decision: 'hold' });
    expect(textOf(held)).toMatch(/Held for review because test hold.*do not post it again/is);
    const id = String(structured(held)['action_id']);

    const dm = await client.callTool({
      name: 'send_direct_message',
      arguments: { recipient: 'U100', text: 'x [hold]' },
    });
    expect(structured(dm)).toMatchObject({ status: 'held' });
    const reply = await client.callTool({
      name: 'reply_in_thread',
      arguments: { channel: 'general', thread: '1.2', text: 'y [block]' },
    });
    expect(structured(reply)).toMatchObject({ status: 'blocked', decision: 'block' });
    const change = await client.callTool({
      name: 'suggest_config_change',
      arguments: {
        description: 'add Fred to ops [hold]',
        system: 'slack',
        operation: 'add_user_to_channel',
        target: 'ops',
        channel: 'general',
      },
    });
    expect(structured(change)).toMatchObject({ status: 'held' });

    setTimeout(() => void review(t, id, 'approve'), 300);
    const progress: number[] = [];
    const done = await client.callTool(
      { name: 'wait_for_decision', arguments: { action_id: id, timeout_seconds: 20 } },
      undefined,
      { onprogress: (p) => progress.push(p.progress) },
    );
    expect(structured(done)).toMatchObject({ action_id: id, status: 'published' });
    const status = await client.callTool({ name: 'get_action_status', arguments: { action_id: id } });
    expect(structured(status)).toMatchObject({ status: 'published' });
  });

  it('names the field of invalid arguments', async () => {
    const client = await connect(t.agentToken);
    const r = await client.callTool({
      name: 'reply_in_thread',
      arguments: { channel: 'general', text: 'no thread' },
    });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/thread/);
  });

  it('refuses a wrong token with 401 and a foreign Host with 403', async () => {
    const none = await post({});
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    const wrong = await post({ authorization: 'Bearer alk_agent_not-a-real-token' });
    expect(wrong.status).toBe(401);
    await expect(connect('alk_agent_wrong')).rejects.toThrow();

    const evil = await post({ authorization: `Bearer ${t.agentToken}`, host: 'evil.example.com' });
    expect(evil.status).toBe(403);
    const evilOrigin = await post({
      authorization: `Bearer ${t.agentToken}`,
      origin: 'http://evil.example.com',
    });
    expect(evilOrigin.status).toBe(403);
  });

  it("refuses another agent's token on an open session", async () => {
    const client = await connect(t.agentToken);
    const sessionId = (client.transport as StreamableHTTPClientTransport).sessionId;
    expect(sessionId).toBeTruthy();
    const other = await t.airlock.gov.admin.addAgent('other-agent');
    const res = await post(
      {
        authorization: `Bearer ${other.token}`,
        'mcp-session-id': String(sessionId),
        'mcp-protocol-version': '2025-06-18',
      },
      { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} },
    );
    expect(res.status).toBe(403);
    const unknown = await post(
      { authorization: `Bearer ${t.agentToken}`, 'mcp-session-id': 'no-such-session' },
      { jsonrpc: '2.0', id: 3, method: 'tools/list', params: {} },
    );
    expect(unknown.status).toBe(404);
  });
});
